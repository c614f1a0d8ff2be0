/* accord dashboard: plain JS + SVG, no library, no network beyond this server's /api.
 *
 * Safety rule of this file: every text that comes from the API is put on the page with textContent or
 * createTextNode, never parsed as HTML; a URL from the data becomes an href only when it is http(s).
 */
"use strict";

(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const COLOURS = ["#1d6fb8", "#d1495b", "#2a9d8f", "#8e5ac8", "#e08e0b", "#5c6b73"];
  const QUADS = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"};

  const $ = (id) => document.getElementById(id);

  /* ---- DOM helpers: text only ------------------------------------------------------------------------ */

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      // never an event handler attribute, never an href from here (see safeLink)
      if (/^on/i.test(key) || key === "href" || key === "src") throw new Error("refused attribute " + key);
      if (key === "class") node.setAttribute("class", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** A link only for http(s) URLs; anything else (javascript:, data: ...) is shown as plain text. */
  function safeLink(url, label) {
    const text = label === undefined ? url : label;
    if (typeof url === "string" && /^https?:\/\//i.test(url.trim())) {
      let parsed = null;
      try {
        parsed = new URL(url.trim());
      } catch (err) {
        parsed = null;
      }
      if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
        const a = el("a", {target: "_blank", rel: "noopener noreferrer nofollow"}, text);
        a.href = parsed.href;
        return a;
      }
    }
    return el("span", {class: "url-text"}, text);
  }

  function fmt(x, digits) {
    if (x === null || x === undefined || Number.isNaN(x)) return "–";
    return Number(x).toFixed(digits === undefined ? 2 : digits);
  }

  function signed(x, digits) {
    if (x === null || x === undefined) return "–";
    return (x > 0 ? "+" : "") + fmt(x, digits);
  }

  /* ---- API ------------------------------------------------------------------------------------------------ */

  function query(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value === undefined || value === null || value === "") continue;
      if (Array.isArray(value)) value.forEach((v) => q.append(key, v));
      else q.append(key, String(value));
    }
    const s = q.toString();
    return s ? "?" + s : "";
  }

  let pending = 0;
  const generation = {};

  /** A token for one view's latest request: an answer that comes back after a newer request is dropped. */
  function ticket(view) {
    generation[view] = (generation[view] || 0) + 1;
    const mine = generation[view];
    return () => generation[view] === mine;
  }

  async function api(path, params) {
    pending += 1;
    setStatus("Loading…");
    try {
      const response = await fetch("api/" + path + query(params), {headers: {Accept: "application/json"}});
      let body = null;
      try {
        body = await response.json();
      } catch (err) {
        body = null;
      }
      if (!response.ok) {
        const detail = body && body.detail ? (typeof body.detail === "string" ? body.detail
          : body.detail.map((d) => (d.loc || []).slice(-1).join("") + ": " + d.msg).join("; ")) : response.statusText;
        const error = new Error(response.status + " " + detail);
        error.status = response.status;
        throw error;
      }
      return body;
    } finally {
      pending -= 1;
      if (pending === 0) setStatus("");
    }
  }

  function setStatus(text, isError) {
    const node = $("status");
    node.textContent = text;
    node.classList.toggle("error", Boolean(isError));
  }

  function fail(err) {
    setStatus("Error: " + (err && err.message ? err.message : String(err)), true);
  }

  /* ---- tooltip ------------------------------------------------------------------------------------------ */

  const tooltip = {
    show(evt, lines) {
      const node = $("tooltip");
      clear(node);
      lines.forEach((line, i) => node.appendChild(el("div", {class: i === 0 ? "tt-title" : "tt-line"}, line)));
      node.hidden = false;
      this.move(evt);
    },
    move(evt) {
      const node = $("tooltip");
      const pad = 14;
      let x = evt.clientX + pad;
      let y = evt.clientY + pad;
      const w = node.offsetWidth;
      const h = node.offsetHeight;
      if (x + w > window.innerWidth - 4) x = evt.clientX - w - pad;
      if (y + h > window.innerHeight - 4) y = evt.clientY - h - pad;
      node.style.left = Math.max(4, x) + "px";
      node.style.top = Math.max(4, y) + "px";
    },
    hide() {
      $("tooltip").hidden = true;
    },
  };

  function withTooltip(node, linesFn) {
    node.addEventListener("mouseenter", (evt) => tooltip.show(evt, linesFn()));
    node.addEventListener("mousemove", (evt) => tooltip.move(evt));
    node.addEventListener("mouseleave", () => tooltip.hide());
  }

  /* ---- header --------------------------------------------------------------------------------------------- */

  async function loadStats() {
    const stats = await api("stats");
    const dl = clear($("stats"));
    const item = (label, value) => {
      dl.appendChild(el("div", {class: "stat"}, el("dt", null, label), el("dd", null, value)));
    };
    item("documents", Number(stats.documents).toLocaleString("en"));
    item("events", Number(stats.events).toLocaleString("en"));
    item("mentions", Number(stats.mentions).toLocaleString("en"));
    item("dates", stats.first_date ? stats.first_date + " – " + stats.last_date : "–");
  }

  async function loadActors() {
    const data = await api("actors", {limit: 200});
    const list = clear($("actor-list"));
    const countries = new Map();
    for (const actor of data.actors) {
      if (actor.country && !countries.has(actor.country)) countries.set(actor.country, 0);
      if (actor.country) countries.set(actor.country, countries.get(actor.country) + actor.events);
    }
    for (const [code, events] of countries) {
      const option = document.createElement("option");
      option.value = code;
      option.label = code + " (country, " + events + " event mentions)";
      list.appendChild(option);
    }
    for (const actor of data.actors) {
      if (countries.has(actor.code)) continue;
      const option = document.createElement("option");
      option.value = actor.code;
      option.label = (actor.name ? actor.name + " · " : "") + actor.events + " events";
      list.appendChild(option);
    }
  }

  /* ---- periods -------------------------------------------------------------------------------------------- */

  function periodStart(period) {
    // "2025-10" (month) or "2025-10-28" (day, week start)
    const parts = period.split("-").map(Number);
    return Date.UTC(parts[0], parts[1] - 1, parts.length > 2 ? parts[2] : 1);
  }

  function periodEnd(period, freq) {
    // the first instant after the period
    const start = new Date(periodStart(period));
    if (freq === "month") return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
    if (freq === "week") return start.getTime() + 7 * 86400000;
    return start.getTime() + 86400000;
  }

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  /* ---- dyad view -------------------------------------------------------------------------------------- */

  const dyadState = {dyads: [{source: "USA", target: "JPN"}], results: [], freq: "month", directed: true, issue: ""};

  function dyadKey(d) {
    return d.source + "-" + d.target;
  }

  function readDyadForm() {
    const source = $("dyad-source").value.trim().toUpperCase();
    const target = $("dyad-target").value.trim().toUpperCase();
    const valid = /^[A-Z0-9]{3,}$/;
    if (!valid.test(source) || !valid.test(target)) {
      setStatus("Source and target are actor or country codes (letters and digits).", true);
      return null;
    }
    dyadState.freq = $("dyad-freq").value;
    dyadState.directed = $("dyad-directed").checked;
    dyadState.issue = $("dyad-issue").value.trim();
    return {source, target};
  }

  async function loadDyads() {
    const params = {freq: dyadState.freq, directed: dyadState.directed ? "true" : "false", issue: dyadState.issue};
    const current = ticket("dyad");
    try {
      const results = await Promise.all(dyadState.dyads.map((d) =>
        api("dyads/" + encodeURIComponent(d.source) + "/" + encodeURIComponent(d.target) + "/series", params)));
      if (!current()) return;
      dyadState.results = results.map((r, i) => ({dyad: dyadState.dyads[i], colour: COLOURS[i % COLOURS.length],
        series: r.series || [], momentum: r.momentum || {}, freq: r.freq || dyadState.freq}));
      renderLegend();
      renderChart();
      clear($("top-events"));
    } catch (err) {
      fail(err);
    }
  }

  function momentumText(m) {
    if (!m || !m.direction) return "momentum unknown";
    if (m.direction === "unknown" || m.slope === null || m.slope === undefined) {
      return "momentum unknown (" + (m.periods || 0) + " periods with events, 3 needed)";
    }
    return m.direction + ", slope " + signed(m.slope, 3) + " per period (95% " + signed(m.low, 3) + " to "
      + signed(m.high, 3) + ", last " + m.periods + " periods)";
  }

  function renderLegend() {
    const legend = clear($("dyad-legend"));
    dyadState.results.forEach((r, i) => {
      const arrow = dyadState.directed ? " → " : " ↔ ";
      const total = r.series.reduce((s, row) => s + row.events, 0);
      const remove = el("button", {type: "button", class: "remove", title: "Remove this dyad",
        "aria-label": "Remove " + dyadKey(r.dyad)}, "×");
      remove.disabled = dyadState.dyads.length < 2;
      remove.addEventListener("click", () => {
        dyadState.dyads.splice(i, 1);
        loadDyads();
      });
      const swatch = el("span", {class: "swatch"});
      swatch.style.background = r.colour;
      legend.appendChild(el("div", {class: "legend-item", "data-dyad": dyadKey(r.dyad)},
        swatch,
        el("strong", null, r.dyad.source + arrow + r.dyad.target),
        el("span", {class: "muted"}, " " + total + " events · "),
        el("span", {class: "momentum dir-" + (r.momentum.direction || "unknown")}, momentumText(r.momentum)),
        remove));
    });
  }

  function renderChart() {
    const box = clear($("chart"));
    const results = dyadState.results;
    const freq = dyadState.freq;
    const rows = results.flatMap((r) => r.series);
    if (rows.length === 0) {
      box.appendChild(el("div", {class: "empty"}, "No events for " +
        results.map((r) => r.dyad.source + "–" + r.dyad.target).join(", ") + " with these filters."));
      return;
    }
    const W = Math.max(640, Math.round(box.clientWidth || 1180));
    const H = 380;
    const M = {left: 56, right: 56, top: 18, bottom: 44};
    const iw = W - M.left - M.right;
    const ih = H - M.top - M.bottom;

    // one slot per period with events (periods without events are skipped, as momentum skips them)
    const periods = Array.from(new Set(rows.map((r) => r.period))).sort();
    const slotOf = new Map(periods.map((p, i) => [p, i]));
    const slot = iw / periods.length;
    const barW = Math.max(1.5, Math.min(40, (slot * 0.7) / results.length));
    const offset = (i) => (i - (results.length - 1) / 2) * barW;
    const mid = (p) => M.left + (slotOf.get(p) + 0.5) * slot;
    const yi = (v) => M.top + ((1 - v) / 2) * ih;
    const maxEvents = Math.max(1, ...rows.map((r) => r.events));
    const niceMax = niceCeil(maxEvents);
    const barH = ih * 0.4; // counts use the lower part of the plot
    const ye = (n) => M.top + ih - (n / niceMax) * barH;

    const root = svg("svg", {class: "chart-svg", viewBox: "0 0 " + W + " " + H, width: W, height: H,
      role: "img", "aria-label": "Cooperation-conflict index by period"});

    // grid and axes
    const grid = svg("g", {class: "grid"});
    for (const v of [-1, -0.5, 0, 0.5, 1]) {
      grid.appendChild(svg("line", {x1: M.left, x2: W - M.right, y1: yi(v), y2: yi(v),
        class: v === 0 ? "zero" : null}));
      grid.appendChild(svg("text", {x: M.left - 8, y: yi(v) + 4, class: "axis-label", "text-anchor": "end"},
        (v > 0 ? "+" : "") + v));
    }
    for (const n of niceTicks(niceMax)) {
      grid.appendChild(svg("text", {x: W - M.right + 8, y: ye(n) + 4, class: "axis-label events-axis"}, n));
    }
    grid.appendChild(svg("text", {x: 14, y: M.top + ih / 2, class: "axis-title",
      transform: "rotate(-90 14 " + (M.top + ih / 2) + ")", "text-anchor": "middle"}, "index (coop − conflict)"));
    grid.appendChild(svg("text", {x: W - 12, y: M.top + ih - barH / 2, class: "axis-title",
      transform: "rotate(90 " + (W - 12) + " " + (M.top + ih - barH / 2) + ")", "text-anchor": "middle"}, "events"));
    root.appendChild(grid);

    // x axis: labels at periods with events, thinned to keep them apart
    const xaxis = svg("g", {class: "x-axis"});
    xaxis.appendChild(svg("line", {x1: M.left, x2: W - M.right, y1: M.top + ih, y2: M.top + ih}));
    let lastX = -Infinity;
    for (const p of periods) {
      const px = mid(p);
      xaxis.appendChild(svg("line", {x1: px, x2: px, y1: M.top + ih, y2: M.top + ih + 4}));
      if (px - lastX < 76) continue;
      lastX = px;
      xaxis.appendChild(svg("text", {x: px, y: M.top + ih + 18, "text-anchor": "middle", class: "axis-label",
        "data-period": p}, p));
    }
    root.appendChild(xaxis);

    // bars: events per period, one slot per dyad
    const bars = svg("g", {class: "bars"});
    results.forEach((r, i) => {
      for (const row of r.series) {
        const left = mid(row.period) + offset(i) - barW / 2;
        const rect = svg("rect", {class: "bar", x: left, y: ye(row.events), width: barW,
          height: Math.max(0, M.top + ih - ye(row.events)), fill: r.colour,
          "data-dyad": dyadKey(r.dyad), "data-period": row.period, "data-events": row.events});
        withTooltip(rect, () => pointLines(r, row));
        bars.appendChild(rect);
      }
    });
    root.appendChild(bars);

    // bands under lines under points, so that no dyad's band hides another dyad's points
    const bandLayer = svg("g", {class: "bands"});
    const lineLayer = svg("g", {class: "lines"});
    const pointLayer = svg("g", {class: "points"});
    results.forEach((r, i) => {
      const g = svg("g", {class: "series", "data-dyad": dyadKey(r.dyad)});
      const px = (row) => mid(row.period) + offset(i);
      const segments = [];
      let current = [];
      for (const row of r.series) {
        if (row.index === null || row.index === undefined) {
          if (current.length) segments.push(current);
          current = [];
        } else {
          current.push(row);
        }
      }
      if (current.length) segments.push(current);
      for (const seg of segments) {
        const lo = (row) => (row.index_low === null || row.index_low === undefined ? row.index : row.index_low);
        const hi = (row) => (row.index_high === null || row.index_high === undefined ? row.index : row.index_high);
        if (seg.length === 1) {
          const row = seg[0];
          const bw = Math.max(6, Math.min(14, barW));
          bandLayer.appendChild(svg("rect", {class: "band", "data-dyad": dyadKey(r.dyad), x: px(row) - bw / 2,
            width: bw, y: yi(hi(row)), height: Math.max(1, yi(lo(row)) - yi(hi(row))), fill: r.colour}));
          continue;
        }
        const upper = seg.map((row) => px(row) + "," + yi(hi(row)));
        const lower = seg.slice().reverse().map((row) => px(row) + "," + yi(lo(row)));
        bandLayer.appendChild(svg("path", {class: "band", "data-dyad": dyadKey(r.dyad),
          d: "M" + upper.concat(lower).join("L") + "Z", fill: r.colour}));
        lineLayer.appendChild(svg("path", {class: "line", "data-dyad": dyadKey(r.dyad), stroke: r.colour,
          d: "M" + seg.map((row) => px(row) + "," + yi(row.index)).join("L")}));
      }
      for (const row of r.series) {
        const missing = row.index === null || row.index === undefined;
        const point = svg("circle", {class: "point" + (missing ? " missing" : ""), cx: px(row),
          cy: missing ? yi(0) : yi(row.index), r: missing ? 3 : 5, fill: missing ? "#fff" : r.colour,
          stroke: r.colour, tabindex: 0,
          "data-dyad": dyadKey(r.dyad), "data-source": r.dyad.source, "data-target": r.dyad.target,
          "data-period": row.period, "data-events": row.events,
          "data-index": missing ? "" : row.index,
          "data-index-low": row.index_low === null || row.index_low === undefined ? "" : row.index_low,
          "data-index-high": row.index_high === null || row.index_high === undefined ? "" : row.index_high,
          "data-cooperation": row.cooperation, "data-conflict": row.conflict});
        withTooltip(point, () => pointLines(r, row));
        point.addEventListener("click", () => loadTopEvents(r, row));
        point.addEventListener("keydown", (evt) => {
          if (evt.key === "Enter" || evt.key === " ") loadTopEvents(r, row);
        });
        g.appendChild(point);
      }
      pointLayer.appendChild(g);
    });
    root.appendChild(bandLayer);
    root.appendChild(lineLayer);
    root.appendChild(pointLayer);
    box.appendChild(root);
  }

  function niceCeil(n) {
    const pow = Math.pow(10, Math.floor(Math.log10(n)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= n) return Math.max(1, m * pow);
    return n;
  }

  function niceTicks(max) {
    return Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max];
  }

  function pointLines(r, row) {
    const arrow = dyadState.directed ? " → " : " ↔ ";
    return [
      r.dyad.source + arrow + r.dyad.target + " · " + row.period,
      "index " + signed(row.index) + " (95% " + signed(row.index_low) + " to " + signed(row.index_high) + ")",
      row.events + " events: " + row.cooperation + " cooperation, " + row.conflict + " conflict",
      "Goldstein mean " + fmt(row.goldstein_mean) + (row.plover_score === null || row.plover_score === undefined
        ? "" : " · PLOVER " + fmt(row.plover_score)),
      "click for the top events",
    ];
  }

  async function loadTopEvents(r, row) {
    const freq = dyadState.freq;
    const start = isoDay(periodStart(row.period));
    const end = isoDay(periodEnd(row.period, freq) - 86400000);
    const base = {start, end, issue: dyadState.issue, limit: 5};
    const current = ticket("top");
    try {
      const calls = [api("events/top", Object.assign({source: r.dyad.source, target: r.dyad.target}, base))];
      if (!dyadState.directed) {
        calls.push(api("events/top", Object.assign({source: r.dyad.target, target: r.dyad.source}, base)));
      }
      const answers = await Promise.all(calls);
      if (!current()) return;
      const seen = new Set();
      const events = [];
      for (const e of answers.flatMap((a) => a.events)) {
        if (seen.has(e.event_id)) continue;
        seen.add(e.event_id);
        events.push(e);
      }
      events.sort((a, b) => Math.abs(b.goldstein || 0) * (b.num_articles || 1)
        - Math.abs(a.goldstein || 0) * (a.num_articles || 1));
      const box = clear($("top-events"));
      box.appendChild(el("h3", null, "Top events · " + r.dyad.source + (dyadState.directed ? " → " : " ↔ ")
        + r.dyad.target + " · " + row.period));
      if (events.length === 0) {
        box.appendChild(el("p", {class: "muted"}, "No events."));
        return;
      }
      const list = el("ol", {class: "event-list"});
      for (const e of events.slice(0, 5)) list.appendChild(eventItem(e));
      box.appendChild(list);
    } catch (err) {
      fail(err);
    }
  }

  function actorLabel(actor) {
    if (!actor) return "–";
    return actor.code || "–";
  }

  function eventItem(e) {
    const li = el("li", {class: "event-item clickable", tabindex: 0, "data-event-id": e.event_id,
      "data-doc-hash": e.doc_hash},
    el("span", {class: "date"}, e.date || ""), " ",
    el("span", {class: "quad q" + e.quad_class}, e.cameo || ""), " ",
    el("strong", null, actorLabel(e.source)), " ", el("span", {class: "cameo-name"}, e.cameo_name || ""), " ",
    el("strong", null, actorLabel(e.target)),
    el("div", {class: "sentence"}, e.text || ""));
    openDocOnClick(li, e);
    return li;
  }

  function openDocOnClick(node, e) {
    const open = () => {
      if (e.doc_hash) location.hash = "#doc/" + encodeURIComponent(e.doc_hash) + "/" + encodeURIComponent(e.event_id);
    };
    node.addEventListener("click", open);
    node.addEventListener("keydown", (evt) => {
      if (evt.key === "Enter") open();
    });
  }

  function initDyad() {
    $("dyad-form").addEventListener("submit", (evt) => {
      evt.preventDefault();
      const d = readDyadForm();
      if (!d) return;
      dyadState.dyads[0] = d;
      dyadState.dyads = dedupe(dyadState.dyads);
      loadDyads();
    });
    $("dyad-add").addEventListener("click", () => {
      const d = readDyadForm();
      if (!d) return;
      if (dyadState.dyads.length >= COLOURS.length) {
        setStatus("At most " + COLOURS.length + " dyads at once.", true);
        return;
      }
      dyadState.dyads = dedupe(dyadState.dyads.concat([d]));
      loadDyads();
    });
    $("dyad-swap").addEventListener("click", () => {
      const s = $("dyad-source").value;
      $("dyad-source").value = $("dyad-target").value;
      $("dyad-target").value = s;
    });
    for (const id of ["dyad-freq", "dyad-directed"]) {
      $(id).addEventListener("change", () => {
        if (readDyadForm()) loadDyads();
      });
    }
  }

  function dedupe(dyads) {
    const seen = new Set();
    return dyads.filter((d) => {
      const k = dyadKey(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  /* ---- network view --------------------------------------------------------------------------------- */

  function shareColour(share) {
    // conflict (red) -> mixed (amber-grey) -> cooperation (teal-green)
    const stops = [[0, [200, 55, 60]], [0.5, [190, 160, 90]], [1, [40, 140, 110]]];
    const s = Math.min(1, Math.max(0, share));
    const [a, b] = s <= 0.5 ? [stops[0], stops[1]] : [stops[1], stops[2]];
    const t = (s - a[0]) / (b[0] - a[0]);
    const c = a[1].map((v, i) => Math.round(v + (b[1][i] - v) * t));
    return "rgb(" + c.join(",") + ")";
  }

  function layout(nodes, edges, W, H) {
    // deterministic Fruchterman-Reingold started from a circle
    const n = nodes.length;
    const pos = nodes.map((node, i) => ({x: W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n),
      y: H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n)}));
    if (n < 3) return pos;
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    const k = 0.75 * Math.sqrt((W * H) / n);
    let temp = W / 8;
    for (let it = 0; it < 300; it++) {
      const disp = pos.map(() => ({x: 0, y: 0}));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = pos[i].x - pos[j].x;
          const dy = pos[i].y - pos[j].y;
          const d = Math.max(0.01, Math.hypot(dx, dy));
          const f = (k * k) / d;
          disp[i].x += (dx / d) * f;
          disp[i].y += (dy / d) * f;
          disp[j].x -= (dx / d) * f;
          disp[j].y -= (dy / d) * f;
        }
      }
      for (const e of edges) {
        const i = index.get(e.source);
        const j = index.get(e.target);
        if (i === undefined || j === undefined || i === j) continue;
        const dx = pos[i].x - pos[j].x;
        const dy = pos[i].y - pos[j].y;
        const d = Math.max(0.01, Math.hypot(dx, dy));
        const f = (d * d) / k / 2;
        disp[i].x -= (dx / d) * f;
        disp[i].y -= (dy / d) * f;
        disp[j].x += (dx / d) * f;
        disp[j].y += (dy / d) * f;
      }
      for (let i = 0; i < n; i++) {
        // gravity towards the centre keeps the unconnected parts close
        const gx = W / 2 - pos[i].x;
        const gy = H / 2 - pos[i].y;
        const gd = Math.max(0.01, Math.hypot(gx, gy));
        disp[i].x += (gx / gd) * ((gd * gd) / k) * 0.2;
        disp[i].y += (gy / gd) * ((gd * gd) / k) * 0.2;
        const d = Math.max(0.01, Math.hypot(disp[i].x, disp[i].y));
        pos[i].x += (disp[i].x / d) * Math.min(d, temp);
        pos[i].y += (disp[i].y / d) * Math.min(d, temp);
      }
      temp *= 0.985;
    }
    // fit into the box
    const pad = 60;
    const xs = pos.map((p) => p.x);
    const ys = pos.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    return pos.map((p) => ({x: pad + ((p.x - x0) / Math.max(1, x1 - x0)) * (W - 2 * pad),
      y: pad / 1.5 + ((p.y - y0) / Math.max(1, y1 - y0)) * (H - 2 * pad / 1.5)}));
  }

  async function loadNetwork() {
    const form = $("network-form");
    const params = {level: form.level.value, min_events: form.min_events.value, limit: form.limit.value,
      issue: form.issue.value.trim(), start: form.start.value, end: form.end.value};
    const current = ticket("network");
    try {
      const data = await api("network", params);
      if (!current()) return;
      renderNetwork(data, params.level);
    } catch (err) {
      fail(err);
    }
  }

  function renderNetwork(data, level) {
    const box = clear($("network"));
    const nodes = data.nodes || [];
    const edges = data.edges || [];
    $("net-summary").textContent = nodes.length + " nodes, " + edges.length + " edges";
    if (nodes.length === 0) {
      box.appendChild(el("div", {class: "empty"}, "No edges with these filters."));
      return;
    }
    const W = Math.max(600, Math.round(box.clientWidth || 960));
    const H = 600;
    const pos = layout(nodes, edges, W, H);
    const at = new Map(nodes.map((node, i) => [node.id, pos[i]]));
    const maxEdge = Math.max(1, ...edges.map((e) => e.events));
    const maxNode = Math.max(1, ...nodes.map((node) => node.events));
    const radius = (node) => 6 + 16 * Math.sqrt(node.events / maxNode);
    const rOf = new Map(nodes.map((node) => [node.id, radius(node)]));
    const root = svg("svg", {class: "network-svg", viewBox: "0 0 " + W + " " + H, width: W, height: H,
      role: "img", "aria-label": "Actor network"});
    const defs = svg("defs");
    defs.appendChild(svg("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9,
      markerHeight: 9, orient: "auto-start-reverse", markerUnits: "userSpaceOnUse"},
    svg("path", {d: "M0,0 L10,5 L0,10 z", class: "arrow-head"})));
    root.appendChild(defs);

    const pairs = new Set(edges.map((e) => e.source + "\u0000" + e.target));
    const eg = svg("g", {class: "edges"});
    for (const e of edges) {
      const a = at.get(e.source);
      const b = at.get(e.target);
      if (!a || !b) continue;
      const share = e.cooperation + e.conflict > 0 ? e.cooperation / (e.cooperation + e.conflict) : 0.5;
      const width = 1 + 7 * Math.sqrt(e.events / maxEdge);
      let d;
      if (e.source === e.target) {
        const r = rOf.get(e.source);
        d = "M" + (a.x - r / 2) + "," + (a.y - r) + " C" + (a.x - 30) + "," + (a.y - r - 45) + " " + (a.x + 30) + ","
          + (a.y - r - 45) + " " + (a.x + r / 2) + "," + (a.y - r);
      } else {
        // curve when both directions exist so that the two edges do not overlap
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.max(1, Math.hypot(dx, dy));
        const ra = rOf.get(e.source);
        const rb = rOf.get(e.target) + 3;
        const bend = pairs.has(e.target + "\u0000" + e.source) ? 0.18 : 0.06;
        const mx = (a.x + b.x) / 2 - dy * bend;
        const my = (a.y + b.y) / 2 + dx * bend;
        const sx = a.x + (dx / len) * ra;
        const sy = a.y + (dy / len) * ra;
        const ex = b.x - (dx / len) * rb;
        const ey = b.y - (dy / len) * rb;
        d = "M" + sx + "," + sy + " Q" + mx + "," + my + " " + ex + "," + ey;
      }
      const path = svg("path", {class: "edge", d, stroke: shareColour(share), "stroke-width": width,
        "marker-end": "url(#arrow)", "data-source": e.source, "data-target": e.target, "data-events": e.events,
        "data-cooperation": e.cooperation, "data-conflict": e.conflict});
      withTooltip(path, () => [e.source + " → " + e.target, e.events + " events: " + e.cooperation
        + " cooperation, " + e.conflict + " conflict", "Goldstein mean " + fmt(e.goldstein_mean),
      "click to list the events"]);
      path.addEventListener("click", () => {
        tooltip.hide();
        location.hash = "#events" + query({source: e.source, target: e.target});
      });
      eg.appendChild(path);
    }
    root.appendChild(eg);

    const ng = svg("g", {class: "nodes"});
    nodes.forEach((node, i) => {
      const p = pos[i];
      const r = rOf.get(node.id);
      const g = svg("g", {class: "node", "data-id": node.id, "data-events": node.events, tabindex: 0,
        transform: "translate(" + p.x + "," + p.y + ")"},
      svg("circle", {r}),
      svg("text", {class: "node-label", y: -r - 5, "text-anchor": "middle"}, node.id),
      svg("text", {class: "node-count", y: 4, "text-anchor": "middle"}, r >= 12 ? node.events : ""));
      withTooltip(g, () => [node.id, node.events + " events", "click to list its events"]);
      g.addEventListener("click", () => {
        tooltip.hide();
        const key = level === "country" ? "country" : "source";
        location.hash = "#events" + query({[key]: node.id});
      });
      ng.appendChild(g);
    });
    root.appendChild(ng);
    box.appendChild(root);
  }

  function initNetwork() {
    $("network-form").addEventListener("submit", (evt) => {
      evt.preventDefault();
      loadNetwork();
    });
    $("net-level").addEventListener("change", loadNetwork);
  }

  /* ---- event table ------------------------------------------------------------------------------------ */

  const FILTERS = ["source", "target", "country", "code", "quad_class", "issue", "start", "end"];
  const eventsState = {filters: {}, limit: 25, offset: 0, total: 0, key: null};

  function formFilters() {
    const form = $("events-form");
    const out = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) out[name] = ["source", "target", "country", "code"].includes(name) ? value.toUpperCase() : value;
    }
    return out;
  }

  function eventsHash(filters, limit, offset) {
    return "#events" + query(Object.assign({}, filters, {limit: limit === 25 ? "" : limit, offset: offset || ""}));
  }

  async function loadEvents(params) {
    const form = $("events-form");
    eventsState.filters = {};
    for (const name of FILTERS) {
      const value = params.get(name) || "";
      form.elements[name].value = value;
      if (value) eventsState.filters[name] = value;
    }
    eventsState.limit = Math.min(1000, Math.max(1, parseInt(params.get("limit") || "25", 10) || 25));
    eventsState.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    const limitSelect = form.elements.limit;
    if (![...limitSelect.options].some((o) => o.value === String(eventsState.limit))) {
      limitSelect.appendChild(el("option", {value: eventsState.limit}, String(eventsState.limit)));
    }
    limitSelect.value = String(eventsState.limit);
    const current = ticket("events");
    try {
      const data = await api("events", Object.assign({}, eventsState.filters,
        {limit: eventsState.limit, offset: eventsState.offset}));
      if (!current()) return;
      eventsState.total = data.total;
      renderEvents(data);
    } catch (err) {
      fail(err);
    }
  }

  function actorCell(actor) {
    if (!actor) return el("td", {class: "actor"}, "–");
    return el("td", {class: "actor"}, el("strong", null, actor.code || "–"),
      el("div", {class: "muted small"}, actor.text || ""));
  }

  function renderEvents(data) {
    const tbody = clear($("events-table").tBodies[0]);
    const total = data.total;
    const offset = data.offset === undefined ? eventsState.offset : data.offset;
    const limit = data.limit === undefined ? eventsState.limit : data.limit;
    const shown = data.events.length;
    const range = $("events-range");
    range.textContent = total === 0 ? "No events" : (offset + 1) + "–" + (offset + shown) + " of " + total + " events";
    range.setAttribute("data-total", total);
    range.setAttribute("data-offset", offset);
    range.setAttribute("data-limit", limit);
    $("events-prev").disabled = offset <= 0;
    $("events-next").disabled = offset + shown >= total;
    for (const e of data.events) {
      const tr = el("tr", {class: "clickable", tabindex: 0, "data-event-id": e.event_id, "data-doc-hash": e.doc_hash},
        el("td", {class: "nowrap"}, e.date || ""),
        actorCell(e.source),
        el("td", null, el("span", {class: "code"}, e.cameo || ""), " ", el("span", null, e.cameo_name || "")),
        actorCell(e.target),
        el("td", null, el("span", {class: "quad q" + e.quad_class, title: QUADS[e.quad_class] || ""},
          String(e.quad_class))),
        el("td", {class: "num"}, fmt(e.goldstein, 1)),
        el("td", {class: "sentence-cell"},
          el("span", {class: "trigger-text"}, e.trigger && e.trigger.text ? e.trigger.text : ""),
          el("div", {class: "sentence small"}, e.text || "")),
        el("td", {class: "num"}, e.num_articles === undefined ? "" : String(e.num_articles)));
      openDocOnClick(tr, e);
      tbody.appendChild(tr);
    }
    if (shown === 0) tbody.appendChild(el("tr", null, el("td", {colspan: 8, class: "empty"}, "No events.")));
  }

  function initEvents() {
    const form = $("events-form");
    form.addEventListener("submit", (evt) => {
      evt.preventDefault();
      location.hash = eventsHash(formFilters(), parseInt(form.elements.limit.value, 10), 0);
    });
    form.addEventListener("reset", (evt) => {
      evt.preventDefault();
      location.hash = "#events";
    });
    $("events-prev").addEventListener("click", () => {
      location.hash = eventsHash(eventsState.filters, eventsState.limit,
        Math.max(0, eventsState.offset - eventsState.limit));
    });
    $("events-next").addEventListener("click", () => {
      location.hash = eventsHash(eventsState.filters, eventsState.limit, eventsState.offset + eventsState.limit);
    });
  }

  /* ---- document view ------------------------------------------------------------------------------------ */

  const docState = {doc: null, selected: null};

  async function loadDocument(hash, eventId) {
    $("doc-empty").hidden = true;
    const current = ticket("doc");
    try {
      if (!docState.doc || docState.doc.doc_hash !== hash) {
        const doc = await api("documents/" + encodeURIComponent(hash));
        if (!current()) return;
        docState.doc = doc;
      }
      docState.selected = eventId || null;
      renderDocument();
    } catch (err) {
      if (!current()) return;
      docState.doc = null;
      $("doc").hidden = true;
      const empty = $("doc-empty");
      empty.hidden = false;
      empty.textContent = err.status === 404 ? "No document " + hash + " in this store." : "Error: " + err.message;
    }
  }

  function validSpan(span, length) {
    return span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0
      && span.end <= length && span.start < span.end;
  }

  /** The text as DOM nodes with <mark class="source|target|trigger"> over the spans (code point offsets). */
  function highlighted(text, events) {
    const chars = Array.from(text); // offsets count code points, as Python does
    const spans = [];
    for (const e of events) {
      for (const kind of ["source", "target", "trigger"]) {
        if (validSpan(e[kind], chars.length)) spans.push({kind, start: e[kind].start, end: e[kind].end, event: e});
      }
    }
    const cuts = new Set([0, chars.length]);
    for (const s of spans) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = chars.slice(a, b).join("");
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      let node = document.createTextNode(piece);
      // nest: trigger innermost, then target, then source outermost
      for (const kind of ["trigger", "target", "source"]) {
        const here = covering.filter((s) => s.kind === kind);
        if (here.length === 0) continue;
        const mark = el("mark", {class: kind, "data-events": here.map((s) => s.event.event_id).join(" "),
          title: kind + " of " + here.map((s) => s.event.cameo + " " + (s.event.cameo_name || "")).join("; ")});
        mark.appendChild(node);
        node = mark;
      }
      frag.appendChild(node);
    }
    return frag;
  }

  function renderDocument() {
    const doc = docState.doc;
    $("doc").hidden = false;
    $("doc-empty").hidden = true;
    $("doc-title").textContent = doc.title || "(untitled)";
    const meta = clear($("doc-meta"));
    const bits = [];
    if (doc.date) bits.push(el("span", {class: "date"}, doc.date));
    if (doc.outlet) bits.push(el("span", {class: "outlet"}, doc.outlet));
    if (doc.doc_id) bits.push(el("span", {class: "doc-id"}, "id " + doc.doc_id));
    if (doc.url) bits.push(el("span", {class: "doc-url"}, safeLink(doc.url)));
    bits.push(el("span", {class: "muted"}, (doc.events || []).length + " events"));
    bits.forEach((b, i) => {
      if (i) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(b);
    });

    const events = doc.events || [];
    const selected = events.filter((e) => e.event_id === docState.selected);
    const shown = selected.length ? selected : events;
    const text = clear($("doc-text"));
    text.setAttribute("data-mode", selected.length ? "event" : "all");
    text.appendChild(highlighted(doc.text || "", shown));
    $("doc-all").hidden = !selected.length;

    const list = clear($("doc-events"));
    for (const e of events) {
      const li = el("li", {class: "doc-event clickable" + (selected.includes(e) ? " selected" : ""), tabindex: 0,
        "data-event-id": e.event_id},
      el("div", null, el("span", {class: "quad q" + e.quad_class}, e.cameo || ""), " ",
        el("span", null, e.cameo_name || ""), " ", el("span", {class: "muted"}, "Goldstein " + fmt(e.goldstein, 1))),
      el("div", null, el("span", {class: "chip chip-source"}, e.source ? e.source.code || "" : "–"), " ",
        el("span", {class: "chip chip-trigger"}, e.trigger ? e.trigger.text || "" : "–"), " ",
        el("span", {class: "chip chip-target"}, e.target ? e.target.code || "" : "–")));
      const select = () => {
        location.hash = "#doc/" + encodeURIComponent(doc.doc_hash) + "/" + encodeURIComponent(e.event_id);
      };
      li.addEventListener("click", select);
      li.addEventListener("keydown", (evt) => {
        if (evt.key === "Enter") select();
      });
      list.appendChild(li);
    }
    const first = text.querySelector("mark");
    if (selected.length && first) first.scrollIntoView({block: "nearest"});
  }

  function initDocument() {
    $("doc-all").addEventListener("click", () => {
      if (docState.doc) location.hash = "#doc/" + encodeURIComponent(docState.doc.doc_hash);
    });
  }

  /* ---- routing ------------------------------------------------------------------------------------------- */

  const loaded = {dyad: false, network: false};

  function showView(name) {
    for (const section of document.querySelectorAll("section.view")) {
      section.hidden = section.getAttribute("data-view") !== name;
    }
    for (const a of document.querySelectorAll("nav.tabs a")) {
      a.classList.toggle("active", a.getAttribute("data-view") === name);
      if (a.getAttribute("data-view") === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    document.body.setAttribute("data-view", name);
  }

  function route() {
    tooltip.hide();
    const hash = location.hash.replace(/^#/, "");
    const [pathPart, queryPart] = hash.split("?");
    const parts = pathPart.split("/").map((p) => {
      try {
        return decodeURIComponent(p);
      } catch (err) {
        return p;
      }
    });
    const params = new URLSearchParams(queryPart || "");
    const view = parts[0] || "dyad";
    if (view === "network") {
      showView("network");
      if (!loaded.network) {
        loaded.network = true;
        loadNetwork();
      }
    } else if (view === "events") {
      showView("events");
      loadEvents(params);
    } else if (view === "doc") {
      showView("doc");
      if (parts[1]) {
        loadDocument(parts[1], parts[2]);
      } else if (!docState.doc) {
        $("doc").hidden = true;
        $("doc-empty").hidden = false;
      }
    } else {
      showView("dyad");
      if (!loaded.dyad) {
        loaded.dyad = true;
        loadDyads();
      }
    }
  }

  function init() {
    initDyad();
    initNetwork();
    initEvents();
    initDocument();
    window.addEventListener("hashchange", route);
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (!$("view-dyad").hidden && dyadState.results.length) renderChart();
      }, 150);
    });
    loadStats().catch(fail);
    loadActors().catch(fail);
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
