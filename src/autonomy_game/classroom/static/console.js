// The teacher's console: phase control, groups, injects, news, the log.
"use strict";

function cmd(request) { return Link.send(request); }

function render(v) {
  header(v, "Teacher's console");
  document.body.dataset.phase = v.phase;
  document.getElementById("auto").checked = v.auto_advance;
  document.getElementById("reveal").checked = v.reveal_ai;
  fill("url", v.url);
  fill("teams", el("tr", {}, ...["state", "code", "online", "ready", ""].map((h) => el("th", {text: h}))),
    ...v.teams.map((t) => el("tr", {"data-seat": t.seat}, el("td", {text: t.seat}), el("td", {class: "code", text: v.codes[t.seat]}),
      el("td", {text: t.connected ? "yes" : "no"}), el("td", {text: t.ai ? "AI" : t.ready ? "ready" : "…"}),
      el("td", {}, el("button", {type: "button", on: {click: () => cmd({type: t.ai ? "handback" : "takeover", seat: t.seat})}},
        t.ai ? "Hand back" : "AI takes over")))));
  fill("timers", ...Object.entries(v.phase_seconds).map(([p, s]) => {
    const input = el("input", {type: "number", min: 0, max: 3600, step: 30, value: s, "aria-label": `${p} seconds`});
    input.addEventListener("change", () => cmd({type: "timer", phase: p, seconds: parseInt(input.value, 10)}));
    return el("label", {}, `${p} `, input, " s");
  }));
  fill("tallies", ...(v.tallies.length ? v.tallies.map((t) => el("p", {},
    el("b", {text: t.name}), ` (${t.rule}): yes ${t.yes}, no ${t.no}, abstain ${t.abstain} — ${t.passes ? "passes" : "fails"}`))
    : [el("p", {class: "hint", text: v.phase === "council" ? "Nothing on the agenda." : "The Council is not sitting."})]),
    v.waiting.length ? el("p", {class: "hint", text: "Waiting for: " + v.waiting.join(", ")}) : null);
  fill("injects", ...(v.injects.length ? v.injects.map((i) => el("div", {class: "inject" + (i.fired ? " fired" : "")},
    el("b", {text: `${i.title}`}), el("span", {class: "meta", text: ` · suggested turn ${i.turn || "any"} · to ${i.recipients.join(", ")}`}),
    el("p", {text: i.text}),
    i.fired ? el("span", {class: "hint", text: "fired"}) : i.waiting_for ? el("span", {class: "hint", text: `waiting for ${i.waiting_for}`}) :
      el("span", {}, el("button", {type: "button", "data-inject": i.id, on: {click: () => cmd({type: "inject", inject: i.id})}}, "Fire"),
        ...i.choices.map((c) => el("button", {type: "button", class: "quiet", on: {click: () => cmd({type: "inject", inject: i.id, option: c.id})}}, `Fire: ${c.label}`)))))
    : [el("p", {class: "hint", text: "This scenario has no inject script."})]));
  fill("log", logList(v.log));
  fill("report", reportCard(v.report));
}

document.addEventListener("DOMContentLoaded", () => {
  const on = (id, request) => document.getElementById(id).addEventListener("click", () => cmd(request()));
  on("start", () => ({type: "start"}));
  on("pause", () => ({type: "pause"}));
  on("resume", () => ({type: "resume"}));
  on("extend", () => ({type: "extend", seconds: 60}));
  // The phase the console shows goes with "advance": a second click, or one made before the
  // console showed that the groups' readiness closed the phase, is refused (no skipped report).
  const shown = () => (Link.view ? Link.view.token : undefined);
  on("advance", () => ({type: "advance", phase: shown()}));
  on("force", () => ({type: "advance", force: true, phase: shown()}));
  document.getElementById("auto").addEventListener("change", (e) => cmd({type: "auto", on: e.target.checked}));
  document.getElementById("reveal").addEventListener("change", (e) => cmd({type: "reveal", on: e.target.checked}));
  document.getElementById("send-news").addEventListener("click", async () => {
    const r = await cmd({type: "news", text: document.getElementById("news-text").value});
    if (r && r.ok) document.getElementById("news-text").value = "";
  });
  Link.start("teacher", render);
});
