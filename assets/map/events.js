// Jiangmen Explorer: the event layer of the map page.
// Python sends compact columns (setEvents), selections (select) and the theme (setTheme) as
// JSON; the page reports back through one bridge slot (ready, event_clicked, view_changed,
// drawn). Article text is only ever placed with textContent, never as HTML.
//
// Events are indexed with supercluster and only what the viewport shows becomes DOM markers
// (clusters and single events), so 100k events cost an index build, not 100k markers.
(function () {
  "use strict";
  // Without a language Chromium may draw Chinese with Japanese glyph shapes.
  if (!document.documentElement.lang) document.documentElement.lang = "zh-CN";

  const MAX_ZOOM = 17;
  const state = { map: null, layer: null, spider: null, index: null, rows: [], byId: new Map(),
                  visible: new Map(), bridge: null, outbox: [], types: {}, labels: {},
                  selected: null, theme: "light" };

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

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popupFor(event) {
    const box = el("div", "ev-popup");
    box.appendChild(el("div", "ev-title", event.title));
    const when = event.date === event.date_end ? event.date : event.date + " – " + event.date_end;
    box.appendChild(el("div", "ev-when", when + " (" + event.precision_label + ")"));
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

  function rows(payload) {
    const c = payload.columns, out = [];
    for (let i = 0; i < c.id.length; i++) {
      out.push({ id: c.id[i], lat: c.lat[i], lon: c.lon[i], type: c.type[i], planned: c.planned[i],
                 approx: c.approx[i], date: c.date[i], date_end: c.date_end[i],
                 precision_label: c.precision_label[i], title: c.title[i], place: c.place[i] });
    }
    return out;
  }

  function eventMarker(event, latlng) {
    const marker = L.marker(latlng || [event.lat, event.lon], { icon: iconFor(event), title: event.title });
    marker.event = event;
    marker.on("click", function () { open(marker); send({ kind: "event_clicked", id: event.id }); });
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
    if (!state.index) return;
    const b = state.map.getBounds();
    const zoom = Math.round(state.map.getZoom());
    const found = state.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    state.layer.clearLayers();
    state.spider.clearLayers();
    state.visible.clear();
    found.forEach(function (feature) {
      const [lon, lat] = feature.geometry.coordinates;
      if (feature.properties.cluster) {
        const marker = L.marker([lat, lon], { icon: clusterIcon(feature.properties.point_count) });
        marker.on("click", function () { expand(feature); });
        state.layer.addLayer(marker);
      } else {
        const event = state.rows[feature.properties.row];
        const marker = eventMarker(event);
        state.visible.set(event.id, marker);
        state.layer.addLayer(marker);
      }
    });
  }

  // A cluster opens by zooming in; where zooming cannot separate it (one place, several
  // events) its events fan out around the spot.
  function expand(feature) {
    const id = feature.properties.cluster_id;
    const next = state.index.getClusterExpansionZoom(id);
    const [lon, lat] = feature.geometry.coordinates;
    if (next <= MAX_ZOOM && state.map.getZoom() < next) {
      state.map.setView([lat, lon], next, { animate: false });
      return null;
    }
    return fanOut(state.index.getLeaves(id, Infinity), L.latLng(lat, lon));
  }

  function fanOut(leaves, center) {
    state.spider.clearLayers();
    const origin = state.map.latLngToLayerPoint(center);
    const radius = 26 + leaves.length * 3;
    const made = new Map();
    leaves.forEach(function (leaf, i) {
      const angle = (2 * Math.PI * i) / leaves.length;
      const point = origin.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
      const latlng = state.map.layerPointToLatLng(point);
      const event = state.rows[leaf.properties.row];
      state.spider.addLayer(L.polyline([center, latlng], { color: legColour(), weight: 1, interactive: false }));
      const marker = eventMarker(event, latlng);
      state.spider.addLayer(marker);
      made.set(event.id, marker);
      state.visible.set(event.id, marker);
    });
    return made;
  }

  function legend(counts) {
    const box = document.getElementById("ev-legend");
    if (!box) return;
    box.textContent = "";
    Object.keys(state.types).forEach(function (key) {
      if (!counts[key]) return;
      const type = state.types[key];
      const row = el("div", "ev-legend-row");
      const dot = el("span", "ev-legend-dot", type.glyph || "");
      dot.style.setProperty("--c", type.color);
      row.appendChild(dot);
      row.appendChild(el("span", "", type.label + " " + counts[key]));
      box.appendChild(row);
    });
    box.style.display = Object.keys(counts).length ? "block" : "none";
  }

  function reveal(id) {
    const event = state.byId.get(id);
    if (!event) return null;
    state.map.setView([event.lat, event.lon], MAX_ZOOM, { animate: false });
    render();
    if (state.visible.has(id)) return state.visible.get(id);
    // Still clustered at the deepest zoom: several events at one spot. Fan them out.
    const zoom = Math.round(state.map.getZoom());
    const around = state.index.getClusters([event.lon - 1e-4, event.lat - 1e-4, event.lon + 1e-4, event.lat + 1e-4], zoom);
    for (const feature of around) {
      if (!feature.properties.cluster) continue;
      const made = fanOut(state.index.getLeaves(feature.properties.cluster_id, Infinity),
                          L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]));
      if (made.has(id)) return made.get(id);
    }
    return null;
  }

  window.explorer = {
    init: function (map) {
      state.map = map;
      // Without a tile layer Leaflet has no zoom limits of its own.
      map.setMinZoom(7);
      map.setMaxZoom(MAX_ZOOM);
      state.layer = L.layerGroup().addTo(map);
      state.spider = L.layerGroup().addTo(map);
      // The places layer can be hidden and shown again: it comes back in the current theme.
      map.on("layeradd", function (e) { themePath(e.layer); });
      map.on("moveend", function () {
        render();
        const b = map.getBounds();
        send({ kind: "view_changed", zoom: map.getZoom(),
               bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()] });
      });
      connectBridge();
      send({ kind: "ready" });
    },
    setEvents: function (payload) {
      state.types = payload.types;
      state.labels = payload.labels;
      state.rows = rows(payload);
      state.byId = new Map(state.rows.map(function (r) { return [r.id, r]; }));
      const counts = {};
      const points = state.rows.map(function (r, i) {
        counts[r.type] = (counts[r.type] || 0) + 1;
        return { type: "Feature", properties: { row: i }, geometry: { type: "Point", coordinates: [r.lon, r.lat] } };
      });
      state.index = new Supercluster({ radius: 48, maxZoom: MAX_ZOOM - 1 }).load(points);
      render();
      legend(counts);
      const caption = document.getElementById("ev-caption");
      if (caption) caption.textContent = payload.caption || "";
      send({ kind: "drawn", count: state.rows.length });
      return state.rows.length;
    },
    select: function (id) {
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
    count: function () { return state.rows.length; },
    clickMarker: function (id) {  // for tests: what a user's click on the event does
      const marker = reveal(id);
      if (marker) marker.fire("click");
      return !!marker;
    },
    popupText: function (id) {
      const event = state.byId.get(id);
      return event ? popupFor(event).outerHTML : "";
    },
  };
})();
