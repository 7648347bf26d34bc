// The streamotel dashboard: polls ./monitor and ./health once a second and
// draws the Monitor's state as SVG charts. Names that come from the server
// (topics, tables, failure messages) are inserted as text or attribute
// values, never parsed as markup. Each chart also carries the numbers it
// drew as data-value attributes, in the units of /monitor.
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const INTERVAL = 1000; // ms between polls
  const KEEP = 120; // points kept per time series
  const MAX_BARS = 24; // bars per chart; the largest are shown
  const W = 480; // chart width, in SVG units
  const LINE_H = 160, PAD_L = 48, PAD_T = 8, PAD_B = 18;
  const BAR_H = 18, LABEL_W = 180, VALUE_W = 64;

  const num = v => v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  // secs shows a duration in seconds in the unit that suits it.
  function secs(v) {
    if (v === 0) return "0";
    const [scale, unit] = v < 1e-3 ? [1e6, "µs"] : v < 1 ? [1e3, "ms"] : [1, "s"];
    return `${(v * scale).toLocaleString("en-US", { maximumSignificantDigits: 3 })} ${unit}`;
  }

  // Totals shown as tiles: key of the snapshot, label.
  const TILES = [
    ["messages_received_total", "messages received"],
    ["messages_active", "messages active"],
    ["events_total", "events"],
    ["events_active", "events active"],
    ["events_errors", "event errors"],
    ["messages_sent", "messages sent"],
    ["send_errors", "send errors"],
    ["rebalances", "rebalances"],
    ["assignments_failed", "failed assignments"],
  ];

  // Time series per chart: key, legend label, value of a snapshot, format.
  const LINES = {
    rates: [
      ["messages_s", "messages/s", s => s.messages_s, num],
      ["events_s", "events/s", s => s.events_s, num],
    ],
    runtime: [["events_runtime_avg", "events", s => s.events_runtime_avg, secs]],
    latency: [
      ["send_latency", "send", s => median(s.send_latency), secs],
      ["commit_latency", "commit", s => median(s.commit_latency), secs],
    ],
    rebalances: [["rebalances", "rebalances", s => s.rebalances, num]],
  };

  // Bars per chart from a snapshot: label, value, color class.
  const BARS = {
    lag: s => Object.entries(s.topic_lag || {}).flatMap(([topic, parts]) =>
      Object.entries(parts).map(([p, lag]) => ({ label: `${topic} [${p}]`, value: lag, color: 0 }))),
    tables: s => Object.entries(s.tables || {}).flatMap(([name, t]) => [
      { label: `${name} (get)`, value: t.keys_retrieved, color: 0 },
      { label: `${name} (set)`, value: t.keys_updated, color: 1 },
      { label: `${name} (del)`, value: t.keys_deleted, color: 3 },
    ].filter(b => b.value > 0)),
    http: s => Object.entries(s.http_response_codes || {}).map(([code, n]) => ({
      label: code, value: n, color: code >= 500 ? 3 : code >= 400 ? 1 : code >= 300 ? 5 : 2,
    })),
  };

  const series = new Map(); // key → values, oldest first

  function median(values) {
    if (!values || values.length === 0) return 0;
    const s = [...values].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  // niceCeil rounds v up to 1, 2, 2.5 or 5 times a power of ten.
  function niceCeil(v) {
    if (!(v > 0)) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    return [1, 2, 2.5, 5, 10].find(m => m * p >= v) * p;
  }

  function make(ns, tag, attrs, text) {
    const e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  const html = (tag, attrs, text) => make(null, tag, attrs, text);
  const svg = (tag, attrs, text) => make(SVG, tag, attrs, text);

  function chart(name) {
    return document.querySelector(`figure[data-chart="${name}"]`);
  }

  // show replaces what a chart shows, keeping its caption.
  function show(fig, ...nodes) {
    fig.replaceChildren(fig.querySelector("figcaption"), ...nodes);
  }

  function record(snap) {
    for (const defs of Object.values(LINES)) {
      for (const [key, , value] of defs) {
        const vals = series.get(key) || [];
        vals.push(Number(value(snap)) || 0);
        if (vals.length > KEEP) vals.shift();
        series.set(key, vals);
      }
    }
  }

  function drawLines(fig, defs) {
    const top = niceCeil(Math.max(0, ...defs.flatMap(([key]) => series.get(key))));
    const fmt = defs[0][3];
    const plotW = W - PAD_L, plotH = LINE_H - PAD_T - PAD_B;
    const y = v => PAD_T + plotH - (v / top) * plotH;
    // The x axis spans the points kept so far, one per poll.
    const span = Math.max(series.get(defs[0][0]).length, 2);
    const x = (i, n) => PAD_L + plotW - (n - 1 - i) * (plotW / (span - 1));
    const out = svg("svg", { viewBox: `0 0 ${W} ${LINE_H}`, role: "img" });
    for (const f of [0, 0.5, 1]) {
      out.append(svg("line", { class: "gridline", x1: PAD_L, x2: W, y1: y(top * f), y2: y(top * f) }));
      out.append(svg("text", { class: "axis", x: PAD_L - 4, y: y(top * f) + 4, "text-anchor": "end" }, fmt(top * f)));
    }
    out.append(svg("text", { class: "axis", x: PAD_L, y: LINE_H - 2 }, `${((span - 1) * INTERVAL) / 1000} s ago`));
    out.append(svg("text", { class: "axis", x: W, y: LINE_H - 2, "text-anchor": "end" }, "now"));
    const legend = html("ul", { class: "legend" });
    defs.forEach(([key, label], i) => {
      const vals = series.get(key);
      const last = vals[vals.length - 1];
      const points = vals.map((v, j) => `${x(j, vals.length).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      out.append(svg("polyline", { class: `line c${i}`, points }));
      out.append(svg("circle", { class: `c${i}`, fill: "currentColor", r: 2.5, cx: x(vals.length - 1, vals.length), cy: y(last) }));
      const item = html("li", { class: `c${i}`, "data-series": key, "data-value": last }, label);
      item.append(html("b", {}, fmt(last)));
      legend.append(item);
    });
    show(fig, out, legend);
  }

  function drawBars(fig, items) {
    if (items.length === 0) {
      show(fig, html("p", { class: "empty" }, "none yet"));
      return;
    }
    items.sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1));
    const shown = items.slice(0, MAX_BARS);
    const top = Math.max(...shown.map(b => b.value)) || 1;
    const out = svg("svg", { viewBox: `0 0 ${W} ${shown.length * BAR_H + 2}`, role: "img" });
    shown.forEach((b, i) => {
      const len = ((W - LABEL_W - VALUE_W) * b.value) / top;
      const g = svg("g", { class: `bar c${b.color}`, "data-label": b.label, "data-value": b.value, transform: `translate(0 ${i * BAR_H})` });
      g.append(svg("title", {}, `${b.label}: ${num(b.value)}`));
      const name = b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label;
      g.append(svg("text", { x: LABEL_W - 6, y: 13, "text-anchor": "end" }, name));
      g.append(svg("rect", { x: LABEL_W, y: 3, rx: 2, height: BAR_H - 6, width: b.value > 0 ? Math.max(len, 1) : 0 }));
      g.append(svg("text", { x: LABEL_W + len + 4, y: 13 }, num(b.value)));
      out.append(g);
    });
    const more = items.length - shown.length;
    show(fig, out, ...(more > 0 ? [html("p", { class: "empty" }, `and ${more} more`)] : []));
  }

  function drawTiles(snap) {
    document.getElementById("totals").replaceChildren(...TILES.map(([key, label]) => {
      const v = Number(snap[key]) || 0;
      const tile = html("div", { class: "tile", "data-key": key, "data-value": v });
      tile.append(html("span", { class: "label" }, label), html("span", { class: "value" }, num(v)));
      return tile;
    }));
  }

  function drawHealth(report) {
    const badge = document.getElementById("health");
    badge.dataset.healthy = String(report.healthy);
    badge.textContent = report.healthy ? "healthy" : "unhealthy";
    document.getElementById("failures").replaceChildren(
      ...(report.failures || []).map(f => html("li", { "data-check": f.check }, f.message)));
  }

  async function getJSON(url) {
    const r = await fetch(url, { cache: "no-store" });
    if (!r.ok && r.status !== 503) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  }

  let polls = 0;
  async function poll() {
    const problem = document.getElementById("error");
    try {
      const [snap, report] = await Promise.all([getJSON("monitor"), getJSON("health")]);
      record(snap);
      drawTiles(snap);
      drawHealth(report);
      for (const [name, defs] of Object.entries(LINES)) drawLines(chart(name), defs);
      for (const [name, bars] of Object.entries(BARS)) drawBars(chart(name), bars(snap));
      document.getElementById("updated").textContent = `updated ${new Date().toLocaleTimeString("en-US")}`;
      problem.hidden = true;
      document.body.dataset.polls = String(++polls);
      document.body.dataset.state = "ok";
    } catch (err) {
      problem.hidden = false;
      problem.textContent = `Cannot read the monitor: ${err.message}`;
      document.body.dataset.state = "error";
    }
    setTimeout(poll, INTERVAL);
  }

  poll();
})();
