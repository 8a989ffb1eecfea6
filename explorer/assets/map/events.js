// Jiangmen Explorer: the event layer of the map page.
// Python sends the compact columns of every event once per loaded set (loadEvents), then only
// which of them to show (showOnly: a bitmask over the loaded rows, or null for all), plus
// selections (select) and the theme (setTheme), all as JSON; the page reports back through one
// bridge slot (ready, event_clicked, view_changed, drawn; basemap_chosen, basemap_failed,
// tiles_loaded; location_picked, picking_cancelled, near_requested). Article text is only ever
// placed with textContent, never as HTML.
//
// Coordinates to and from Python are WGS-84. The map is drawn in the datum of its basemap
// (basemaps.js): events are indexed in WGS-84 and put on the map through toDisplay; positions
// clicked on the map go back through toWgs.
//
// Events are indexed with supercluster and only what the viewport shows becomes DOM markers
// (clusters and single events), so 100k events cost an index build, not 100k markers. The
// index of all loaded events is built once per load and kept, so showing everything again is
// immediate; a subset gets its own index (cost proportional to its size), and the last few
// subsets' indexes are kept too.
//
// A selection zooms only as close as the event's place is known (SELECT_ZOOM): an event known
// to its district or the city shows that district or the city, never a street over nothing.
// Events that share a spot stay one cluster down to the deepest zoom; opening it fans all of
// them out around the spot, each one clickable.
(function () {
  "use strict";
  // Without a language Chromium may draw Chinese with Japanese glyph shapes.
  if (!document.documentElement.lang) document.documentElement.lang = "zh-CN";

  const MAX_ZOOM = 17;
  const MIN_ZOOM = 7;
  const CACHED_SUBSETS = 4;
  // How close a selection goes, by the event's geo precision: a point or a site close up, a
  // town at town scale; a district (and an event whose precision is unknown) is fitted to
  // the district's bounds, the city to all of them (init's config.districts).
  const SELECT_ZOOM = { exact: MAX_ZOOM, park: 15, town: 13 };
  const DISTRICT_ZOOM = 10;  // a district's scale, for a page without district bounds
  const FAN_SPACING = 28;  // pixels between neighbours of a fan (markers are 22 px wide)
  const state = { map: null, layer: null, spider: null, visible: new Map(), bridge: null,
                  districts: {}, city: null,
                  fan: null,  // the opened spot or lifted selection: {cluster, zoom, view, made}
                  basemaps: null, text: {}, picking: false, menu: null,
                  outbox: [], types: {}, labels: {}, marks: [], selected: null, theme: "light",
                  // the loaded set: its number (showOnly names it), columns and tables
                  load: 0, n: 0, cols: null, tables: null, points: [],
                  full: null, fullTimer: null,  // the view of all rows, built once per load
                  subsets: [],                  // recent subset views, newest first
                  shown: null };                // the view on the map: all or a subset

  function send(message) {
    if (state.bridge) state.bridge.receive(JSON.stringify(message));
    else state.outbox.push(message);
  }

  function connectBridge() {
    if (typeof qt === "undefined" || !qt.webChannelTransport || typeof QWebChannel === "undefined") return;
    new QWebChannel(qt.webChannelTransport, function (channel) {
      state.bridge = channel.objects.bridge;
      state.outbox.splice(0).forEach(send);
    });
  }

  // In the app (Qt's web channel): picking and the context menu talk to Python.
  function inApp() { return typeof qt !== "undefined" && !!qt.webChannelTransport; }

  // A WGS-84 position as the map draws it, and a drawn position as WGS-84.
  function display(lat, lon) {
    const p = state.basemaps ? state.basemaps.toDisplay(lat, lon) : [lat, lon];
    return L.latLng(p[0], p[1]);
  }
  function wgs(latlng) {
    return state.basemaps ? state.basemaps.toWgs(latlng.lat, latlng.lng) : [latlng.lat, latlng.lng];
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popupFor(event) {
    const box = el("div", "ev-popup");
    box.appendChild(el("div", "ev-title", event.title));
    // As precise as the date is known (2022年, 2022年第一季度, 2022年7月30日): made by
    // core/date_labels.py on the Python side, never an ISO day for a year-level event.
    if (event.when) box.appendChild(el("div", "ev-when", event.when));
    const type = state.types[event.type] || { label: event.type };
    box.appendChild(el("div", "ev-type", type.label + (event.planned ? " · " + state.labels.planned : "")));
    if (event.place) box.appendChild(el("div", "ev-place", event.place + (event.approx ? " " + state.labels.approx : "")));
    return box;
  }

  // One icon per look (type × planned × approximate), shared by every marker that has it.
  const icons = new Map();
  function iconFor(event) {
    const key = event.type + "|" + event.planned + "|" + event.approx;
    if (icons.has(key)) return icons.get(key);
    const type = state.types[event.type] || { color: "#555", glyph: "" };
    const classes = ["ev-marker"];
    if (event.planned) classes.push("planned");
    if (event.approx) classes.push("approx");
    const node = el("div", classes.join(" "), type.glyph || "");
    node.style.setProperty("--c", type.color);
    const icon = L.divIcon({ html: node.outerHTML, className: "ev-icon", iconSize: [22, 22],
                             iconAnchor: [11, 11] });
    icons.set(key, icon);
    return icon;
  }

  // Dark theme. Folium draws the basemap (district polygons, place dots) as canvas paths in
  // light colours, which CSS cannot reach: each path keeps its hue and gets its lightness
  // turned over, and gets its own style back for the light theme.
  const lightStyles = new WeakMap();

  function turnOver(colour) {
    const m = typeof colour === "string" && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour);
    if (!m) return colour;  // unset (Leaflet then falls back to the stroke colour) or a name
    let hex = m[1];
    if (hex.length === 3) hex = hex.replace(/./g, "$&$&");
    const [r, g, b] = [0, 2, 4].map(function (i) { return parseInt(hex.slice(i, i + 2), 16) / 255; });
    const max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2;
    const d = max - min;
    const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
    let h = 0;  // hue in sixths of a turn, 0 <= h < 6
    if (d !== 0) {
      if (max === r) h = ((g - b) / d + 6) % 6;
      else if (max === g) h = (b - r) / d + 2;
      else h = (r - g) / d + 4;
    }
    const light = 0.12 + (1 - l) * 0.8;  // pale fills become deep, mid greys stay mid
    // Deep colours look more saturated than pale ones at the same HSL saturation: tone down.
    const c = (1 - Math.abs(2 * light - 1)) * s * 0.7, x = c * (1 - Math.abs((h % 2) - 1));
    const sector = [[c, x, 0], [x, c, 0], [0, c, x], [0, x, c], [x, 0, c], [c, 0, x]];
    const rgb = sector[Math.floor(h) % 6];
    return "#" + rgb.map(function (v) {
      return Math.round((v + light - c / 2) * 255).toString(16).padStart(2, "0");
    }).join("");
  }

  function legColour() { return state.theme === "dark" ? "#9aa3ab" : "#666"; }

  function themePath(layer) {
    if (!(layer instanceof L.Path)) return;
    if (state.spider && state.spider.hasLayer(layer)) {
      layer.setStyle({ color: legColour() });
      return;
    }
    if (!lightStyles.has(layer)) {
      if (state.theme !== "dark") return;  // never touched, already light
      lightStyles.set(layer, { color: layer.options.color, fillColor: layer.options.fillColor });
    }
    const light = lightStyles.get(layer);
    layer.setStyle(state.theme === "dark"
      ? { color: turnOver(light.color), fillColor: turnOver(light.fillColor) }
      : light);
  }

  function clusterIcon(count) {
    const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 50;
    return L.divIcon({ html: '<div class="ev-cluster"><span>' + count + "</span></div>",
                       className: "ev-cluster-icon", iconSize: [size, size] });
  }

  // Typed arrays arrive as base64 of their little-endian bytes.
  function bytes(text) {
    const raw = atob(text), out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function columns(payload) {
    const c = payload.columns, n = payload.count;
    const id = payload.id_bytes === 8 ? new Float64Array(bytes(c.id).buffer) : new Int32Array(bytes(c.id).buffer);
    const lat = new Float64Array(n), lon = new Float64Array(n);  // sent in millionths of a degree
    const lat6 = new Int32Array(bytes(c.lat).buffer), lon6 = new Int32Array(bytes(c.lon).buffer);
    for (let i = 0; i < n; i++) { lat[i] = lat6[i] / 1e6; lon[i] = lon6[i] / 1e6; }
    const dateEnd = new Array(n);  // only where it differs from date
    const endRows = new Int32Array(bytes(c.date_end.rows).buffer);
    for (let k = 0; k < endRows.length; k++) dateEnd[endRows[k]] = c.date_end.values[k];
    return { id: id, lat: lat, lon: lon, type: bytes(c.type), flags: bytes(c.flags),
             place: new Int32Array(bytes(c.place).buffer),
             geo: bytes(c.geo), district: new Int32Array(bytes(c.district).buffer),
             when: new Int32Array(bytes(c.when).buffer),
             date: c.date, date_end: dateEnd, title: c.title };
  }

  // The event of a row, as markers and popups read it (made when needed, not kept).
  function eventAt(row) {
    const c = state.cols, t = state.tables;
    const date = c.date[row] || "";
    const end = c.date_end[row] === undefined ? date : c.date_end[row] || "";
    return { row: row, id: c.id[row], lat: c.lat[row], lon: c.lon[row], type: t.type[c.type[row]],
             planned: (c.flags[row] & 1) === 1, approx: (c.flags[row] & 2) === 2, date: date,
             date_end: end, when: t.when[c.when[row]] || "",
             title: c.title[row], place: t.place[c.place[row]], geo: t.geo[c.geo[row]] || null,
             district: t.district[c.district[row]] || "" };
  }

  // The row of an event id (rows are in ascending id order), or -1.
  function rowOf(id) {
    const ids = state.cols ? state.cols.id : [];
    let lo = 0, hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] === id) return mid;
      if (ids[mid] < id) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  function isShown(row) {
    if (row < 0 || !state.shown) return false;
    const bits = state.shown.bits;
    return !bits || (bits[row >> 3] & (1 << (row & 7))) !== 0;
  }

  // A view: the supercluster index of some rows, their count and their count per type.
  function makeView(rows, bits) {
    const counts = {}, points = new Array(rows.length);
    const codes = state.cols.type, keys = state.tables.type;
    const perCode = new Array(keys.length).fill(0);
    for (let i = 0; i < rows.length; i++) {
      points[i] = state.points[rows[i]];
      perCode[codes[rows[i]]]++;
    }
    perCode.forEach(function (n, code) { if (n) counts[keys[code]] = n; });
    // Clusters down to the deepest zoom: events at one spot are never drawn stacked, one
    // hiding the others; their cluster opens as a fan.
    const index = new Supercluster({ radius: 48, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM }).load(points);
    return { index: index, count: rows.length, counts: counts, bits: bits };
  }

  function fullView() {
    if (state.fullTimer !== null) { clearTimeout(state.fullTimer); state.fullTimer = null; }
    if (!state.full) {
      const rows = new Array(state.n);
      for (let i = 0; i < state.n; i++) rows[i] = i;
      state.full = makeView(rows, null);
    }
    return state.full;
  }

  function subsetView(mask) {
    const at = state.subsets.findIndex(function (v) { return v.key === mask; });
    if (at >= 0) {
      const view = state.subsets.splice(at, 1)[0];
      state.subsets.unshift(view);
      return view;
    }
    const bits = bytes(mask), rows = [];
    for (let b = 0; b < bits.length; b++) {
      const byte = bits[b];
      if (!byte) continue;
      for (let k = 0; k < 8; k++) if (byte & (1 << k)) rows.push(b * 8 + k);
    }
    while (rows.length && rows[rows.length - 1] >= state.n) rows.pop();  // padding bits
    if (rows.length === state.n) return fullView();
    const view = makeView(rows, bits);
    view.key = mask;
    // Keep a few recent subsets, together no bigger than the whole set.
    state.subsets.unshift(view);
    let total = 0;
    state.subsets = state.subsets.filter(function (v, i) {
      total += v.count;
      return i === 0 || (i < CACHED_SUBSETS && total <= state.n);
    });
    return view;
  }

  function eventMarker(event, latlng) {
    const marker = L.marker(latlng || display(event.lat, event.lon), { icon: iconFor(event), title: event.title });
    marker.event = event;
    marker.on("click", function () {
      if (state.picking) { pick(marker.getLatLng()); return; }
      open(marker);
      send({ kind: "event_clicked", id: event.id });
    });
    return marker;
  }

  function open(marker) {
    if (!marker.getPopup()) marker.bindPopup(popupFor(marker.event));
    marker.openPopup();
    if (state.selected && state.selected.getElement && state.selected.getElement())
      state.selected.getElement().classList.remove("selected");
    state.selected = marker;
    const node = marker.getElement();
    if (node) node.classList.add("selected");
  }

  function render() {
    if (!state.shown) return;
    const index = state.shown.index;
    const b = state.map.getBounds().pad(0.02);  // markers whose icons reach into the view too
    const sw = wgs(b.getSouthWest()), ne = wgs(b.getNorthEast());
    const zoom = Math.round(state.map.getZoom());
    // A fan lasts while the map only pans (as a popup's own autopan does).
    if (state.fan && (state.fan.zoom !== zoom || state.fan.view !== state.shown)) closeFan();
    const found = index.getClusters([sw[1], sw[0], ne[1], ne[0]], zoom);
    // The selected marker is kept, not redrawn, so that its open popup stays open.
    const keep = state.selected && state.layer.hasLayer(state.selected) ? state.selected : null;
    state.layer.eachLayer(function (layer) { if (layer !== keep) state.layer.removeLayer(layer); });
    state.visible.clear();
    let kept = false;
    found.forEach(function (feature) {
      const [lon, lat] = feature.geometry.coordinates;
      if (feature.properties.cluster) {
        const marker = L.marker(display(lat, lon), { icon: clusterIcon(feature.properties.point_count) });
        marker.feature = feature;
        if (state.fan && state.fan.cluster === feature.properties.cluster_id) marker.setOpacity(0.35);
        marker.on("click", function () {
          if (state.picking) { pick(marker.getLatLng()); return; }
          expand(feature);
        });
        state.layer.addLayer(marker);
        return;
      }
      const event = eventAt(feature.properties.row);
      if (keep && keep.event.id === event.id && keep.getLatLng().equals(display(lat, lon))) {
        kept = true;
        state.visible.set(event.id, keep);
        return;
      }
      const marker = eventMarker(event);
      state.visible.set(event.id, marker);
      state.layer.addLayer(marker);
    });
    if (keep && !kept) state.layer.removeLayer(keep);
    if (state.fan) state.fan.made.forEach(function (marker, id) { state.visible.set(id, marker); });
  }

  // A cluster opens by zooming in; where zooming cannot separate it (one spot, several
  // events) its events fan out around the spot.
  function expand(feature) {
    const id = feature.properties.cluster_id;
    const index = state.shown.index;
    const next = index.getClusterExpansionZoom(id);
    const [lon, lat] = feature.geometry.coordinates;
    if (next <= MAX_ZOOM && state.map.getZoom() < next) {
      state.map.setView(display(lat, lon), next, { animate: false });
      return null;
    }
    return fanOut(id, index.getLeaves(id, Infinity), display(lat, lon));
  }

  // Where the markers of a fan of n go, in pixels from the spot: a ring for a few, else an
  // Archimedean spiral (as Leaflet.markercluster lays out many) with FAN_SPACING between
  // neighbours along it and between its turns, so none covers another however many there are.
  function fanOffsets(n) {
    const out = [];
    if (n <= 8) {
      const radius = Math.max(30, (FAN_SPACING * n) / (2 * Math.PI));
      for (let i = 0; i < n; i++) {
        const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
        out.push(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
      }
      return out;
    }
    const start = 30, growth = FAN_SPACING / (2 * Math.PI);  // radius gained per radian
    let angle = 0;
    for (let i = 0; i < n; i++) {
      const radius = start + growth * angle;
      out.push(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
      angle += FAN_SPACING / radius;
    }
    return out;
  }

  // Fan ``leaves`` (supercluster points) out around ``center``; ``cluster`` is the id of the
  // cluster they open (its icon is dimmed while the fan is open).
  function fanOut(cluster, leaves, center) {
    closeFan();
    const origin = state.map.latLngToLayerPoint(center);
    const offsets = fanOffsets(leaves.length);
    const made = new Map();
    leaves.forEach(function (leaf, i) {
      const latlng = state.map.layerPointToLatLng(origin.add(offsets[i]));
      const event = eventAt(leaf.properties.row);
      state.spider.addLayer(L.polyline([center, latlng], { color: legColour(), weight: 1, interactive: false }));
      const marker = eventMarker(event, latlng);
      state.spider.addLayer(marker);
      made.set(event.id, marker);
      state.visible.set(event.id, marker);
    });
    state.fan = { cluster: cluster, zoom: Math.round(state.map.getZoom()), view: state.shown, made: made };
    state.layer.eachLayer(function (layer) {
      if (layer.feature && layer.feature.properties.cluster_id === cluster) layer.setOpacity(0.35);
    });
    return made;
  }

  // The selected event drawn on its own at its place, over the cluster it is part of.
  function lift(event) {
    closeFan();
    const marker = eventMarker(event);
    marker.setZIndexOffset(1000);
    state.spider.addLayer(marker);
    state.fan = { cluster: null, zoom: Math.round(state.map.getZoom()), view: state.shown,
                  made: new Map([[event.id, marker]]) };
    state.visible.set(event.id, marker);
    return marker;
  }

  function closeFan() {
    if (!state.fan) return;
    state.fan.made.forEach(function (marker, id) {
      if (state.visible.get(id) === marker) state.visible.delete(id);
    });
    const cluster = state.fan.cluster;
    state.fan = null;
    state.spider.clearLayers();
    state.layer.eachLayer(function (layer) {
      if (layer.feature && layer.feature.properties.cluster_id === cluster) layer.setOpacity(1);
    });
  }

  // The types shown with their counts, then what the marks mean (config.legend, from
  // assets/map/legend.json: hollow = planned, dashed ring = approximate, bubble, halo, grey
  // dot), each beside a swatch drawn like the mark (map.css .ev-key).
  function legend(counts) {
    const box = document.getElementById("ev-legend");
    if (!box) return;
    box.textContent = "";
    // Many types in two columns: a twelve-row legend hid a quarter of the map.
    const types = el("div", "ev-legend-types");
    Object.keys(state.types).forEach(function (key) {
      if (!counts[key]) return;
      const type = state.types[key];
      const row = el("div", "ev-legend-row");
      const dot = el("span", "ev-legend-dot", type.glyph || "");
      dot.style.setProperty("--c", type.color);
      row.appendChild(dot);
      row.appendChild(el("span", "", type.label + " " + counts[key]));
      types.appendChild(row);
    });
    if (types.children.length > 6) types.classList.add("two-columns");
    box.appendChild(types);
    const marks = el("div", "ev-legend-marks");
    state.marks.forEach(function (mark) {
      const row = el("div", "ev-legend-row ev-key-row " + mark.kind);
      row.appendChild(el("span", "ev-key " + mark.kind));
      row.appendChild(el("span", "", mark.text));
      marks.appendChild(row);
    });
    if (state.marks.length) box.appendChild(marks);
    box.style.display = Object.keys(counts).length ? "block" : "none";
  }

  // The bounds ([south, west, north, east], WGS-84) that a district-level event shows: its
  // district's; the city's for a city-level event, or when its district is unknown.
  function areaOf(event) {
    if (event.geo !== "city" && state.districts[event.district]) return state.districts[event.district];
    return state.city;
  }

  // Put the event in view as close as its place is known, never closer.
  function frame(event) {
    const at = display(event.lat, event.lon);
    const zoom = SELECT_ZOOM[event.geo];
    const box = zoom === undefined ? areaOf(event) : null;
    if (!box) {
      state.map.setView(at, zoom === undefined ? DISTRICT_ZOOM : zoom, { animate: false });
      return;
    }
    const bounds = L.latLngBounds(display(box[0], box[1]), display(box[2], box[3])).extend(at);
    state.map.fitBounds(bounds, { padding: [24, 24], maxZoom: SELECT_ZOOM.town, animate: false });
  }

  // The cluster that holds ``row`` at ``zoom``, or null.
  function clusterOf(row, event, zoom) {
    // A cluster's centre is within two cluster radii (48 px) of each of its points.
    const reach = (2 * 48 * 360) / (256 * Math.pow(2, zoom));
    const around = state.shown.index.getClusters(
      [event.lon - reach, event.lat - reach, event.lon + reach, event.lat + reach], zoom);
    for (const feature of around) {
      if (!feature.properties.cluster) continue;
      const leaves = state.shown.index.getLeaves(feature.properties.cluster_id, Infinity);
      if (leaves.some(function (leaf) { return leaf.properties.row === row; })) return feature;
    }
    return null;
  }

  // The marker of a shown event, framed and drawn (null when the event is not shown): its own
  // marker, one of a fan when it shares its spot, or lifted over the cluster that holds it.
  function reveal(id) {
    const row = rowOf(id);
    if (!isShown(row)) return null;
    const event = eventAt(row);
    closeFan();
    frame(event);
    render();
    if (state.visible.has(id)) return state.visible.get(id);
    const index = state.shown.index;
    const cluster = clusterOf(row, event, Math.round(state.map.getZoom()));
    if (cluster && index.getClusterExpansionZoom(cluster.properties.cluster_id) > MAX_ZOOM) {
      const [lon, lat] = cluster.geometry.coordinates;
      const made = fanOut(cluster.properties.cluster_id,
                          index.getLeaves(cluster.properties.cluster_id, Infinity), display(lat, lon));
      if (made.has(id)) return made.get(id);
    }
    return lift(event);
  }

  // "Set location": the next click on the map is the location (WGS-84); Escape cancels.
  function startPicking() {
    hideMenu();
    state.picking = true;
    state.map.closePopup();
    state.map.getContainer().classList.add("ev-picking");
    hint(state.text.picking);
    return true;
  }

  function stopPicking() {
    state.picking = false;
    state.map.getContainer().classList.remove("ev-picking");
    hint(null);
    return false;
  }

  function pick(latlng) {
    const p = wgs(latlng);
    stopPicking();
    send({ kind: "location_picked", lat: p[0], lon: p[1] });
  }

  function hint(message) {
    let box = document.getElementById("ev-hint");
    if (!message) {
      if (box) box.style.display = "none";
      return;
    }
    if (!box) {
      box = el("div", "");
      box.id = "ev-hint";
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.style.display = "block";
  }

  // The map's context menu: "Events near here" for the spot right-clicked.
  function showMenu(latlng, point) {
    hideMenu();
    const p = wgs(latlng);
    const menu = el("div", "ev-menu");
    menu.setAttribute("role", "menu");
    const item = el("button", "ev-menu-item", state.text.near || "Events near here");
    item.type = "button";
    item.setAttribute("role", "menuitem");
    item.addEventListener("click", function () {
      hideMenu();
      send({ kind: "near_requested", lat: p[0], lon: p[1] });
    });
    menu.appendChild(item);
    L.DomEvent.disableClickPropagation(menu);
    L.DomEvent.disableScrollPropagation(menu);
    L.DomEvent.on(menu, "contextmenu", L.DomEvent.stop);
    const container = state.map.getContainer();
    container.appendChild(menu);
    const size = state.map.getSize();  // keep it inside the map
    menu.style.left = Math.max(0, Math.min(point.x, size.x - menu.offsetWidth - 4)) + "px";
    menu.style.top = Math.max(0, Math.min(point.y, size.y - menu.offsetHeight - 4)) + "px";
    state.menu = menu;
    item.focus();
  }

  function hideMenu() {
    if (state.menu) state.menu.remove();
    state.menu = null;
  }

  window.explorer = {
    // ``control``: folium's layers control (the basemap menu joins it); ``config``: the page's
    // texts and online basemaps (map_page.page_config).
    init: function (map, control, config) {
      config = config || {};
      state.map = map;
      state.text = config.text || {};
      state.basemapConfig = config.basemaps || {};
      state.marks = (config.legend || []).filter(function (m) { return /^[a-z]+$/.test(m.kind); });
      state.districts = config.districts || {};
      const boxes = Object.values(state.districts);
      if (boxes.length) {
        state.city = [Math.min.apply(null, boxes.map(function (b) { return b[0]; })),
                      Math.min.apply(null, boxes.map(function (b) { return b[1]; })),
                      Math.max.apply(null, boxes.map(function (b) { return b[2]; })),
                      Math.max.apply(null, boxes.map(function (b) { return b[3]; }))];
      }
      // Without a tile layer Leaflet has no zoom limits of its own.
      map.setMinZoom(7);
      map.setMaxZoom(MAX_ZOOM);
      // Before the event layers exist: the basemap takes what folium drew as its own.
      state.basemaps = window.explorerBasemaps.create(map, control, config, {
        chosen: function (name) {
          if (!inApp()) return false;
          send({ kind: "basemap_chosen", name: name });
          return true;
        },
        failed: function (name) { send({ kind: "basemap_failed", name: name }); },
        tilesLoaded: function (name) { send({ kind: "tiles_loaded", name: name }); },
        datumChanged: function () { hideMenu(); closeFan(); render(); },
      });
      state.cols = columns({ count: 0, columns: { id: "", lat: "", lon: "", type: "", flags: "",
        place: "", geo: "", district: "", when: "", date: [], date_end: { rows: "", values: [] },
        title: [] } });
      state.tables = { type: [], place: [], geo: [], district: [], when: [] };
      state.layer = L.layerGroup().addTo(map);
      state.spider = L.layerGroup().addTo(map);
      // The places layer can be hidden and shown again: it comes back in the current theme.
      map.on("layeradd", function (e) { themePath(e.layer); });
      map.on("moveend", function () {
        render();
        const b = map.getBounds(), sw = wgs(b.getSouthWest()), ne = wgs(b.getNorthEast());
        send({ kind: "view_changed", zoom: map.getZoom(), bounds: [sw[0], sw[1], ne[0], ne[1]] });
      });
      map.on("click", function (e) {
        hideMenu();
        if (state.picking) pick(e.latlng);
        else closeFan();
      });
      map.on("movestart zoomstart", hideMenu);
      // Only in the app: a standalone page keeps the browser's own menu.
      if (inApp()) {
        map.on("contextmenu", function (e) {
          if (!state.picking) showMenu(e.latlng, e.containerPoint);
        });
      }
      document.addEventListener("keydown", function (e) {
        if (e.key !== "Escape") return;
        hideMenu();
        if (state.picking) {
          stopPicking();
          send({ kind: "picking_cancelled" });
        }
      });
      connectBridge();
      send({ kind: "ready" });
    },
    // Every event of a new set (the columns of map_payload), drawn once showOnly says which.
    // The index of all of them is built at the first showOnly(all), or soon after a subset
    // was drawn, so that going back to everything is immediate.
    loadEvents: function (payload) {
      state.types = payload.types;
      state.labels = payload.labels;
      state.tables = payload.tables;
      state.cols = columns(payload);
      state.n = payload.count;
      state.load = payload.load;
      const lat = state.cols.lat, lon = state.cols.lon, points = new Array(state.n);
      for (let i = 0; i < state.n; i++)
        points[i] = { type: "Feature", properties: { row: i }, geometry: { type: "Point", coordinates: [lon[i], lat[i]] } };
      state.points = points;
      state.full = null;
      state.subsets = [];
      state.shown = null;  // the markers on the map stay until showOnly redraws
      if (state.fullTimer !== null) { clearTimeout(state.fullTimer); state.fullTimer = null; }
      return state.n;
    },
    // {load, mask, caption}: the rows of the loaded set to show, as base64 of a little-endian
    // bitmask over them, or null for all. A mask for another load (one that a newer set
    // replaced before it arrived) is ignored. Reports drawn with the number shown.
    showOnly: function (payload) {
      if (payload.load !== state.load) return -1;
      state.shown = payload.mask === null || payload.mask === undefined
        ? fullView() : subsetView(payload.mask);
      render();
      legend(state.shown.counts);
      const caption = document.getElementById("ev-caption");
      if (caption) caption.textContent = payload.caption || "";
      send({ kind: "drawn", count: state.shown.count });
      if (!state.full && state.fullTimer === null) state.fullTimer = setTimeout(fullView, 250);
      return state.shown.count;
    },
    // loadEvents and showOnly(all) in one (the standalone export).
    setEvents: function (payload) {
      window.explorer.loadEvents(payload);
      return window.explorer.showOnly({ load: payload.load, mask: null, caption: payload.caption });
    },
    select: function (id) {
      // The echo of a click on the map (the window selects what was clicked): that marker is
      // in view and open already, the map stays where the user put it.
      const chosen = state.selected;
      if (chosen && chosen.event.id === id && state.map.hasLayer(chosen) && isShown(rowOf(id))) {
        open(chosen);
        return true;
      }
      const marker = reveal(id);
      if (marker) open(marker);
      return !!marker;
    },
    // "dark" or "light" (anything else is light): a class on <body> for the CSS, and the
    // basemap's canvas paths restyled. Returns the theme now shown.
    setTheme: function (name) {
      const theme = name === "dark" ? "dark" : "light";
      if (theme === state.theme) return theme;
      state.theme = theme;
      document.body.classList.toggle("theme-dark", theme === "dark");
      if (state.map) state.map.eachLayer(themePath);
      return theme;
    },
    theme: function () { return state.theme; },
    // {name, url, timeout_ms}: show basemap ``name`` ("offline", "osm", "amap",
    // "amap-satellite"), its tiles from ``url`` if given. Returns the basemap now shown.
    setBasemap: function (payload) {
      hideMenu();
      return state.basemaps.show(payload.name, { url: payload.url, timeoutMs: payload.timeout_ms });
    },
    basemap: function () { return state.basemaps.current(); },
    startPicking: startPicking,
    stopPicking: stopPicking,
    picking: function () { return state.picking; },
    // {lat, lon, zoom}: put this WGS-84 point in the middle (zoom: the current one if null).
    centerOn: function (payload) {
      const zoom = typeof payload.zoom === "number" ? payload.zoom : state.map.getZoom();
      state.map.setView(display(payload.lat, payload.lon), zoom, { animate: false });
      return true;
    },
    toDisplay: function (lat, lon) { const p = display(lat, lon); return [p.lat, p.lng]; },
    toWgs: function (lat, lon) { return wgs(L.latLng(lat, lon)); },
    // For tests: where a WGS-84 point is drawn (container pixels), what a click or a right
    // click there does, where the basemap's features are drawn.
    pixelOf: function (lat, lon) {
      const at = state.map.latLngToContainerPoint(display(lat, lon));
      return [at.x, at.y];
    },
    fireAt: function (type, lat, lon) {
      const latlng = display(lat, lon);
      state.map.fire(type, { latlng: latlng, containerPoint: state.map.latLngToContainerPoint(latlng) });
      return true;
    },
    basemapPoints: function () { return state.basemaps.points(); },
    count: function () { return state.shown ? state.shown.count : 0; },  // events shown
    loaded: function () { return state.n; },
    // For tests: the zoom and the WGS-84 bounds [south, west, north, east] shown.
    view: function () {
      const b = state.map.getBounds(), sw = wgs(b.getSouthWest()), ne = wgs(b.getNorthEast());
      return { zoom: state.map.getZoom(), bounds: [sw[0], sw[1], ne[0], ne[1]] };
    },
    // For the print layout (print.js): the map, the shown events and their types, and the
    // basemap's attribution; hideEventLayers takes the interactive markers off the map, as
    // print.js draws numbered ones of its own in their place.
    printSource: function () {
      const events = [];
      for (let row = 0; row < state.n; row++) if (isShown(row)) events.push(eventAt(row));
      const name = state.basemaps ? state.basemaps.current() : "offline";
      const online = state.basemapConfig[name];
      return { map: state.map, events: events, types: state.types, districts: state.districts,
               counts: state.shown ? state.shown.counts : {}, text: state.text,
               attribution: online ? online.attribution : "" };
    },
    hideEventLayers: function () {
      hideMenu();
      stopPicking();
      closeFan();
      state.map.closePopup();
      state.map.removeLayer(state.layer);
      state.map.removeLayer(state.spider);
      return true;
    },
    cachedSubsets: function () { return state.subsets.length; },
    clickMarker: function (id) {  // for tests: what a user's click on the event does
      const marker = reveal(id);
      if (marker) marker.fire("click");
      return !!marker;
    },
    popupText: function (id) {
      const row = rowOf(id);
      return row >= 0 ? popupFor(eventAt(row)).outerHTML : "";
    },
  };
})();
