// orgsim seminar page: draws two organisations and two charts from the
// server's event stream, sends the presenter's controls and the room's
// answers. No library, no network access beyond this server.
//
// Projector mode: every text is at least 2.2 % of the window's height
// (fs() is 2.3 %), and the page places labels so that no two texts
// overlap: each label tries a few places around its unit and is left out
// where none is free; a queue number that would touch another text is
// left out for that frame (the colour still shows the queue).
"use strict";

(function () {
  const SVGNS = "http://www.w3.org/2000/svg";

  // The presenter's token comes in the address once; keep it for this tab
  // and take it out of the address bar, which the room may see.
  const params = new URLSearchParams(location.search);
  if (params.has("token")) {
    sessionStorage.setItem("orgsim-token", params.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  const token = sessionStorage.getItem("orgsim-token") || "";

  // A phone's answers carry a random id it keeps, so that it may change
  // its answer; nothing else identifies it.
  let voter = localStorage.getItem("orgsim-voter") || "";
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(voter)) {
    const a = new Uint8Array(16);
    crypto.getRandomValues(a);
    voter = Array.from(a, (b) => (b % 36).toString(36)).join("");
    localStorage.setItem("orgsim-voter", voter);
  }
  const myAnswers = new Map(); // question id → option

  let init = null;     // the init message: layouts, series so far
  let ST = null;       // the shared style
  let series = null;   // {backlog, p95, twinBacklog, twinP95}
  let frame = null;
  let frames = 0;
  let resyncing = false;
  let lastAnnounce = "";
  const panes = [null, null]; // per organisation: geometry and elements
  const measure = document.createElement("canvas").getContext("2d");

  const $ = (id) => document.getElementById(id);
  const presenter = () => init && init.role === "presenter";

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVGNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function isPhone() { return matchMedia("(max-width: 760px), (max-height: 520px)").matches; }

  // fs is the size of the smallest text in pixels: 2.3 % of the window's
  // height on a projector.
  function fs() { return isPhone() ? 12 : 0.023 * window.innerHeight; }

  function textWidth(s, size, bold) {
    measure.font = (bold ? "bold " : "") + size + "px 'Liberation Sans', Arial, sans-serif";
    return measure.measureText(s).width;
  }

  function bin(perUnit) {
    let b = 0;
    for (let i = 0; i < ST.bins.length; i++) if (perUnit >= ST.bins[i]) b = i;
    return b;
  }

  // p95 and durations are written in the chart's unit: hours below 16,
  // else working days.
  function p95Unit() {
    let m = 0;
    for (const s of series.p95) for (const v of s) if (v != null && v > m) m = v;
    return m < 16 ? { div: 1, name: "hours", short: "h" } : { div: 8, name: "days", short: "d" };
  }

  function fmtP95(h, unit) {
    if (h == null || !isFinite(h)) return "–";
    const v = h / unit.div;
    return (v < 10 ? v.toFixed(1) : Math.round(v)) + "\u00a0" + unit.short;
  }

  function fmtSpeed(s) {
    const r = (x) => (x < 10 ? Math.round(x * 10) / 10 : Math.round(x));
    if (s >= 40) return r(s / 40) + (s === 40 ? " week" : " weeks") + " a second";
    if (s >= 8) return r(s / 8) + (s === 8 ? " day" : " days") + " a second";
    return r(s) + " hours a second";
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // ---- setup ----

  function applyStyle(st) {
    ST = st;
    const r = document.documentElement.style;
    r.setProperty("--ink", st.ink);
    r.setProperty("--muted", st.muted);
    r.setProperty("--rule", st.rule);
    r.setProperty("--grid", st.grid);
    r.setProperty("--active", st.active);
    st.orgs.forEach((c, i) => r.setProperty("--org" + i, c));
  }

  function setup(m) {
    init = m;
    applyStyle(m.style);
    series = { backlog: m.backlog.map((s) => s.slice()), p95: m.p95.map((s) => s.slice()), twinBacklog: m.twinBacklog.map((s) => s.slice()), twinP95: m.twinP95.map((s) => s.slice()) };
    $("scenario").textContent = m.scenario;
    $("controls").hidden = !presenter();
    $("viewer").hidden = presenter();
    for (const e of document.querySelectorAll(".presenter-only")) e.hidden = !presenter();
    $("description").textContent = m.description;
    $("assumptions").textContent = "";
    for (const a of m.assumptions) {
      const li = document.createElement("li");
      li.textContent = a;
      $("assumptions").appendChild(li);
    }
    $("rule").textContent = m.rule;
    const bb = $("buttons");
    bb.textContent = "";
    for (const b of m.buttons) {
      const btn = document.createElement("button");
      btn.className = "disrupt";
      btn.dataset.button = b.id;
      btn.textContent = b.key + " " + b.text;
      btn.title = b.label + " (key " + b.key + ")";
      btn.addEventListener("click", () => press(b));
      bb.appendChild(btn);
    }
    setupSliders(m.sliders);
    setupScenarios(m.scenarios);
    setupJoin(m.joinURL);
    setupKey();
    const sp = $("speed");
    sp.dataset.min = m.minSpeed;
    sp.dataset.max = m.maxSpeed;
    const asks = document.querySelectorAll("#asks button[data-ask=peak]");
    asks.forEach((b, o) => { b.textContent = (o === 0 ? "H " : "") + "how high does the " + m.layouts[o].name + "'s backlog go?"; });
    for (let o = 0; o < 2; o++) {
      const pane = $("pane" + o);
      pane.querySelector(".name").textContent = m.layouts[o].name;
      pane.querySelector(".summary").textContent = m.layouts[o].summary;
      pane.querySelector("svg").setAttribute("aria-label", m.layouts[o].name + ": " + m.layouts[o].summary);
    }
    drawOrgs();
    onFrame(m.frame, true);
  }

  function setupSliders(sliders) {
    const box = $("sliders");
    box.textContent = "";
    for (const sl of sliders) {
      const row = document.createElement("div");
      row.className = "slider";
      const label = document.createElement("label");
      label.textContent = sl.label + (sl.whom ? " (" + sl.whom + ")" : "");
      const input = document.createElement("input");
      input.type = "range";
      input.min = sl.min; input.max = sl.max; input.step = sl.step; input.value = sl.value;
      input.dataset.id = sl.id;
      const val = document.createElement("span");
      val.className = "val";
      const show = (v) => { val.textContent = sl.unit === "%" ? Math.round(v * 100) + " %" : v + " " + sl.unit; };
      show(sl.value);
      if (sl.off) {
        input.disabled = true;
        val.textContent = sl.off;
      }
      input.addEventListener("input", () => show(+input.value));
      input.addEventListener("change", () => control({ action: "params", [sl.id]: sl.id === "span" ? Math.round(+input.value) : +input.value }));
      label.appendChild(input);
      row.append(label, val);
      box.appendChild(row);
    }
  }

  function setupScenarios(list) {
    const box = $("scenarios");
    box.textContent = "";
    for (const sc of list) {
      const b = document.createElement("button");
      b.textContent = sc.name + ": " + sc.summary;
      b.className = sc.running ? "running" : "";
      b.addEventListener("click", () => { control({ action: "scenario", name: sc.name }); closePanels(); });
      box.appendChild(b);
    }
  }

  function setupJoin(url) {
    const box = $("joinbody");
    box.textContent = "";
    if (!url) {
      const p = document.createElement("p");
      p.textContent = "Phones cannot join: this server listens on this machine only. Start it with orgsim serve -addr 0.0.0.0:8080 to let the room's phones watch and answer.";
      box.appendChild(p);
      return;
    }
    const img = document.createElement("img");
    img.src = "/api/qr.png";
    img.alt = "QR code for " + url;
    const p = document.createElement("div");
    p.innerHTML = "Scan the code, or open<br><span class='url'></span><br>on the same network. You will see both organisations and can answer the presenter's questions.";
    p.querySelector(".url").textContent = url;
    box.append(img, p);
  }

  // setupKey draws the on-screen key: queue colours, outlines, lines and
  // chart marks.
  function setupKey() {
    const k = $("key");
    k.textContent = "";
    const item = (...children) => {
      const s = document.createElement("span");
      s.className = "item";
      s.append(...children);
      k.appendChild(s);
      return s;
    };
    const sw = document.createElement("span");
    sw.className = "sw";
    ST.queue.forEach((c, i) => {
      const b = document.createElement("i");
      b.style.background = c;
      b.style.color = ST.queueText[i];
      b.textContent = i === ST.queue.length - 1 ? ST.bins[i] + "+" : String(ST.bins[i]);
      sw.appendChild(b);
    });
    item("queue per unit", sw);
    const icon = (draw) => {
      const svg = document.createElementNS(SVGNS, "svg");
      svg.setAttribute("viewBox", "0 0 45 26");
      svg.setAttribute("aria-hidden", "true");
      draw(svg);
      return svg;
    };
    item(icon((s) => el("circle", { cx: 22, cy: 13, r: 9, fill: ST.queue[0], stroke: "#000", "stroke-width": 2.5, "stroke-dasharray": "4 3" }, s)), "not at full strength");
    item(icon((s) => { el("circle", { cx: 22, cy: 13, r: 7, fill: ST.queue[0], stroke: ST.ink, "stroke-width": 1 }, s); el("circle", { cx: 22, cy: 13, r: 11.5, fill: "none", stroke: ST.struck, "stroke-width": 3 }, s); }), "struck");
    item(icon((s) => el("line", { x1: 2, x2: 43, y1: 13, y2: 13, stroke: ST.orgs[0], "stroke-width": 2, "stroke-dasharray": "2 3" }, s)), "undisturbed");
    item(icon((s) => el("line", { x1: 2, x2: 43, y1: 13, y2: 13, stroke: ST.orgs[0], "stroke-width": 3, opacity: 0.3 }, s)), "earlier runs");
    const marks = document.createElement("b");
    marks.textContent = "1–4";
    item(marks, "disruptions");
  }

  // ---- the organisations ----

  function drawOrgs() {
    if (!init) return;
    for (let o = 0; o < 2; o++) drawOrg(o, init.layouts[o]);
  }

  // drawOrg lays organisation o out in the pane's pixels: positions from
  // the layout stretched to the pane, circles and texts sized from fs().
  function drawOrg(o, l) {
    const svg = $("pane" + o).querySelector("svg");
    const box = svg.getBoundingClientRect();
    const W = Math.max(80, box.width), H = Math.max(60, box.height);
    // No view box: one unit is one pixel, so a text is drawn at its size
    // even in the moment before a pane that changed size is drawn again.
    svg.removeAttribute("viewBox");
    svg.textContent = "";
    const f = fs();
    const ns = l.nodes;
    const base = (n) => (n.top ? 0.85 : n.role === "team" ? 0.62 : 0.72) * f;
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const n of ns) { minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x); minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y); }
    // Room around the drawing for labels: below the bottom row of a tree,
    // all round a lattice's ring.
    const ring = l.structure === "lattice";
    // The top unit may swell to 2.05 fs and be ringed: room above it.
    const padX = (ring ? 2.4 : 1.4) * f, padT = (ring ? 2.2 : 2.5) * f, padB = (ring ? 2.4 : 2.6) * f;
    const sx = (W - 2 * padX) / Math.max(maxX - minX, 1), sy = (H - padT - padB) / Math.max(maxY - minY, 1);
    const pts = ns.map((n) => ({ x: maxX > minX ? padX + (n.x - minX) * sx : W / 2, y: maxY > minY ? padT + (n.y - minY) * sy : H / 2 }));
    const geo = ns.map((n, i) => {
      let d = Infinity;
      pts.forEach((p, j) => { if (j !== i) d = Math.min(d, Math.hypot(p.x - pts[i].x, p.y - pts[i].y)); });
      const rmax = Math.max(2, Math.min(0.48 * d, base(n) + 1.2 * f));
      return { x: pts[i].x, y: pts[i].y, r0: Math.min(base(n), rmax), rmax };
    });
    const edges = el("g", {}, svg);
    const edgeEls = l.edges.map((e) => el("line", {
      x1: geo[e.a].x, y1: geo[e.a].y, x2: geo[e.b].x, y2: geo[e.b].y,
      stroke: e.peer ? ST.peer : ST.edge, "stroke-width": (e.peer ? 0.09 : 0.13) * f,
    }, edges));
    const rings = el("g", {}, svg);
    const nodes = el("g", {}, svg);
    const labels = el("g", {}, svg);
    const els = ns.map((n, i) => {
      const g = geo[i];
      const ring = el("circle", { cx: g.x, cy: g.y, r: g.rmax, fill: "none", stroke: ST.struck, "stroke-width": 0.22 * f, visibility: "hidden" }, rings);
      const grp = el("g", { class: "node", "data-id": n.id }, nodes);
      const title = el("title", {}, grp);
      title.textContent = n.id;
      const c = el("circle", { cx: g.x, cy: g.y, r: g.r0, fill: ST.queue[0], stroke: ST.ink, "stroke-width": Math.max(1, 0.06 * f) }, grp);
      const q = el("text", { x: g.x, y: g.y, "font-size": f, "text-anchor": "middle", "dominant-baseline": "central", class: "q" }, grp);
      const lab = el("text", { "font-size": f, "text-anchor": "middle", "dominant-baseline": "central", fill: ST.muted, class: "label halo", "stroke-width": 0.25 * f }, labels);
      lab.textContent = n.label;
      const st = el("text", { "font-size": f, "font-weight": "bold", "text-anchor": "middle", "dominant-baseline": "central", fill: "#000", class: "state halo", "stroke-width": 0.25 * f }, labels);
      return { n, g, ring, grp, title, c, q, lab, st };
    });
    const digit = textWidth("0", f);
    let cx = 0, cy = 0;
    for (const g of geo) { cx += g.x / geo.length; cy += g.y / geo.length; }
    panes[o] = { svg, W, H, f, geo, els, edgeEls, digit, placeKey: null, boxes: [], cx, cy };
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // place puts every label and state word where it touches no circle, no
  // other text and stays in the pane, trying below, above, right and left
  // of its unit (state words: right, left, above, below); a text with no
  // free place is left out.
  function place(o, awayAt, struck) {
    const P = panes[o];
    const f = P.f, gap = 0.12 * f;
    const obstacles = P.geo.map((g, i) => {
      const R = g.rmax + (struck.has(i) ? 0.35 * f : 0);
      return { x1: g.x - R, y1: g.y - R, x2: g.x + R, y2: g.y + R };
    });
    const placed = [];
    const fits = (b) => b.x1 >= 0 && b.y1 >= 0 && b.x2 <= P.W && b.y2 <= P.H && !obstacles.some((o2) => overlaps(b, o2)) && !placed.some((p) => overlaps(b, p));
    // Each text tries the places around its unit, those facing away from
    // the drawing's centre first (below a tree's bottom row, outside a
    // ring), state words beside their unit first.
    const tryPlace = (text, i, beside, bold) => {
      const w = textWidth(text.textContent, f, bold), h = 1.15 * f;
      const g = P.geo[i];
      const R = obstacles[i].x2 - g.x;
      const d = R / Math.SQRT2;
      const spots = [
        { k: "below", x: g.x, y: g.y + R + gap + h / 2, dx: 0, dy: 1 },
        { k: "above", x: g.x, y: g.y - R - gap - h / 2, dx: 0, dy: -1 },
        { k: "right", x: g.x + R + gap + w / 2, y: g.y, dx: 1, dy: 0 },
        { k: "left", x: g.x - R - gap - w / 2, y: g.y, dx: -1, dy: 0 },
        { k: "below right", x: g.x + d + w / 2, y: g.y + d + h / 2, dx: 0.7, dy: 0.7 },
        { k: "below left", x: g.x - d - w / 2, y: g.y + d + h / 2, dx: -0.7, dy: 0.7 },
        { k: "above right", x: g.x + d + w / 2, y: g.y - d - h / 2, dx: 0.7, dy: -0.7 },
        { k: "above left", x: g.x - d - w / 2, y: g.y - d - h / 2, dx: -0.7, dy: -0.7 },
      ];
      let ox = g.x - P.cx, oy = g.y - P.cy;
      const len = Math.hypot(ox, oy) || 1;
      ox /= len; oy /= len;
      const score = (s) => (beside && (s.k === "right" || s.k === "left") ? 2 : 0) + s.dx * ox + s.dy * oy + (s.k === "below" ? 0.05 : 0);
      spots.sort((a, b) => score(b) - score(a));
      for (const sp of spots) {
        const cx = sp.x, cy = sp.y;
        const b = { x1: cx - w / 2 - 1, y1: cy - h / 2, x2: cx + w / 2 + 1, y2: cy + h / 2 };
        if (fits(b)) {
          text.setAttribute("x", cx.toFixed(1));
          text.setAttribute("y", cy.toFixed(1));
          text.style.display = "";
          placed.push(b);
          return;
        }
      }
      text.style.display = "none";
    };
    // State words first, then the top unit's label, the other leaders'
    // and the teams'.
    P.els.forEach((e, i) => {
      e.st.textContent = awayAt.get(i) || "";
      e.st.style.display = "none";
      e.lab.style.display = "none";
    });
    P.els.forEach((e, i) => { if (awayAt.has(i)) tryPlace(e.st, i, true, true); });
    const rank = (n) => (n.top ? 0 : n.role === "team" ? 2 : 1);
    const order = P.els.map((e, i) => i).filter((i) => P.els[i].n.label).sort((a, b) => rank(P.els[a].n) - rank(P.els[b].n) || a - b);
    for (const i of order) tryPlace(P.els[i].lab, i, false, false);
    P.boxes = placed;
  }

  function updateOrg(o, of, unit) {
    const P = panes[o];
    if (!P) return;
    const pane = $("pane" + o);
    $("backlog" + o).textContent = of.shown;
    $("twin" + o).textContent = of.status ? "(undisturbed " + of.twin + ")" : "";
    $("p95-" + o).textContent = fmtP95(of.p95, unit);
    pane.querySelector(".twinp95").textContent = of.status ? "(" + fmtP95(of.twinP95, unit) + ")" : "";
    const badge = pane.querySelector(".badge");
    badge.textContent = of.status === "recovering" ? "recovering ·" : of.status === "normal" ? "back to normal ·" : "";
    badge.className = "badge " + of.status;
    pane.dataset.status = of.status;
    pane.dataset.shown = of.shown;
    pane.dataset.twin = of.twin;
    const awayAt = new Map((of.away || []).map((a) => [a.node, a.state]));
    const struck = new Set(of.struck || []);
    const key = JSON.stringify([...awayAt]) + "|" + [...struck].join(",");
    if (key !== P.placeKey) {
      place(o, awayAt, struck);
      P.placeKey = key;
    }
    const f = P.f;
    const numbers = [];
    P.els.forEach((e, i) => {
      const q = of.nodes[i];
      const per = q / Math.max(e.n.units, 1);
      const b = bin(per);
      const r = e.g.r0 + (e.g.rmax - e.g.r0) * Math.min(1, Math.sqrt(per) / 8);
      e.c.setAttribute("r", r.toFixed(1));
      e.c.setAttribute("fill", ST.queue[b]);
      e.q.setAttribute("fill", ST.queueText[b]);
      const st = awayAt.get(i) || "";
      e.c.setAttribute("stroke-dasharray", st ? (0.3 * f).toFixed(1) + " " + (0.22 * f).toFixed(1) : "");
      e.c.setAttribute("stroke", st ? "#000" : ST.ink);
      e.c.setAttribute("stroke-width", (st ? 0.16 * f : Math.max(1, 0.06 * f)).toFixed(1));
      const hit = struck.has(i);
      e.ring.setAttribute("visibility", hit ? "visible" : "hidden");
      e.ring.setAttribute("r", Math.min(r + 0.3 * f, e.g.rmax + 0.25 * f).toFixed(1));
      e.grp.classList.toggle("away", st !== "");
      e.grp.classList.toggle("struck", hit);
      e.title.textContent = e.n.id + (e.n.units > 1 ? " (" + e.n.units + " units)" : "") + ": queue " + q + (st ? " · " + st : "") + (hit ? " · struck" : "");
      if (q > 0) numbers.push([q, i]);
      else e.q.textContent = "";
    });
    // Queue numbers, longest queue first; one that would touch a label or
    // another number waits for a later frame.
    numbers.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const drawn = [];
    for (const [q, i] of numbers) {
      const e = P.els[i];
      const s = String(q);
      const w = s.length * P.digit + 2, h = 1.15 * f;
      const b = { x1: e.g.x - w / 2, y1: e.g.y - h / 2, x2: e.g.x + w / 2, y2: e.g.y + h / 2 };
      if (P.boxes.some((p) => overlaps(b, p)) || drawn.some((p) => overlaps(b, p))) {
        e.q.textContent = "";
        continue;
      }
      e.q.textContent = s;
      drawn.push(b);
    }
    for (const [k, line] of P.edgeEls.entries()) {
      const slow = !!of.slow;
      line.setAttribute("stroke-dasharray", slow ? (0.35 * f).toFixed(1) + " " + (0.3 * f).toFixed(1) : "");
      line.setAttribute("stroke", slow ? ST.active : init.layouts[o].edges[k].peer ? ST.peer : ST.edge);
    }
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
      if (!mergeSeries(series.backlog, f.from, f.backlog) || !mergeSeries(series.twinBacklog, f.from, f.twinBacklog) ||
          !mergeSeries(series.p95, f.p95from, f.p95) || !mergeSeries(series.twinP95, f.p95from, f.twinP95)) return resync();
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
    if (f.announce !== lastAnnounce) {
      $("announce").textContent = f.announce;
      lastAnnounce = f.announce;
    }
    const state = f.ended ? "ended" : f.paused ? "paused" : "playing";
    $("status").textContent = state + " · " + fmtSpeed(f.speed) + " · run " + f.run + ", random draw " + f.seed +
      (f.viewers > 0 ? " · " + f.viewers + (f.viewers === 1 ? " viewer" : " viewers") : "");
    const play = $("play");
    play.textContent = f.ended ? (f.canContinue ? "C continue" : "■ ended") : f.paused ? "▶ play" : "❚❚ pause";
    play.disabled = f.ended && !f.canContinue;
    $("speedout").textContent = fmtSpeed(f.speed);
    const sp = $("speed");
    if (document.activeElement !== sp) sp.value = speedToSlider(f.speed);
    const refused = new Map((f.buttons || []).map((b) => [b.id, b.refused || ""]));
    for (const b of document.querySelectorAll("button.disrupt")) {
      const why = refused.get(b.dataset.button) || "";
      b.disabled = why !== "";
      b.dataset.refused = why;
      b.title = why ? "not now: " + why : b.dataset.button;
    }
    $("pauseafter").checked = !!f.pauseAfter;
    const unit = p95Unit();
    $("chart-p95").querySelector(".unit").textContent = "(" + unit.name + ")";
    drawRoom(f.poll);
    for (let o = 0; o < 2; o++) {
      const P = panes[o];
      if (P && !P.svg.isConnected) continue;
      if (P && sizeChanged(P.svg, P.W, P.H)) drawOrg(o, init.layouts[o]);
      updateOrg(o, f.orgs[o], unit);
    }
    drawCharts();
    if (f.notices && f.notices.length && presenter()) notice(f.notices.join(" · "));
    if (f.error) notice(f.error);
  }

  // ---- the room's question ----

  function drawRoom(p) {
    const room = $("room");
    room.hidden = !p;
    document.body.dataset.poll = p ? p.id + (p.open ? "-open" : "-closed") : "";
    if (!p) return;
    $("question").textContent = p.question;
    const box = $("options");
    const sig = JSON.stringify([p.id, p.open, p.answers, p.counts, p.correct, presenter(), myAnswers.get(p.id)]);
    if (box.dataset.sig === sig) return;
    box.dataset.sig = sig;
    box.textContent = "";
    if (p.open && !presenter()) {
      p.options.forEach((o, k) => {
        const b = document.createElement("button");
        b.textContent = o;
        b.className = "answer" + (myAnswers.get(p.id) === k ? " mine" : "");
        b.dataset.choice = k;
        b.addEventListener("click", () => answer(p, k));
        box.appendChild(b);
      });
    } else if (p.open) {
      const s = document.createElement("span");
      s.textContent = p.options.join(" · ") + " — " + p.answers + (p.answers === 1 ? " answer" : " answers") + " so far";
      s.id = "answers";
      box.appendChild(s);
    } else {
      const most = Math.max(1, ...(p.counts || [0]));
      p.options.forEach((o, k) => {
        const s = document.createElement("span");
        s.className = "opt" + (k === p.correct && p.kind !== "vote" ? " correct" : "") + (myAnswers.get(p.id) === k ? " mine" : "");
        const bar = document.createElement("i");
        bar.className = "bar";
        bar.style.width = (6 * (p.counts[k] || 0) / most).toFixed(2) + "em";
        const n = document.createElement("b");
        n.className = "count";
        n.textContent = p.counts[k] || 0;
        s.append(o + " ", bar, n);
        box.appendChild(s);
      });
    }
    if (presenter()) {
      const add = (text, body) => {
        const b = document.createElement("button");
        b.className = "small";
        b.textContent = text;
        b.addEventListener("click", () => control(body));
        box.appendChild(b);
      };
      if (p.open) add("close", { action: "close-poll" });
      if (p.kind === "vote" && !p.final) add("apply", { action: "apply-vote" });
      add("hide", { action: "hide-poll" });
    }
    $("outcome").textContent = p.outcome ? (p.final ? "What happened: " : "So far: ") + p.outcome : p.open ? "" : "The disruption has not struck yet.";
  }

  async function answer(p, k) {
    myAnswers.set(p.id, k);
    try {
      const res = await fetch("/api/answer", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ poll: p.id, choice: k, voter }),
      });
      const m = await res.json();
      notice(res.ok ? m.message + " (you may change it until the question closes)" : m.error);
    } catch (err) {
      notice("the server did not answer: " + err);
    }
    if (frame) drawRoom(frame.poll);
  }

  // ---- charts ----

  // niceAxis returns an axis maximum at or above v and a tick step that
  // divides it into at most n round steps.
  function niceAxis(v, n) {
    if (!(v > 0) || !isFinite(v)) return [1, 0.5];
    for (let p = Math.pow(10, Math.floor(Math.log10(v / n))); ; p *= 10) {
      for (const m of [1, 2, 2.5, 5]) {
        const step = m * p;
        const k = Math.ceil(v / step - 1e-9);
        if (k <= n) return [k * step, step];
      }
    }
  }

  function fmtTick(v) { return String(Math.round(v * 10) / 10); }

  function drawChart(id, main, twin, past, pastKey, div) {
    const svg = $(id).querySelector("svg");
    const box = svg.getBoundingClientRect();
    const W = Math.max(120, box.width), H = Math.max(60, box.height);
    svg.removeAttribute("viewBox");
    svg.textContent = "";
    const f = fs();
    const step = init.step, horizon = init.horizon;
    let ymax = 0;
    for (const s of main.concat(twin)) for (const v of s) if (v != null && v > ymax) ymax = v;
    for (const p of past) for (const s of p[pastKey]) for (const v of s) if (v != null && v > ymax) ymax = v;
    const T = 1.6 * f, B = 2.0 * f;
    const nTicks = Math.max(1, Math.min(5, Math.floor((H - T - B) / (1.5 * f))));
    let tick;
    [ymax, tick] = niceAxis(ymax / div * 1.05, nTicks);
    let L = 0;
    for (let v = 0; v <= ymax + tick / 2; v += tick) L = Math.max(L, textWidth(fmtTick(v), f));
    L += 0.6 * f;
    const R = 0.8 * f;
    const x = (t) => L + (W - L - R) * t / horizon;
    const y = (v) => H - B - (H - B - T) * (v / div) / ymax;
    const text = (s, attrs) => {
      const t = el("text", Object.assign({ "font-size": f, "dominant-baseline": "central", fill: ST.muted, class: "tick" }, attrs), svg);
      t.textContent = s;
      return t;
    };
    for (let v = 0; v <= ymax + tick / 2; v += tick) {
      const yy = H - B - (H - B - T) * v / ymax;
      el("line", { x1: L, x2: W - R, y1: yy, y2: yy, stroke: ST.grid, "stroke-width": 1 }, svg);
      text(fmtTick(v), { x: L - 0.3 * f, y: yy, "text-anchor": "end" });
    }
    // Week ticks far enough apart for their labels.
    const weeks = horizon / 40;
    const wide = textWidth(String(Math.round(weeks)), f) + 1.2 * f;
    let every = 1;
    for (const e of [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000]) {
      every = e;
      if ((W - L - R) * e / weeks >= wide && x(e * 40) - L >= textWidth("week 0", f) + 0.3 * f + wide / 2) break;
    }
    for (let w = 0; w <= weeks + 1e-9; w += every) {
      if (w === 0) text("week 0", { x: L, y: H - 0.7 * f, "text-anchor": "start" });
      else if (x(w * 40) + textWidth(String(w), f) / 2 <= W) text(String(w), { x: x(w * 40), y: H - 0.7 * f, "text-anchor": "middle" });
    }
    el("line", { x1: L, x2: L, y1: T, y2: H - B, stroke: ST.rule, "stroke-width": 1.5 }, svg);
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: ST.rule, "stroke-width": 1.5 }, svg);
    // Disruption marks; marks too close for their labels share one.
    const groups = [];
    for (const m of init.markers) {
      const xx = x(m.t);
      el("line", { x1: xx, x2: xx, y1: T, y2: H - B, stroke: ST.rule, "stroke-width": 1.5, "stroke-dasharray": "4 3" }, svg);
      const g = groups[groups.length - 1];
      if (g && xx - g.x < textWidth(g.text + "·" + m.short, f, true) / 2 + 0.4 * f) {
        g.text += "·" + m.short;
        g.title += "; " + m.label;
      } else groups.push({ x: xx, text: m.short, title: m.label });
    }
    let lastRight = -Infinity;
    for (const g of groups) {
      const w = textWidth(g.text, f, true);
      const cx = Math.min(Math.max(g.x, L + w / 2, lastRight + 0.3 * f + w / 2), W - w / 2);
      const t = text(g.text, { x: cx, y: T - 0.75 * f, "text-anchor": "middle", "font-weight": "bold", fill: ST.ink, class: "marklabel" });
      el("title", {}, t).textContent = g.title;
      lastRight = cx + w / 2;
    }
    if (frame) {
      const xx = x(frame.t);
      el("line", { x1: xx, x2: xx, y1: T, y2: H - B, stroke: ST.ink, "stroke-width": 1, "stroke-dasharray": "2 3" }, svg);
    }
    const path = (s, st, o, attrs) => {
      let d = "";
      let pen = false;
      for (let i = 0; i < s.length; i++) {
        const v = s[i];
        if (v == null) { pen = false; continue; }
        d += (pen ? "L" : "M") + x(i * st).toFixed(1) + " " + y(Math.min(v, ymax * div)).toFixed(1);
        pen = true;
      }
      if (d) el("path", Object.assign({ d, fill: "none", stroke: ST.orgs[o] }, attrs), svg);
    };
    const dash = (o, w) => ST.dashes[o].map((v) => v * w / 2.5).join(" ");
    for (const p of past) p[pastKey].forEach((s, o) => path(s, p.step, o, { "stroke-width": 2, "stroke-dasharray": dash(o, 2), opacity: 0.3, class: "past" }));
    twin.forEach((s, o) => path(s, step, o, { "stroke-width": Math.max(1.5, 0.1 * f), "stroke-dasharray": "2 3", class: "twin" }));
    main.forEach((s, o) => path(s, step, o, { "stroke-width": Math.max(2.5, 0.16 * f), "stroke-dasharray": dash(o, Math.max(2.5, 0.16 * f)), class: "line" + o }));
  }

  function drawCharts() {
    if (!init) return;
    const unit = p95Unit();
    drawChart("chart-p95", series.p95, series.twinP95, init.past, "p95", unit.div);
    drawChart("chart-backlog", series.backlog, series.twinBacklog, init.past, "backlog", 1);
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

  // Messages go in the footer's last slot, which covers nothing.
  let noticeTimer = 0;
  function notice(text) {
    const n = $("notice");
    n.textContent = text;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { n.textContent = ""; }, 6000);
  }

  function press(b) {
    const btn = document.querySelector('button.disrupt[data-button="' + b.id + '"]');
    if (btn && btn.dataset.refused) {
      notice(b.label + ": not now — " + btn.dataset.refused);
      return;
    }
    control({ action: "press", button: b.id });
  }

  async function control(body) {
    if (!presenter()) return;
    try {
      const res = await fetch("/api/control", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Orgsim-Token": token },
        body: JSON.stringify(body),
      });
      const m = await res.json();
      if (!res.ok) notice(m.error || res.statusText);
      else if (!["toggle", "play", "pause", "speed"].includes(body.action)) notice(m.message);
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

  // ---- panels and keys ----

  function closePanels() {
    for (const p of document.querySelectorAll(".panel")) p.hidden = true;
  }

  function togglePanel(id, show) {
    const p = $(id);
    const open = show === undefined ? p.hidden : show;
    closePanels();
    p.hidden = !open;
  }

  function ask(kind, org) {
    const body = { action: "ask", kind };
    if (org !== undefined) body.org = org;
    control(body);
  }

  function keys(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.target && ev.target.tagName === "INPUT" && ev.target.type !== "checkbox" && ev.key !== "Escape") return;
    const k = ev.key;
    if (k === "?") { togglePanel("help"); ev.preventDefault(); return; }
    if (k === "Escape") { closePanels(); return; }
    if (k === "i" || k === "I") { togglePanel("info"); ev.preventDefault(); return; }
    if (!presenter()) return;
    const speed = frame ? frame.speed : 8;
    switch (k) {
      case " ":
        if (frame && frame.ended) { if (frame.canContinue) control({ action: "continue" }); }
        else control({ action: "toggle" });
        break;
      case "ArrowRight": case "+": case "=":
        control({ action: "speed", speed: Math.min(+$("speed").dataset.max, Math.round(speed * 1.5 * 10) / 10) });
        break;
      case "ArrowLeft": case "-":
        control({ action: "speed", speed: Math.max(+$("speed").dataset.min, Math.round(speed / 1.5 * 10) / 10) });
        break;
      case "r": case "R": control({ action: "restart" }); break;
      case "a": case "A": control({ action: "again" }); break;
      case "c": case "C": control({ action: "continue" }); break;
      case "p": case "P": ask("first"); break;
      case "h": case "H": ask("peak", 0); break;
      case "v": case "V": ask("vote"); break;
      case "m": case "M": togglePanel("more"); break;
      case "j": case "J": togglePanel("join"); break;
      default: {
        const b = init.buttons.find((x) => x.key === k);
        if (!b) return;
        press(b);
      }
    }
    ev.preventDefault();
  }

  // sizeChanged reports whether an SVG's box is no longer w×h: its texts
  // would be scaled and must be drawn again.
  function sizeChanged(svg, w, h) {
    const b = svg.getBoundingClientRect();
    return Math.abs(b.width - w) > 0.5 || Math.abs(b.height - h) > 0.5;
  }

  // redraw draws everything again at the current sizes: after the window
  // or a pane changed size (a caption of another length, the room's
  // question shown or hidden).
  let redrawPending = false;
  function redraw() {
    if (redrawPending) return;
    redrawPending = true;
    requestAnimationFrame(() => {
      redrawPending = false;
      if (!init) return;
      drawOrgs();
      if (frame) onFrame(frame, true);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("play").addEventListener("click", () => {
      if (frame && frame.ended) control({ action: "continue" });
      else control({ action: "toggle" });
    });
    $("restart").addEventListener("click", () => control({ action: "restart" }));
    $("again").addEventListener("click", () => control({ action: "again" }));
    $("speed").addEventListener("input", (ev) => { $("speedout").textContent = fmtSpeed(sliderToSpeed(+ev.target.value)); });
    $("speed").addEventListener("change", (ev) => control({ action: "speed", speed: sliderToSpeed(+ev.target.value) }));
    $("helpbtn").addEventListener("click", () => togglePanel("help"));
    $("infobtn").addEventListener("click", () => togglePanel("info"));
    $("joinbtn").addEventListener("click", () => togglePanel("join"));
    $("morebtn").addEventListener("click", () => togglePanel("more"));
    for (const b of document.querySelectorAll(".panel .close")) b.addEventListener("click", closePanels);
    for (const b of document.querySelectorAll("#asks button")) {
      b.addEventListener("click", () => { ask(b.dataset.ask, b.dataset.org === undefined ? undefined : +b.dataset.org); closePanels(); });
    }
    $("closepoll").addEventListener("click", () => control({ action: "close-poll" }));
    $("applyvote").addEventListener("click", () => control({ action: "apply-vote" }));
    $("hidepoll").addEventListener("click", () => control({ action: "hide-poll" }));
    $("pauseafter").addEventListener("change", (ev) => control({ action: "pause-after", on: ev.target.checked }));
    document.addEventListener("keydown", keys);
    window.addEventListener("resize", redraw);
    // A pane or chart that changed size is drawn again at once, before
    // the browser paints: nothing is ever shown at the old size.
    const ro = new ResizeObserver(() => {
      if (!init) return;
      drawOrgs();
      if (frame) onFrame(frame, true);
    });
    for (const svg of document.querySelectorAll("main svg")) ro.observe(svg);
    window.addEventListener("pagehide", disconnect);
    window.addEventListener("pageshow", (ev) => { if (ev.persisted) connect(); });
    connect();
  });
})();
