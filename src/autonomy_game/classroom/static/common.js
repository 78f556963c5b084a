// Shared by every page: the connection, a safe element builder, the status line.
// Text from users is only ever set with textContent: it is shown, never run.
"use strict";

const CODE_KEY = "autonomy-code";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function fill(id, ...children) {
  const node = document.getElementById(id);
  if (!node) return null;
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function pct(x) { return (100 * x).toFixed(0) + " %"; }

function status(text, bad) {
  const s = document.getElementById("status");
  if (!s) return;
  s.textContent = text || "";
  s.className = bad ? "bad" : "";
}

const Link = {
  ws: null, nextId: 1, waiting: new Map(), onView: null, role: "", view: null, closing: false,
  start(role, onView) {
    this.role = role; this.onView = onView;
    this.connect();
    setInterval(() => this.tickClock(), 1000);
  },
  connect() {
    // This tab's code first (several groups may share one computer), else the last one used.
    const code = sessionStorage.getItem(CODE_KEY) || localStorage.getItem(CODE_KEY) || "";
    if (!code) { location.href = "/"; return; }
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${proto}://${location.host}/ws`);
    this.ws = ws;
    ws.onopen = () => { status("connected"); ws.send(JSON.stringify({type: "hello", code, role: this.role})); };
    ws.onmessage = (e) => this.receive(JSON.parse(e.data));
    ws.onclose = () => {
      document.body.dataset.online = "no";
      if (this.closing) return;
      status("connection lost: reconnecting...", true);
      setTimeout(() => this.connect(), 1500);
    };
  },
  receive(msg) {
    if (msg.type === "view") {
      document.body.dataset.online = "yes";
      this.view = msg.view; this.deadline = msg.view.seconds_left === null ? null :
        Date.now() + 1000 * msg.view.seconds_left;
      this.onView(msg.view); this.tickClock();
      return;
    }
    if (msg.type === "error") status(msg.error, true);
    else if (msg.type === "ack") status(msg.message || "ok");
    if (msg.id && this.waiting.has(msg.id)) { this.waiting.get(msg.id)(msg); this.waiting.delete(msg.id); }
    if (msg.type === "error" && /unknown join code/.test(msg.error)) {
      this.closing = true; sessionStorage.removeItem(CODE_KEY); localStorage.removeItem(CODE_KEY);
      location.href = "/";
    }
  },
  send(request) {
    const id = this.nextId++;
    if (this.view && this.role === "team") request.phase = this.view.token;
    request.id = id;
    if (!this.ws || this.ws.readyState !== 1) { status("not connected", true); return Promise.resolve(null); }
    this.ws.send(JSON.stringify(request));
    return new Promise((resolve) => this.waiting.set(id, resolve));
  },
  tickClock() {
    const c = document.getElementById("clock");
    if (!c || !this.view) return;
    if (this.view.paused) { c.textContent = "paused"; return; }
    if (this.deadline === null || this.deadline === undefined) { c.textContent = ""; return; }
    const s = Math.max(0, Math.round((this.deadline - Date.now()) / 1000));
    c.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  },
};

function header(v, who) {
  fill("who", who);
  fill("when", `${v.quarter} · turn ${v.turn}/${v.turns} · ${v.started ? v.phase : "waiting to start"}` +
       (v.outcome !== "ongoing" ? ` · ${v.outcome}` : ""));
}

function reportCard(r) {
  if (!r) return el("p", {text: "No quarter has been resolved yet."});
  const box = el("div", {class: "card"}, el("h2", {text: `Quarter report: ${r.label}`}));
  if (r.events.length) box.append(el("h3", {text: "Events"}),
    el("ul", {}, ...r.events.map((e) => el("li", {}, el("b", {text: e[0]}), " ", e[1]))));
  if (r.votes.length) box.append(el("h3", {text: "Council votes"}),
    el("ul", {}, ...r.votes.map((x) => el("li", {text:
      `${x.name} (${x.rule}): ${x.passed ? "adopted" : "rejected"} — yes ${x.yes.length}, no ${x.no.length}, abstain ${x.abstain.length}`}))));
  box.append(el("h3", {text: "Indicators"}), el("table", {}, ...Object.entries(r.indicators).map(([k, ab]) =>
    el("tr", {}, el("td", {text: k}), el("td", {text: `${pct(ab[0])} → ${pct(ab[1])}`})))));
  if (r.lines.length) box.append(el("ul", {}, ...r.lines.map((l) => el("li", {text: l}))));
  return box;
}

function logList(entries) {
  if (!entries.length) return el("p", {class: "hint", text: "Nothing yet."});
  return el("ul", {class: "log"}, ...entries.slice().reverse().map((e) => el("li", {class: e.kind},
    el("span", {class: "meta", text: `T${e.turn} ${e.phase} · ${e.kind} · ${e.sender} → ${e.to.join(", ")}`}),
    e.title ? el("b", {text: " " + e.title + ": "}) : " ",
    el("span", {class: "text", text: e.text}))));
}

// The join page.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("join-form");
  if (!form) return;
  const saved = localStorage.getItem(CODE_KEY);
  if (saved) document.getElementById("code").value = saved;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const code = document.getElementById("code").value.trim().toUpperCase();
    const r = await fetch("/api/join", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({code})});
    const data = await r.json().catch(() => ({error: "the server did not answer"}));
    if (!r.ok) { document.getElementById("error").textContent = data.error; return; }
    localStorage.setItem(CODE_KEY, code); sessionStorage.setItem(CODE_KEY, code);
    location.href = data.role === "teacher" ? "/console" : "/team";
  });
});
