// Jiangmen Explorer: the basemaps of the map page and the datum the map is drawn in.
//
// The offline basemap (folium's district polygons, their labels and the place dots) is the
// default and needs no network. Online tiles (assets/map/basemaps.json, baked into the page by
// map_page.py) are opt-in, chosen in the layers control or by Python (setBasemap). Chinese
// tiles (高德/AutoNavi) are drawn in GCJ-02: while one is shown, everything the page draws from
// WGS-84 — the basemap's polygons, labels and dots, and (through toDisplay) the events — is
// shifted to GCJ-02, so a point lands on its street; positions going back to Python are
// shifted back with toWgs. If the tiles cannot be loaded (errors in a row, or none within a
// time limit), the page falls back to the offline basemap with a small dismissable note.
(function () {
  "use strict";

  // WGS-84 → GCJ-02 and back: the twin of explorer/core/coords.py, tested against it.
  const A = 6378245.0;
  const EE = 0.00669342162296594323;
  const TOLERANCE_DEG = 1e-8;
  const MAX_STEPS = 30;
  const DEG_TO_RAD = Math.PI / 180.0;

  function outOfChina(lat, lon) {
    return !(72.004 <= lon && lon <= 137.8347 && 0.8293 <= lat && lat <= 55.8271);
  }

  function shiftLat(x, y) {
    let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return ret;
  }

  function shiftLon(x, y) {
    let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return ret;
  }

  // The GCJ-02 shift in degrees at a WGS-84 point.
  function offset(lat, lon) {
    const x = lon - 105.0, y = lat - 35.0;
    let dLat = shiftLat(x, y), dLon = shiftLon(x, y);
    const radLat = lat * DEG_TO_RAD;
    const magic = 1 - EE * Math.sin(radLat) ** 2;
    const sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
    dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
    return [dLat, dLon];
  }

  function wgs84ToGcj02(lat, lon) {
    if (outOfChina(lat, lon)) return [lat, lon];
    const d = offset(lat, lon);
    return [lat + d[0], lon + d[1]];
  }

  // No closed form: step the guess by the remaining error until the forward transform lands
  // within about a millimetre (three orders of magnitude per step).
  function gcj02ToWgs84(lat, lon) {
    if (outOfChina(lat, lon)) return [lat, lon];
    const d = offset(lat, lon);
    let guessLat = lat - d[0], guessLon = lon - d[1];
    for (let step = 0; step < MAX_STEPS; step++) {
      const got = wgs84ToGcj02(guessLat, guessLon);
      const errLat = got[0] - lat, errLon = got[1] - lon;
      if (Math.abs(errLat) < TOLERANCE_DEG && Math.abs(errLon) < TOLERANCE_DEG) break;
      guessLat -= errLat;
      guessLon -= errLon;
    }
    return [guessLat, guessLon];
  }

  const OFFLINE = "offline";
  const FAILURES_BEFORE_FALLBACK = 4;  // tile errors in a row
  const DEFAULT_TIMEOUT_MS = 10000;    // no tile at all this long after switching: fall back
  const FIRST_RETRY_MS = 500;          // errors before any tile loaded: try again after this,
  const RETRIES_BEFORE_FIRST_TILE = 3; // doubling the pause each time, this many times
  const ONLINE_FILL_OPACITY = 0.12;    // district fills over tiles: a tint, not a cover

  // Everything the offline basemap draws, with its WGS-84 coordinates, taken once before
  // anything is shifted (the event layers are not there yet).
  function collect(map) {
    const seen = new Set(), found = [];
    function visit(layer) {
      const id = L.stamp(layer);
      if (seen.has(id)) return;
      seen.add(id);
      if (layer instanceof L.LayerGroup) layer.eachLayer(visit);  // GeoJSON, feature groups
      else if (layer instanceof L.Marker) found.push({ layer: layer, kind: "label", wgs: layer.getLatLng() });
      else if (layer instanceof L.CircleMarker) found.push({ layer: layer, kind: "place", wgs: layer.getLatLng() });
      else if (layer instanceof L.Polyline)
        found.push({ layer: layer, kind: "boundary", wgs: layer.getLatLngs(), fillOpacity: layer.options.fillOpacity });
    }
    map.eachLayer(visit);
    return found;
  }

  function mapDeep(latlngs, convert) {
    return latlngs.map(function (item) {
      return Array.isArray(item) ? mapDeep(item, convert) : convert(item);
    });
  }

  function firstLatLng(latlngs) {
    let item = latlngs;
    while (Array.isArray(item)) item = item[0];
    return item;
  }

  // The basemaps of ``map``: the offline one and ``config.basemaps`` (by name: url,
  // subdomains, datum, kind, maxNativeZoom, attribution, label) as base layers of ``control``.
  // ``hooks``: chosen(name) → true when the host decides and will call show (the app), false
  // to show at once (a standalone page); failed(name); tilesLoaded(name); datumChanged(datum).
  function create(map, control, config, hooks) {
    const text = config.text || {};
    const defs = Object.assign({}, config.basemaps || {});
    defs[OFFLINE] = { datum: "wgs84", label: text.offline || "Offline" };
    const names = [OFFLINE].concat(Object.keys(defs).filter(function (n) { return n !== OFFLINE; }));
    const slots = {}, tiles = {};
    const features = collect(map);
    let current = OFFLINE, datum = "wgs84", quiet = false, stopWatching = function () {};

    names.forEach(function (name) {
      slots[name] = L.layerGroup();
      if (control) control.addBaseLayer(slots[name], defs[name].label);
    });
    quiet = true;
    slots[OFFLINE].addTo(map);
    quiet = false;

    function toDisplay(lat, lon) { return datum === "gcj02" ? wgs84ToGcj02(lat, lon) : [lat, lon]; }
    function toWgs(lat, lon) { return datum === "gcj02" ? gcj02ToWgs84(lat, lon) : [lat, lon]; }
    function displayLatLng(latlng) { const p = toDisplay(latlng.lat, latlng.lng); return L.latLng(p[0], p[1]); }

    function setDatum(next) {
      if (next === datum) return;
      const c = map.getCenter();
      const ground = toWgs(c.lat, c.lng);  // keep the same place in the middle
      datum = next;
      features.forEach(function (f) {
        if (f.kind === "boundary") f.layer.setLatLngs(mapDeep(f.wgs, displayLatLng));
        else f.layer.setLatLng(displayLatLng(f.wgs));
      });
      const centre = toDisplay(ground[0], ground[1]);
      map.setView(centre, map.getZoom(), { animate: false });
      hooks.datumChanged(datum);
    }

    function tileLayer(name, url) {
      const def = defs[name];
      const template = url || def.url;
      if (!tiles[name] || tiles[name]._url !== template) {
        tiles[name] = L.tileLayer(template, {
          subdomains: def.subdomains || "abc", maxNativeZoom: def.maxNativeZoom || 18,
          minZoom: map.getMinZoom(), maxZoom: map.getMaxZoom(), attribution: def.attribution || "",
          className: "ev-tiles ev-tiles-" + (def.kind || "streets"),
        });
      }
      return tiles[name];
    }

    // Errors in a row, or no tile at all in time: back to the offline basemap. Errors before
    // any tile loaded get a few more tries, each after a longer pause: the app lets the page
    // reach the tile host at the moment it switches, and the renderer may learn it a moment
    // after the first tiles were asked for (seen on a loaded machine); a server may refuse
    // a burst. Neither is a dead server. A dead one is left after about 3.5 s of retries.
    function watch(name, layer, timeoutMs) {
      let failures = 0, loadedAny = false, active = true, retries = 0;
      const giveUp = function () { if (active) fallBack(name); };
      const retry = function () { if (active) { failures = 0; layer.redraw(); } };
      const onTile = function () { failures = 0; loadedAny = true; };
      // Not from inside Leaflet's own tile handling: falling back removes the layer.
      const onError = function () {
        if (++failures !== FAILURES_BEFORE_FALLBACK) return;
        if (!loadedAny && retries < RETRIES_BEFORE_FIRST_TILE) {
          setTimeout(retry, FIRST_RETRY_MS * Math.pow(2, retries++));
        } else {
          setTimeout(giveUp, 0);
        }
      };
      const onAll = function () { if (active && loadedAny) hooks.tilesLoaded(name); };
      const timer = setTimeout(function () { if (!loadedAny) giveUp(); }, timeoutMs);
      layer.on("tileload", onTile).on("tileerror", onError).on("load", onAll);
      stopWatching = function () {
        active = false;
        clearTimeout(timer);
        layer.off("tileload", onTile).off("tileerror", onError).off("load", onAll);
        stopWatching = function () {};
      };
    }

    function fallBack(name) {
      show(OFFLINE);
      notice(text.fallback);
      hooks.failed(name);
    }

    function notice(message) {
      let box = document.getElementById("ev-notice");
      if (!message) {
        if (box) box.style.display = "none";
        return;
      }
      if (!box) {
        box = document.createElement("div");
        box.id = "ev-notice";
        box.setAttribute("role", "status");
        box.appendChild(document.createElement("span"));
        const close = document.createElement("button");
        close.type = "button";
        close.textContent = "×";
        close.title = text.dismiss || "";
        close.setAttribute("aria-label", text.dismiss || "");
        close.addEventListener("click", function () { box.style.display = "none"; });
        box.appendChild(close);
        L.DomEvent.disableClickPropagation(box);
        document.body.appendChild(box);
      }
      box.firstChild.textContent = message;
      box.style.display = "block";
    }

    // Show basemap ``name`` (options.url: its tile URL template instead of the default).
    function show(name, options) {
      if (!defs[name]) return current;
      options = options || {};
      stopWatching();
      notice(null);
      quiet = true;  // the control's radio follows; this is not the user choosing
      names.forEach(function (n) {
        if (n === name) return;
        slots[n].clearLayers();
        map.removeLayer(slots[n]);
      });
      if (!map.hasLayer(slots[name])) map.addLayer(slots[name]);
      quiet = false;
      current = name;
      const online = name !== OFFLINE;
      document.body.dataset.basemap = name;
      document.body.classList.toggle("basemap-online", online);
      setDatum(defs[name].datum || "wgs84");
      features.forEach(function (f) {
        if (f.kind === "boundary") f.layer.setStyle({ fillOpacity: online ? ONLINE_FILL_OPACITY : f.fillOpacity });
      });
      if (online) {
        const layer = tileLayer(name, options.url);
        slots[name].clearLayers();
        watch(name, layer, options.timeoutMs || DEFAULT_TIMEOUT_MS);
        slots[name].addLayer(layer);  // starts loading
      }
      return current;
    }

    map.on("baselayerchange", function (e) {
      if (quiet) return;
      const name = names.find(function (n) { return slots[n] === e.layer; });
      if (name === undefined) return;
      // The app enables the network first, then calls show; a standalone page shows at once.
      stopWatching();
      if (!hooks.chosen(name)) show(name);
    });

    return {
      show: show,
      current: function () { return current; },
      datum: function () { return datum; },
      toDisplay: toDisplay,
      toWgs: toWgs,
      // For tests: every basemap feature's WGS-84 position and where it is drawn now.
      points: function () {
        return features.map(function (f) {
          const wgs = f.kind === "boundary" ? firstLatLng(f.wgs) : f.wgs;
          const now = f.kind === "boundary" ? firstLatLng(f.layer.getLatLngs()) : f.layer.getLatLng();
          const at = map.latLngToContainerPoint(now);
          const fill = f.kind === "boundary" ? f.layer.options.fillOpacity : null;
          return { kind: f.kind, lat: wgs.lat, lon: wgs.lng, drawn: [now.lat, now.lng], x: at.x, y: at.y,
                   fill: fill };
        });
      },
    };
  }

  window.explorerBasemaps = {
    create: create,
    wgs84ToGcj02: wgs84ToGcj02,
    gcj02ToWgs84: gcj02ToWgs84,
    outOfChina: outOfChina,
  };
})();
