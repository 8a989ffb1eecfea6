// Jiangmen Explorer: the print layout of the map page (a snapshot for a report).
//
// explorer.printLayout(config) turns the interactive page into a figure: the controls go,
// the view is fitted to the shown events (or the filter's districts), and every event is a
// numbered marker with a label "N · 项目 · 类型 · 2022-07" (the numbers are the briefing's,
// sent by Python with the label texts). Labels are placed greedily around their markers so
// that none overlaps another label, a marker or an overlay; only events whose labels cannot
// be placed are merged into clusters, drawn as a pie of their types with their members'
// numbers ("12–15, 18"), never a bare count. Overlays: title and subtitle, legend of the
// shown types, scale bar (Leaflet's), north arrow, attribution, footer. Every text is set
// with textContent.
//
// Sizes are CSS pixels: the page is laid out at the paper's size in CSS pixels and drawn
// denser for a higher dpi, so 150 and 300 dpi compose alike.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const MARGIN = 0.06;      // of the frame, around the fitted events
  const MAX_FIT_ZOOM = 14;  // one event alone: a town's scale, not a street over nothing
  const MARKER = 18;        // a marker's diameter (wider for long numbers)
  const GAP = 3;            // between a marker and its label
  const LEADER = 16;        // the second ring of label positions, tied by a leader line
  const MERGE_ROUNDS = 6;   // clusters grow this many times before a label is given up
  const CELL = 64;          // the collision grid's cell
  const CALLOUT_MIN = 4;    // events at one spot listed in columns beside it, from this many

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }

  // A rectangle {x, y, w, h} in container pixels.
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  // Rectangles bucketed by grid cell: a collision test looks at its neighbourhood only, so
  // thousands of events cost thousands of tests, not millions.
  function Grid() { this.cells = new Map(); }
  Grid.prototype.keys = function (r) {
    const out = [];
    for (let i = Math.floor(r.x / CELL); i <= Math.floor((r.x + r.w) / CELL); i++)
      for (let j = Math.floor(r.y / CELL); j <= Math.floor((r.y + r.h) / CELL); j++) out.push(i + "," + j);
    return out;
  };
  Grid.prototype.add = function (r) {
    this.keys(r).forEach(function (k) {
      if (!this.cells.has(k)) this.cells.set(k, []);
      this.cells.get(k).push(r);
    }, this);
  };
  Grid.prototype.hits = function (r, ignore) {
    return this.keys(r).some(function (k) {
      return (this.cells.get(k) || []).some(function (o) {
        const own = ignore !== null && ignore !== undefined && (o === ignore || o.owner === ignore);
        return !own && overlaps(r, o);
      });
    }, this);
  };

  // The container rectangle of a DOM node (none when it is not displayed).
  function rectOf(node, origin) {
    if (!node || !node.getClientRects().length) return null;
    const r = node.getBoundingClientRect();
    return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
  }

  // ---------------------------------------------------------------- controls and overlays
  function removeControls(map) {
    if (map.zoomControl) map.removeControl(map.zoomControl);
    [map.dragging, map.touchZoom, map.doubleClickZoom, map.scrollWheelZoom, map.boxZoom, map.keyboard]
      .forEach(function (handler) { if (handler) handler.disable(); });
    const interactive = ".leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-attribution, " +
      "button, a.leaflet-popup-close-button, #ev-notice, #ev-hint, .ev-menu, #ev-caption";
    document.querySelectorAll(interactive).forEach(function (node) { node.remove(); });
  }

  function titleBox(config) {
    if (!config.title && !config.subtitle) return;  // a briefing's page has its own heading
    const box = el("div", "");
    box.id = "print-title";
    box.appendChild(el("div", "print-heading", config.title || ""));
    if (config.subtitle) box.appendChild(el("div", "print-subtitle", config.subtitle));
    document.body.appendChild(box);
  }

  function northArrow(text) {
    const box = document.getElementById("ev-north") || document.body.appendChild(el("div", ""));
    box.id = "ev-north";
    box.textContent = "";
    const drawing = svg("svg", { width: 30, height: 44, viewBox: "0 0 30 44", role: "img" });
    drawing.appendChild(svg("polygon", { points: "15,2 25,30 15,24", fill: "#222" }));
    drawing.appendChild(svg("polygon", { points: "15,2 5,30 15,24", fill: "#fff", stroke: "#222", "stroke-width": 1.2 }));
    const letter = svg("text", { x: 15, y: 42, "text-anchor": "middle", "font-size": 11, "font-weight": 700, fill: "#222" });
    letter.textContent = text || "N";
    drawing.appendChild(letter);
    box.appendChild(drawing);
  }

  // Only the types shown, with their counts (events.js drew the rows), under a heading.
  function legendBox(heading) {
    const box = document.getElementById("ev-legend");
    if (!box || !box.childNodes.length) return;
    box.insertBefore(el("div", "print-legend-heading", heading || ""), box.firstChild);
  }

  function footerLine(config, attribution) {
    if (config.footer) {  // a briefing's page says the counts in its own text
      const foot = el("div", "", config.footer);
      foot.id = "print-footer";
      document.body.appendChild(foot);
    }
    const credit = document.getElementById("ev-attribution") || document.body.appendChild(el("div", ""));
    credit.id = "ev-attribution";
    if (attribution) {  // an online basemap's (HTML in basemaps.json): its text, then the districts'
      const parsed = new DOMParser().parseFromString(attribution, "text/html");
      credit.textContent = parsed.body.textContent + " · " + credit.textContent;
    }
    // On a narrow page the footer or the credit wraps (map.css halves the bottom line):
    // the scale bar and the legend stand above the taller of the two, never on it.
    const foot = document.getElementById("print-footer");
    const band = 6 + Math.max(foot ? foot.offsetHeight : 0, credit.offsetHeight);
    const scale = document.querySelector(".leaflet-bottom.leaflet-left");
    const legend = document.getElementById("ev-legend");
    if (scale) scale.style.bottom = Math.max(22, band + 4) + "px";
    if (legend) legend.style.bottom = Math.max(30, band + 6) + "px";
  }

  // ---------------------------------------------------------------- the view
  function overlayRects(container) {
    const origin = container.getBoundingClientRect();
    return ["#print-title", "#ev-legend", "#ev-north", "#print-footer", "#ev-attribution", ".leaflet-control-scale"]
      .map(function (s) { return rectOf(document.querySelector(s), origin); })
      .filter(function (r) { return r && r.w > 0 && r.h > 0; });
  }

  // Fit the events (and the filter's districts) with a margin, then widen the margin on a
  // side where an overlay covers an event or a fan reaches out of the frame, until none does.
  function fit(map, points, areas, overlays) {
    const size = map.getSize();
    let bounds = null;
    points.concat(areas).forEach(function (latlng) {
      bounds = bounds ? bounds.extend(latlng) : L.latLngBounds(latlng, latlng);
    });
    if (!bounds) return;
    const pad = { top: MARGIN * size.y, bottom: MARGIN * size.y, left: MARGIN * size.x, right: MARGIN * size.x };
    overlays.forEach(function (r) {  // the bands at the top (title) and the bottom (footer)
      if (r.y < size.y * 0.2) pad.top = Math.max(pad.top, r.y + r.h + 8);
      if (r.y > size.y * 0.8 && r.w < size.x * 0.5) pad.bottom = Math.max(pad.bottom, size.y - r.y + 8);
    });
    const frame = { x: MARKER, y: MARKER, w: size.x - 2 * MARKER, h: size.y - 2 * MARKER };
    for (let round = 0; round < 8; round++) {
      map.fitBounds(bounds, { paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom],
                              maxZoom: MAX_FIT_ZOOM, animate: false });
      const drawn = fanOut(points.map(function (latlng) {
        const p = map.latLngToContainerPoint(latlng);
        return { x: p.x, y: p.y, n: 0 };
      }));
      const covered = { top: 0, bottom: 0, left: 0, right: 0 };
      drawn.forEach(function (p) {
        covered.left = Math.max(covered.left, frame.x - p.x);
        covered.right = Math.max(covered.right, p.x - frame.x - frame.w);
        covered.top = Math.max(covered.top, frame.y - p.y);
        covered.bottom = Math.max(covered.bottom, p.y - frame.y - frame.h);
        overlays.forEach(function (r) {
          if (p.x < r.x - MARKER || p.x > r.x + r.w + MARKER || p.y < r.y - MARKER || p.y > r.y + r.h + MARKER) return;
          // Push the event out of the overlay the short way: up, down, or sideways.
          const needs = { top: r.y + r.h + MARKER - p.y, bottom: p.y - r.y + MARKER,
                          left: r.x + r.w + MARKER - p.x, right: p.x - r.x + MARKER };
          const side = Object.keys(needs).reduce(function (a, b) { return needs[a] <= needs[b] ? a : b; });
          covered[side] = Math.max(covered[side], needs[side]);
        });
      });
      if (!covered.top && !covered.bottom && !covered.left && !covered.right) return;
      Object.keys(pad).forEach(function (side) { pad[side] += covered[side] + (covered[side] ? 4 : 0); });
    }
  }

  // ---------------------------------------------------------------- markers and labels
  // "12–15, 18": runs of consecutive numbers, a long list cut short.
  function ranges(numbers) {
    const sorted = numbers.slice().sort(function (a, b) { return a - b; }), parts = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
      parts.push(j === i ? String(sorted[i]) : j === i + 1 ? sorted[i] + ", " + sorted[j] : sorted[i] + "–" + sorted[j]);
      i = j + 1;
    }
    return parts.length > 9 ? parts.slice(0, 8).join(", ") + " …" : parts.join(", ");
  }

  // Groups of events drawn as one: {members, x, y}, at the mean of their pixels.
  // (Fanned events count at their spot: a cluster of one spot's events sits on it.)
  function centre(group) {
    const at = function (m) { return group.members.length > 1 && m.spot ? m.spot : m; };
    group.x = group.members.reduce(function (s, m) { return s + at(m).x; }, 0) / group.members.length;
    group.y = group.members.reduce(function (s, m) { return s + at(m).y; }, 0) / group.members.length;
    return group;
  }

  // Events at one spot (a park, a town known only by name) are fanned out around it, each
  // with its own marker, tied to the spot by a spoke: a ring for a few, a spiral for many.
  function fanOut(points) {
    const spots = new Map();
    points.forEach(function (p) {
      const key = Math.round(p.x / 2) + "," + Math.round(p.y / 2);
      if (!spots.has(key)) spots.set(key, []);
      spots.get(key).push(p);
    });
    spots.forEach(function (members) {
      if (members.length < 2) return;
      members.sort(function (a, b) { return a.n - b.n; });
      const spacing = MARKER + 4, ring = members.length <= 8;
      let angle = -Math.PI / 2;
      members.forEach(function (p, i) {
        const radius = ring ? Math.max(MARKER + 6, (spacing * members.length) / (2 * Math.PI))
          : MARKER + 6 + (spacing / (2 * Math.PI)) * (angle + Math.PI / 2);
        p.spot = { x: p.x, y: p.y };
        p.x += Math.cos(angle) * radius;
        p.y += Math.sin(angle) * radius;
        angle += ring ? (2 * Math.PI) / members.length : spacing / radius;
      });
    });
    return points;
  }

  // Each event starts as its own group; markers that would still touch are one group.
  function initialGroups(points) {
    const groups = [];
    const order = fanOut(points).slice().sort(function (a, b) { return a.n - b.n; });
    order.forEach(function (p) {
      const near = groups.find(function (g) { return Math.hypot(g.x - p.x, g.y - p.y) < MARKER; });
      if (near) centre(near).members.push(p);
      else groups.push({ members: [p], x: p.x, y: p.y });
    });
    return groups.map(centre);
  }

  function radiusOf(group) {
    if (group.members.length === 1) {
      const digits = String(group.members[0].n).length;
      return Math.max(MARKER, 8 + 6 * digits) / 2;
    }
    return Math.min(10 + 2.2 * Math.sqrt(group.members.length), 22);
  }

  function labelText(group, config) {
    if (group.members.length > 1) return ranges(group.members.map(function (m) { return m.n; }));
    return config.labels ? group.members[0].label : "";
  }

  // Candidate label positions around a marker of radius r: beside, above, below, the
  // corners, then the same farther out (with a leader line).
  function candidates(g, r, w, h) {
    const out = [];
    [0, LEADER].forEach(function (d) {
      const q = r + GAP + d, c = r + GAP + d * 0.75;  // corners clear the marker's square
      out.push({ x: g.x + q, y: g.y - h / 2 }, { x: g.x - q - w, y: g.y - h / 2 },
               { x: g.x - w / 2, y: g.y - q - h }, { x: g.x - w / 2, y: g.y + q },
               { x: g.x + c, y: g.y - c - h }, { x: g.x + c, y: g.y + c },
               { x: g.x - c - w, y: g.y - c - h }, { x: g.x - c - w, y: g.y + c });
    });
    return out.map(function (p) { return { x: p.x, y: p.y, w: w, h: h, far: out.indexOf(p) >= 8 }; });
  }

  // One attempt: place every group's label; returns the groups whose label found no room.
  function place(groups, size, overlays, measure, config, fixed) {
    const grid = new Grid();
    overlays.forEach(function (r) { grid.add(r); });
    fixed.forEach(function (g) { grid.add(g.box); grid.add(g.label.rect); });
    groups.forEach(function (g) {
      const r = radiusOf(g);
      g.box = { x: g.x - r, y: g.y - r, w: 2 * r, h: 2 * r, owner: g };
      grid.add(g.box);
    });
    const failed = [];
    groups.forEach(function (g) {
      g.label = null;
      const text = labelText(g, config);
      if (!text) return;
      const dims = measure(text), r = radiusOf(g);
      const spot = candidates(g, r, dims.w, dims.h).find(function (c) {
        return c.x >= 2 && c.y >= 2 && c.x + c.w <= size.x - 2 && c.y + c.h <= size.y - 2 && !grid.hits(c, g);
      });
      if (!spot) { failed.push(g); return; }
      spot.owner = null;
      g.label = { text: text, rect: spot };
      grid.add(spot);
    });
    return failed;
  }

  // Merge each group whose label found no room with its nearest neighbour within reach.
  function merge(groups, failed, reach) {
    let merged = false;
    failed.forEach(function (g) {
      if (groups.indexOf(g) < 0) return;  // already taken into another
      let best = null, distance = reach;
      groups.forEach(function (o) {
        const d = Math.hypot(o.x - g.x, o.y - g.y);
        if (o !== g && d < distance) { best = o; distance = d; }
      });
      if (!best) return;
      best.members = best.members.concat(g.members);
      centre(best);
      groups.splice(groups.indexOf(g), 1);
      merged = true;
    });
    return merged;
  }

  // Groups whose markers now touch (two clusters of one fan sit on its spot) become one.
  function consolidate(groups) {
    for (let again = true; again;) {
      again = false;
      for (let i = 0; i < groups.length && !again; i++) {
        for (let j = i + 1; j < groups.length && !again; j++) {
          const a = groups[i], b = groups[j];
          if (a.members.length === 1 && b.members.length === 1) continue;  // a fan's own
          if (Math.hypot(a.x - b.x, a.y - b.y) >= radiusOf(a) + radiusOf(b)) continue;
          a.members = a.members.concat(b.members);
          centre(a);
          groups.splice(j, 1);
          again = true;
        }
      }
    }
  }

  // ``names``: the basemap's district names; single labels keep off them, a spot's columns
  // may cover one (listing every event there matters more).
  function layout(points, size, overlays, names, measure, config) {
    const fixed = config.labels ? callouts(points, size, overlays, names, measure) : [];
    overlays = overlays.concat(names);
    const listed = new Set();
    fixed.forEach(function (g) { listed.add(g.members[0].source); });
    const groups = foldBlockedFans(initialGroups(points.filter(function (p) { return !listed.has(p); })), fixed);
    let failed = [];
    for (let round = 0; round < MERGE_ROUNDS; round++) {
      // Busy spots first: their labels have the fewest free places.
      groups.sort(function (a, b) { return b.members.length - a.members.length || a.members[0].n - b.members[0].n; });
      failed = place(groups, size, overlays, measure, config, fixed);
      if (!failed.length || !merge(groups, failed, 40 * (round + 1))) break;
      consolidate(groups);
    }
    return { groups: fixed.concat(groups), unlabelled: failed.length };
  }

  // A fan whose markers land on a spot's columns folds back into one cluster at its spot.
  function foldBlockedFans(groups, fixed) {
    const key = function (spot) { return spot.x + "," + spot.y; };
    const blocked = new Set();
    groups.forEach(function (g) {
      const m = g.members[0];
      if (g.members.length !== 1 || !m.spot) return;
      const r = radiusOf(g), box = { x: g.x - r, y: g.y - r, w: 2 * r, h: 2 * r };
      if (fixed.some(function (f) { return overlaps(box, f.box) || overlaps(box, f.label.rect); })) blocked.add(key(m.spot));
    });
    if (!blocked.size) return groups;
    const folded = new Map(), out = [];
    groups.forEach(function (g) {
      const m = g.members[0];
      if (g.members.length !== 1 || !m.spot || !blocked.has(key(m.spot))) { out.push(g); return; }
      if (!folded.has(key(m.spot))) {
        const group = { members: [], x: m.spot.x, y: m.spot.y };
        folded.set(key(m.spot), group);
        out.push(group);
      }
      folded.get(key(m.spot)).members.push(m);
    });
    folded.forEach(function (g) { if (g.members.length > 1) centre(g); });
    return out;
  }

  // A spot with many events (a park, a district known only by name) lists them in one or
  // two columns beside it, in number order, each a marker and its label, tied to the spot
  // by a spoke: a reader finds them all, none hidden in a cluster. Returns their groups
  // (labels placed); a spot whose columns find no room is left to the fan and the clusters.
  function callouts(points, size, overlays, names, measure) {
    const spots = new Map();
    points.forEach(function (p) {
      const key = Math.round(p.x / 2) + "," + Math.round(p.y / 2);
      if (!spots.has(key)) spots.set(key, []);
      spots.get(key).push(p);
    });
    const grid = new Grid();
    overlays.forEach(function (r) { grid.add(r); });
    points.forEach(function (p) {  // every event's own place, before any is listed
      grid.add({ x: p.x - MARKER / 2, y: p.y - MARKER / 2, w: MARKER, h: MARKER, owner: p });
    });
    const busiest = Array.from(spots.values()).filter(function (m) { return m.length >= CALLOUT_MIN; })
      .sort(function (a, b) { return b.length - a.length; });
    let made = [];
    busiest.forEach(function (members) {
      members.sort(function (a, b) { return a.n - b.n; });
      const groups = columns(members, size, grid, measure, names);
      if (!groups) return;
      groups.forEach(function (g) { grid.add(g.box); grid.add(g.label.rect); });
      made = made.concat(groups);
    });
    return made;
  }

  // The groups of one spot's columns, or null when they do not fit anywhere near it: of
  // the layouts that fit, the one with the shortest spokes, covering the fewest names.
  function columns(members, size, grid, measure, names) {
    const spot = { x: members[0].x, y: members[0].y };
    const texts = members.map(function (m) { return measure(m.label); });
    const rowH = Math.max(MARKER, texts[0].h) + 3;
    const splits = [Math.ceil(members.length / 2), members.length, 0];  // two columns, or one
    let best = null, bestCost = Infinity;
    splits.forEach(function (split) {
      [40, 64, 96, 140, 200].forEach(function (off) {
        [0, -2, 2, -4, 4, -6, 6, -9, 9, -12, 12].forEach(function (shift) {
          const groups = tryColumns(members, texts, spot, split, off, shift * rowH, rowH, size, grid);
          if (!groups) return;
          let cost = 0;
          groups.forEach(function (g) {
            cost += Math.hypot(g.x - spot.x, g.y - spot.y) / groups.length;
            cost += 80 * names.filter(function (n) { return overlaps(n, g.label.rect); }).length;
          });
          if (cost < bestCost) { best = groups; bestCost = cost; }
        });
      });
    });
    return best;
  }

  // members[0 … split) to the right of the spot, the rest to its left.
  function tryColumns(members, texts, spot, split, off, shift, rowH, size, grid) {
    const sides = [members.slice(0, split), members.slice(split)];
    const out = [];
    for (let s = 0; s < 2; s++) {
      const side = sides[s], sign = s === 0 ? 1 : -1;
      const top = spot.y - (side.length * rowH) / 2 + shift;
      for (let i = 0; i < side.length; i++) {
        const m = side[i], dims = texts[members.indexOf(m)];
        const x = spot.x + sign * off, y = top + rowH * (i + 0.5), r = radiusOf({ members: [m] });
        const box = { x: x - r, y: y - r, w: 2 * r, h: 2 * r };
        const rect = { x: sign > 0 ? x + r + GAP : x - r - GAP - dims.w, y: y - dims.h / 2, w: dims.w, h: dims.h };
        const inside = [box, rect].every(function (q) {
          return q.x >= 2 && q.y >= 2 && q.x + q.w <= size.x - 2 && q.y + q.h <= size.y - 2;
        });
        if (!inside || grid.hits(box, null) || grid.hits(rect, null)) return null;
        const point = Object.assign({}, m, { x: x, y: y, spot: spot, source: m });
        box.owner = null;
        out.push({ members: [point], x: x, y: y, box: box, fixed: true,
                   label: { text: m.label, rect: rect } });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- drawing
  function pie(group, types, r) {
    const counts = {};
    group.members.forEach(function (m) { counts[m.type] = (counts[m.type] || 0) + 1; });
    const keys = Object.keys(counts), total = group.members.length, size = 2 * r;
    const drawing = svg("svg", { width: size, height: size, viewBox: [-r, -r, size, size].join(" "), class: "print-pie" });
    let angle = -Math.PI / 2;
    keys.forEach(function (key) {
      const colour = (types[key] || {}).color || "#777", share = counts[key] / total;
      let slice;
      if (share >= 1) slice = svg("circle", { r: r - 1, fill: colour });
      else {
        const next = angle + share * 2 * Math.PI, large = share > 0.5 ? 1 : 0, q = r - 1;
        slice = svg("path", { fill: colour, d: "M0,0 L" + q * Math.cos(angle) + "," + q * Math.sin(angle) +
          " A" + q + "," + q + " 0 " + large + " 1 " + q * Math.cos(next) + "," + q * Math.sin(next) + " Z" });
        angle = next;
      }
      slice.setAttribute("data-type", key);
      drawing.appendChild(slice);
    });
    drawing.appendChild(svg("circle", { r: r - 1, fill: "none", stroke: "#fff", "stroke-width": 2 }));
    return drawing;
  }

  // The spot a fan opens from: a dot, and a spoke to each fanned marker drawn on its own.
  function spokes(layer, groups) {
    const drawing = svg("svg", { class: "print-spokes", width: "100%", height: "100%" });
    const spots = new Map();
    groups.forEach(function (g) {
      const m = g.members[0];
      if (g.members.length !== 1 || !m.spot) return;
      drawing.appendChild(svg("line", { x1: m.spot.x, y1: m.spot.y, x2: g.x, y2: g.y, stroke: "#555", "stroke-width": 0.8 }));
      spots.set(m.spot.x + "," + m.spot.y, m.spot);
    });
    spots.forEach(function (spot) {
      drawing.appendChild(svg("circle", { cx: spot.x, cy: spot.y, r: 2.5, fill: "#333" }));
    });
    layer.appendChild(drawing);
  }

  function draw(layer, groups, types) {
    spokes(layer, groups);
    groups.forEach(function (g) {
      const r = radiusOf(g);
      let marker;
      if (g.members.length === 1) {
        const m = g.members[0];
        marker = el("div", "print-marker", m.n);
        marker.style.setProperty("--c", (types[m.type] || {}).color || "#777");
        if (m.planned) marker.classList.add("planned");
      } else {
        marker = el("div", "print-cluster");
        marker.appendChild(pie(g, types, r));
        marker.setAttribute("data-members", g.members.map(function (m) { return m.n; }).join(","));
        marker.setAttribute("data-types", Array.from(new Set(g.members.map(function (m) { return m.type; }))).join(","));
      }
      marker.setAttribute("data-ids", g.members.map(function (m) { return m.id; }).join(","));
      Object.assign(marker.style, { left: g.x - r + "px", top: g.y - r + "px", width: 2 * r + "px", height: 2 * r + "px" });
      layer.appendChild(marker);
      if (!g.label) return;
      const rect = g.label.rect;
      if (rect.far) layer.appendChild(leader(g, r, rect));
      const label = el("div", g.members.length > 1 ? "print-label print-cluster-label" : "print-label", g.label.text);
      label.setAttribute("data-ids", marker.getAttribute("data-ids"));
      Object.assign(label.style, { left: rect.x + "px", top: rect.y + "px", width: rect.w + "px", height: rect.h + "px" });
      layer.appendChild(label);
    });
  }

  // A thin line from the marker's edge to the nearest point of its label.
  function leader(g, r, rect) {
    const tx = Math.max(rect.x, Math.min(g.x, rect.x + rect.w)), ty = Math.max(rect.y, Math.min(g.y, rect.y + rect.h));
    const d = Math.hypot(tx - g.x, ty - g.y) || 1;
    const x0 = g.x + (tx - g.x) * r / d, y0 = g.y + (ty - g.y) * r / d;
    const left = Math.min(x0, tx) - 1, top = Math.min(y0, ty) - 1;
    const line = svg("svg", { class: "print-leader", width: Math.abs(tx - x0) + 2, height: Math.abs(ty - y0) + 2 });
    line.style.left = left + "px";
    line.style.top = top + "px";
    line.appendChild(svg("line", { x1: x0 - left, y1: y0 - top, x2: tx - left, y2: ty - top, stroke: "#555", "stroke-width": 0.8 }));
    return line;
  }

  // A label's size, measured once per text in a hidden probe with the labels' style.
  function measurer(layer) {
    const probe = el("div", "print-label");
    probe.style.visibility = "hidden";
    layer.appendChild(probe);
    const sizes = new Map();
    return function (text) {
      if (!sizes.has(text)) {
        probe.textContent = text;
        sizes.set(text, { w: Math.ceil(probe.offsetWidth) + 1, h: Math.ceil(probe.offsetHeight) });
      }
      return sizes.get(text);
    };
  }

  // config: {title, subtitle, footer, labels (bool), numbers {id: n}, texts {id: label},
  // districts [names to fit]}. Returns what was drawn.
  function printLayout(config) {
    const source = window.explorer.printSource();
    const map = source.map, container = map.getContainer();
    window.explorer.hideEventLayers();
    document.body.classList.add("print");
    map.options.zoomSnap = 0;  // fitted exactly, not to the next whole zoom level out
    removeControls(map);
    titleBox(config);
    northArrow(source.text.north);
    legendBox(source.text.legend);
    footerLine(config, source.attribution);
    const overlays = overlayRects(container);
    // The basemap's district names stay readable: labels keep off them too (the view is
    // fitted before they are measured, below).
    const numbers = config.numbers || {}, texts = config.texts || {};
    const latlngs = source.events.map(function (e) { return L.latLng(window.explorer.toDisplay(e.lat, e.lon)); });
    const areas = [];
    (config.districts || []).forEach(function (name) {
      const b = source.districts[name];
      if (b) areas.push(L.latLng(window.explorer.toDisplay(b[0], b[1])), L.latLng(window.explorer.toDisplay(b[2], b[3])));
    });
    fit(map, latlngs, areas, overlays);
    const points = source.events.map(function (e, i) {
      const p = map.latLngToContainerPoint(latlngs[i]);
      return { id: e.id, n: numbers[e.id] || 0, type: e.type, planned: e.planned, x: p.x, y: p.y,
               label: texts[e.id] || String(numbers[e.id] || "") };
    });
    const old = document.getElementById("print-layer");
    if (old) old.remove();
    const layer = el("div", "");
    layer.id = "print-layer";
    container.appendChild(layer);
    const measure = measurer(layer);
    const size = map.getSize();
    const origin = container.getBoundingClientRect();
    // Their text overflows the small icon box that holds it: measure the text itself.
    const names = Array.from(document.querySelectorAll(".district-label")).map(function (node) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      const box = { x: r.left - origin.left - 2, y: r.top - origin.top - 1, w: r.width + 4, h: r.height + 2 };
      // A name the frame cuts ("…市" of 恩平市 at the edge) is left out of the figure.
      if (box.w > 4 && (box.x < 0 || box.y < 0 || box.x + box.w > size.x || box.y + box.h > size.y)) {
        node.style.visibility = "hidden";
        return { w: 0 };
      }
      return box;
    }).filter(function (r) { return r.w > 4; });
    const result = layout(points, size, overlays, names, measure, { labels: config.labels !== false });
    layer.textContent = "";
    draw(layer, result.groups, source.types);
    return { events: points.length, markers: result.groups.length,
             clusters: result.groups.filter(function (g) { return g.members.length > 1; }).length,
             unlabelled: result.unlabelled, zoom: map.getZoom() };
  }

  // Whether online tiles of the fitted view are still on their way (the snapshot waits).
  function tilesLoading() {
    let busy = false;
    const source = window.explorer.printSource();
    source.map.eachLayer(function (layer) {
      if (layer instanceof L.GridLayer && layer.isLoading()) busy = true;
    });
    return busy;
  }

  window.explorerPrint = { layout: printLayout, ranges: ranges, tilesLoading: tilesLoading };
  if (window.explorer) window.explorer.printLayout = printLayout;
})();
