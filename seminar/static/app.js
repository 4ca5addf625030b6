// orgsim seminar page: draws two organisations and two charts from the
// server's event stream, and sends the presenter's controls. No library,
// no network access beyond this server.
"use strict";

(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  // Queue per unit → colour: viridis steps, safe for the common forms of
  // colour blindness, lightest for an empty queue.
  const BINS = [0, 1, 2, 4, 8, 16, 32, 64];
  const COLOURS = ["#f2f2f2", "#fde725", "#a0da39", "#4ac16d", "#1fa187", "#277f8e", "#365c8d", "#46327e"];
  const DARK_FROM = 4; // bins from here on get white numbers

  // The presenter's token comes in the address once; keep it for this tab
  // and take it out of the address bar, which the room may see.
  const params = new URLSearchParams(location.search);
  if (params.has("token")) {
    sessionStorage.setItem("orgsim-token", params.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  const token = sessionStorage.getItem("orgsim-token") || "";

  let init = null;     // the init message: layouts, series so far
  let backlog = [[], []];
  let p95 = [[], []];
  let frame = null;
  let frames = 0;
  let resyncing = false;
  const nodeEls = [[], []];

  const $ = (id) => document.getElementById(id);

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVGNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function bin(perUnit) {
    let b = 0;
    for (let i = 0; i < BINS.length; i++) if (perUnit >= BINS[i]) b = i;
    return b;
  }

  function fmtDuration(h) {
    if (h == null || !isFinite(h)) return "–";
    if (h < 16) return Math.round(h) + " h";
    if (h < 80) return (Math.round(h / 8 * 10) / 10) + " d";
    return (Math.round(h / 40 * 10) / 10) + " wk";
  }

  function fmtSpeed(s) {
    let t = (s < 10 ? Math.round(s * 10) / 10 : Math.round(s)) + " h/s";
    if (s >= 8) t += " (" + (Math.round(s / 8 * 10) / 10) + " d/s)";
    return t;
  }

  // ---- setup ----

  function setup(m) {
    init = m;
    backlog = m.backlog.map((s) => s.slice());
    p95 = m.p95.map((s) => s.slice());
    $("scenario").textContent = m.scenario;
    const presenter = m.role === "presenter";
    $("controls").hidden = !presenter;
    $("viewer").hidden = presenter;
    for (let o = 0; o < 2; o++) drawOrg(o, m.layouts[o]);
    const keys = m.layouts.map((l, o) => '<span class="key' + o + '">' + escapeHTML(l.name) + "</span>").join("");
    for (const k of document.querySelectorAll("h3 .key")) k.innerHTML = keys;
    const bb = $("buttons");
    bb.textContent = "";
    for (const b of m.buttons) {
      const btn = document.createElement("button");
      btn.className = "disrupt";
      btn.dataset.button = b.id;
      btn.textContent = b.key + " · " + b.label;
      btn.title = b.label + " (key " + b.key + ")";
      btn.addEventListener("click", () => control({ action: "press", button: b.id }));
      bb.appendChild(btn);
    }
    const sp = $("speed");
    sp.dataset.min = m.minSpeed;
    sp.dataset.max = m.maxSpeed;
    onFrame(m.frame, true);
  }

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function drawOrg(o, l) {
    const pane = $("pane" + o);
    pane.querySelector(".name").textContent = l.name;
    pane.querySelector(".kind").textContent = "(" + l.structure + (l.aggregated ? ", in groups" : "") + ")";
    const svg = pane.querySelector("svg");
    svg.setAttribute("viewBox", "0 0 " + l.width + " " + l.height);
    svg.setAttribute("aria-label", l.name);
    svg.textContent = "";
    const edges = el("g", {}, svg);
    for (const e of l.edges) {
      const a = l.nodes[e.a], b = l.nodes[e.b];
      el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: e.peer ? "edge peer" : "edge" }, edges);
    }
    const nodes = el("g", {}, svg);
    nodeEls[o] = l.nodes.map((n) => {
      const g = el("g", { class: "node", "data-id": n.id }, nodes);
      const title = el("title", {}, g);
      title.textContent = n.id;
      const c = el("circle", { cx: n.x, cy: n.y, r: n.r, fill: COLOURS[0] }, g);
      const q = el("text", { class: "q", x: n.x, y: n.y }, g);
      const id = el("text", { class: "id", x: n.x, y: n.y + n.r + 10 }, g);
      id.textContent = n.label;
      const st = el("text", { class: "state", x: n.x + n.r + 3, y: n.y }, g);
      return { g, c, q, id, st, title, n };
    });
  }

  // ---- frames ----

  function mergeSeries(dst, from, pts) {
    for (let o = 0; o < pts.length; o++) {
      if (from > dst[o].length) return false;
      dst[o].length = from;
      for (const v of pts[o]) dst[o].push(v);
    }
    return true;
  }

  function onFrame(f, fromInit) {
    if (!init) return;
    if (f.run !== init.run) return resync();
    if (!fromInit) {
      if (!mergeSeries(backlog, f.from, f.backlog) || !mergeSeries(p95, f.p95from, f.p95)) return resync();
      if (f.markers && f.markers.length) {
        const seen = new Set(init.markers.map((m) => m.t + "/" + m.label));
        for (const m of f.markers) if (!seen.has(m.t + "/" + m.label)) init.markers.push(m);
      }
    }
    frame = f;
    frames++;
    document.body.dataset.frames = frames;
    document.body.dataset.t = f.t;
    $("clock").textContent = f.clock;
    $("caption").textContent = f.caption;
    $("caption").title = f.caption;
    $("active").textContent = (f.active || []).join(" · ");
    const state = f.ended ? "ended" : f.paused ? "paused" : "playing";
    $("status").textContent = state + " · " + fmtSpeed(f.speed) + " · seed " + f.seed + (init.role === "presenter" ? "" : " · watching");
    $("play").textContent = f.paused ? "▶ play" : "❚❚ pause";
    $("play").disabled = f.ended;
    $("speedout").textContent = fmtSpeed(f.speed);
    const sp = $("speed");
    if (document.activeElement !== sp) sp.value = speedToSlider(f.speed);
    for (const b of document.querySelectorAll("button.disrupt")) b.disabled = f.ended;
    for (let o = 0; o < 2; o++) updateOrg(o, f.orgs[o]);
    drawCharts();
    if (f.notices && f.notices.length && init.role === "presenter") notice(f.notices.join(" · "));
    if (f.error) notice(f.error);
  }

  function updateOrg(o, of) {
    $("backlog" + o).textContent = of.backlog;
    $("p95-" + o).textContent = fmtDuration(of.p95);
    const away = new Map((of.away || []).map((a) => [a.node, a.state]));
    nodeEls[o].forEach((ne, i) => {
      const q = of.nodes[i];
      const per = q / Math.max(ne.n.units, 1);
      const b = bin(per);
      const r = ne.n.r + Math.min(3 * Math.sqrt(per), 24);
      ne.c.setAttribute("r", r.toFixed(1));
      ne.c.setAttribute("fill", COLOURS[b]);
      ne.q.textContent = q > 0 ? q : "";
      ne.q.setAttribute("fill", b >= DARK_FROM ? "#fff" : "#222");
      ne.id.setAttribute("y", ne.n.y + r + 10);
      const st = away.get(i) || "";
      ne.st.textContent = st;
      ne.st.setAttribute("x", ne.n.x + r + 3);
      ne.g.classList.toggle("away", st !== "");
      ne.title.textContent = ne.n.id + (ne.n.units > 1 ? " (" + ne.n.units + " units)" : "") + ": queue " + q + (st ? " · " + st : "");
    });
  }

  // ---- charts ----

  // niceAxis returns an axis maximum at or above v and a tick step that
  // divides it into at most five round steps (as the recorder does).
  function niceAxis(v) {
    if (!(v > 0) || !isFinite(v)) return [1, 0.5];
    const p = Math.pow(10, Math.floor(Math.log10(v / 5)));
    let step = p;
    for (const m of [1, 2, 2.5, 5, 10, 20]) {
      step = m * p;
      const n = Math.ceil(v / step - 1e-9);
      if (n <= 5) return [n * step, step];
    }
    return [5 * step, step];
  }

  function drawChart(id, series, unit) {
    const svg = $(id).querySelector("svg");
    const box = svg.getBoundingClientRect();
    const W = Math.max(200, Math.round(box.width)), H = Math.max(80, Math.round(box.height));
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.textContent = "";
    const L = 46, R = 10, T = 16, B = 22;
    const step = init.step, horizon = init.horizon;
    let ymax = 0;
    for (const s of series) for (const v of s) if (v != null && v > ymax) ymax = v;
    let tick;
    [ymax, tick] = niceAxis(ymax / unit.div * 1.05);
    const x = (t) => L + (W - L - R) * t / horizon;
    const y = (v) => H - B - (H - B - T) * (v / unit.div) / ymax;
    for (let v = 0; v <= ymax + tick / 2; v += tick) {
      const yy = H - B - (H - B - T) * v / ymax;
      el("line", { x1: L, x2: W - R, y1: yy, y2: yy, class: "grid" }, svg);
      const t = el("text", { x: L - 5, y: yy + 4, class: "tick", "text-anchor": "end" }, svg);
      t.textContent = Math.round(v * 10) / 10;
    }
    const weeks = horizon / 40;
    const every = weeks <= 20 ? 2 : weeks <= 60 ? 5 : weeks <= 150 ? 10 : 50;
    for (let w = 0; w <= weeks; w += every) {
      const t = el("text", { x: x(w * 40), y: H - 6, class: "tick", "text-anchor": "middle" }, svg);
      t.textContent = w === 0 ? "week 0" : w;
    }
    el("line", { x1: L, x2: L, y1: T, y2: H - B, class: "axis" }, svg);
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }, svg);
    for (const m of init.markers) {
      const xx = x(m.t);
      el("line", { x1: xx, x2: xx, y1: T, y2: H - B, class: "mark" }, svg);
      const t = el("text", { x: xx, y: T - 4, class: "marklabel" }, svg);
      t.textContent = m.short;
      const tt = el("title", {}, t);
      tt.textContent = m.label;
    }
    if (frame) {
      const xx = x(frame.t);
      el("line", { x1: xx, x2: xx, y1: T, y2: H - B, class: "now" }, svg);
    }
    series.forEach((s, o) => {
      let d = "";
      let pen = false;
      for (let i = 0; i < s.length; i++) {
        const v = s[i];
        if (v == null) { pen = false; continue; }
        d += (pen ? "L" : "M") + x(i * step).toFixed(1) + " " + y(v).toFixed(1);
        pen = true;
      }
      if (d) el("path", { d, class: "line" + o }, svg);
    });
  }

  function drawCharts() {
    if (!init) return;
    let pmax = 0;
    for (const s of p95) for (const v of s) if (v != null && v > pmax) pmax = v;
    const unit = pmax < 16 ? { div: 1, name: "(working hours)" } : { div: 8, name: "(working days)" };
    $("chart-p95").querySelector(".unit").textContent = unit.name;
    drawChart("chart-p95", p95, unit);
    drawChart("chart-backlog", backlog, { div: 1 });
  }

  // ---- controls ----

  function sliderToSpeed(v) {
    const lo = +$("speed").dataset.min || 0.5, hi = +$("speed").dataset.max || 400;
    const s = lo * Math.pow(hi / lo, v / 100);
    return s < 10 ? Math.round(s * 10) / 10 : Math.round(s);
  }

  function speedToSlider(s) {
    const lo = +$("speed").dataset.min || 0.5, hi = +$("speed").dataset.max || 400;
    return Math.round(100 * Math.log(s / lo) / Math.log(hi / lo));
  }

  let noticeTimer = 0;
  function notice(text) {
    const n = $("notice");
    n.textContent = text;
    n.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { n.hidden = true; }, 3500);
  }

  async function control(body) {
    if (!init || init.role !== "presenter") return;
    try {
      const res = await fetch("/api/control", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Orgsim-Token": token },
        body: JSON.stringify(body),
      });
      const m = await res.json();
      if (!res.ok) notice(m.error || res.statusText);
      else if (body.action === "press" || body.action === "restart") notice(m.message);
    } catch (err) {
      notice("the server did not answer: " + err);
    }
  }

  async function resync() {
    if (resyncing) return;
    resyncing = true;
    try {
      const res = await fetch("/api/init" + (token ? "?token=" + encodeURIComponent(token) : ""));
      if (res.ok) setup(await res.json());
    } finally {
      resyncing = false;
    }
  }

  // offline shows why the page gets no frames, where the room looks.
  function offline(why) {
    $("status").textContent = "not connected";
    $("caption").textContent = why;
    $("caption").title = why;
  }

  let source = null;   // the open event stream
  let retryTimer = 0;

  // disconnect closes the event stream, so that a page left (or kept in
  // the browser's back-forward cache) does not hold a viewer's slot.
  function disconnect() {
    clearTimeout(retryTimer);
    if (source) source.close();
    source = null;
  }

  function connect() {
    disconnect();
    const url = "/api/events" + (token ? "?token=" + encodeURIComponent(token) : "");
    const es = new EventSource(url);
    source = es;
    es.addEventListener("init", (ev) => setup(JSON.parse(ev.data)));
    es.addEventListener("frame", (ev) => onFrame(JSON.parse(ev.data), false));
    // A newer presenter page took this one's place: stay closed and say so.
    es.addEventListener("replaced", (ev) => { es.close(); offline(JSON.parse(ev.data).message); });
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) {
        $("status").textContent = "reconnecting…";
        return;
      }
      // The server refused the stream, and the browser does not retry
      // then: ask the server why, show it, and try again a little later.
      refused(url);
    };
  }

  async function refused(url) {
    const ctl = new AbortController();
    let why = "";
    try {
      const res = await fetch(url, { signal: ctl.signal });
      if (!res.ok) why = (await res.text()).trim() || res.status + " " + res.statusText;
    } catch (err) {
      why = "the server did not answer";
    }
    ctl.abort();
    if (why) offline(why + " (trying again…)");
    retryTimer = setTimeout(connect, why ? 8000 + Math.random() * 4000 : 1000);
  }

  function legend() {
    const lg = $("legend");
    lg.append("queue per unit: 0 ");
    COLOURS.forEach((c, i) => {
      const sw = document.createElement("i");
      sw.style.background = c;
      const hi = i < COLOURS.length - 1 ? BINS[i + 1] - 1 : Infinity;
      sw.title = hi === BINS[i] ? String(hi) : hi === Infinity ? BINS[i] + " or more" : BINS[i] + "–" + hi;
      lg.appendChild(sw);
    });
    lg.append(" 64+");
  }

  function toggleHelp(show) {
    $("help").hidden = show === undefined ? !$("help").hidden : !show;
  }

  function keys(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "?") { toggleHelp(); ev.preventDefault(); return; }
    if (ev.key === "Escape") { toggleHelp(false); return; }
    if (!init || init.role !== "presenter") return;
    const onSlider = ev.target === $("speed");
    const speed = frame ? frame.speed : 8;
    switch (ev.key) {
      case " ":
        control({ action: "toggle" });
        break;
      case "ArrowRight": case "+": case "=":
        if (onSlider) return;
        control({ action: "speed", speed: Math.min(+$("speed").dataset.max, Math.round(speed * 1.5 * 10) / 10) });
        break;
      case "ArrowLeft": case "-":
        if (onSlider) return;
        control({ action: "speed", speed: Math.max(+$("speed").dataset.min, Math.round(speed / 1.5 * 10) / 10) });
        break;
      case "r": case "R":
        control({ action: "restart" });
        break;
      default: {
        const b = init.buttons.find((x) => x.key === ev.key);
        if (!b) return;
        control({ action: "press", button: b.id });
      }
    }
    ev.preventDefault();
  }

  document.addEventListener("DOMContentLoaded", () => {
    legend();
    $("play").addEventListener("click", () => control({ action: "toggle" }));
    $("restart").addEventListener("click", () => control({ action: "restart" }));
    $("speed").addEventListener("input", (ev) => { $("speedout").textContent = fmtSpeed(sliderToSpeed(+ev.target.value)); });
    $("speed").addEventListener("change", (ev) => control({ action: "speed", speed: sliderToSpeed(+ev.target.value) }));
    $("helpbtn").addEventListener("click", () => toggleHelp());
    $("helpclose").addEventListener("click", () => toggleHelp(false));
    document.addEventListener("keydown", keys);
    window.addEventListener("resize", drawCharts);
    window.addEventListener("pagehide", disconnect);
    window.addEventListener("pageshow", (ev) => { if (ev.persisted) connect(); });
    connect();
  });
})();
