// Jiangmen Explorer: the event layer of the map page.
// Python sends compact columns (setEvents) and selections (select) as JSON; the page reports
// back through one bridge slot (ready, event_clicked, view_changed, drawn). Article text is
// only ever placed with textContent, never as HTML.
(function () {
  "use strict";
  // Without a language Chromium may draw Chinese with Japanese glyph shapes.
  if (!document.documentElement.lang) document.documentElement.lang = "zh-CN";
  const state = { map: null, cluster: null, markers: new Map(), bridge: null, outbox: [],
                  types: {}, selected: null, pending: null, cache: new Map() };

  function send(message) {
    if (state.bridge) state.bridge.receive(JSON.stringify(message));
    else state.outbox.push(message);
  }

  function connectBridge() {
    if (typeof qt === "undefined" || !qt.webChannelTransport || typeof QWebChannel === "undefined") return;
    new QWebChannel(qt.webChannelTransport, function (channel) {
      state.bridge = channel.objects.bridge;
      const waiting = state.outbox.splice(0);
      waiting.forEach(send);
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
    box.appendChild(el("div", "ev-type", type.label + (event.planned ? " · " + event.planned_label : "")));
    if (event.place) box.appendChild(el("div", "ev-place", event.place + (event.approx ? " " + event.approx_label : "")));
    return box;
  }

  // One icon per look (type × planned × approximate), shared by every marker that has it:
  // building a divIcon per event was most of the time at 100k events.
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

  function showPopup(marker) {
    if (!marker.getPopup()) marker.bindPopup(popupFor(marker.event));
    marker.openPopup();
  }

  function rows(payload) {
    const c = payload.columns, out = [];
    for (let i = 0; i < c.id.length; i++) {
      out.push({ id: c.id[i], lat: c.lat[i], lon: c.lon[i], type: c.type[i], planned: c.planned[i],
                 approx: c.approx[i], date: c.date[i], date_end: c.date_end[i],
                 precision_label: c.precision_label[i], title: c.title[i], place: c.place[i],
                 planned_label: payload.labels.planned, approx_label: payload.labels.approx });
    }
    return out;
  }

  function legend(payload, counts) {
    const box = document.getElementById("ev-legend");
    if (!box) return;
    box.textContent = "";
    Object.keys(payload.types).forEach(function (key) {
      if (!counts[key]) return;
      const type = payload.types[key];
      const row = el("div", "ev-legend-row");
      const dot = el("span", "ev-legend-dot", type.glyph || "");
      dot.style.setProperty("--c", type.color);
      row.appendChild(dot);
      row.appendChild(el("span", "", type.label + " " + counts[key]));
      box.appendChild(row);
    });
    box.style.display = Object.keys(counts).length ? "block" : "none";
  }

  window.explorer = {
    init: function (map) {
      state.map = map;
      // Without a tile layer Leaflet has no zoom limits, and clustering needs a maximum.
      map.setMinZoom(7);
      map.setMaxZoom(17);
      state.cluster = L.markerClusterGroup({
        chunkedLoading: true, spiderfyOnMaxZoom: true, showCoverageOnHover: false,
        maxClusterRadius: 40,
        // Large sets are added in chunks between frames: "drawn" means all of them are in.
        chunkProgress: function (processed, total) {
          if (processed === total && state.pending !== null) {
            send({ kind: "drawn", count: state.pending });
            state.pending = null;
          }
        },
      });
      map.addLayer(state.cluster);
      // One click handler for all markers; the popup is built when it is opened.
      state.cluster.on("click", function (e) {
        const marker = e.layer;
        if (!marker.event) return;
        showPopup(marker);
        send({ kind: "event_clicked", id: marker.event.id });
      });
      map.on("moveend", function () {
        const b = map.getBounds();
        send({ kind: "view_changed", zoom: map.getZoom(),
               bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()] });
      });
      connectBridge();
      send({ kind: "ready" });
    },
    setEvents: function (payload) {
      state.types = payload.types;
      state.cluster.clearLayers();
      state.markers.clear();
      const markers = [], counts = {};
      rows(payload).forEach(function (event) {
        // Markers are kept by id across calls, so a filter change only re-clusters them.
        let marker = state.cache.get(event.id);
        if (!marker) {
          marker = L.marker([event.lat, event.lon], { icon: iconFor(event), title: event.title });
          marker.event = event;
          state.cache.set(event.id, marker);
        }
        state.markers.set(event.id, marker);
        markers.push(marker);
        counts[event.type] = (counts[event.type] || 0) + 1;
      });
      legend(payload, counts);
      const caption = document.getElementById("ev-caption");
      if (caption) caption.textContent = payload.caption || "";
      state.pending = markers.length;
      state.cluster.addLayers(markers);
      if (!markers.length && state.pending !== null) {
        send({ kind: "drawn", count: 0 });
        state.pending = null;
      }
      return markers.length;
    },
    select: function (id) {
      const marker = state.markers.get(id);
      if (state.selected) state.selected.getElement && state.selected.getElement() &&
        state.selected.getElement().classList.remove("selected");
      state.selected = marker || null;
      if (!marker) return false;
      state.cluster.zoomToShowLayer(marker, function () {
        showPopup(marker);
        const node = marker.getElement();
        if (node) node.classList.add("selected");
      });
      return true;
    },
    count: function () { return state.markers.size; },
    clickMarker: function (id) {  // for tests: what a user's click does
      const marker = state.markers.get(id);
      if (marker) marker.fire("click", { latlng: marker.getLatLng() }, true);
      return !!marker;
    },
    popupText: function (id) {
      const marker = state.markers.get(id);
      return marker ? popupFor(marker.event).outerHTML : "";
    },
  };
})();
