// The team page: one member state's view of the game, for a phone or a laptop.
"use strict";

let lastView = null;
const chosenTo = new Set();

function busy(id) {  // do not redraw a section while someone is typing in it
  const a = document.activeElement;
  const s = document.getElementById(id);
  return s && a && s.contains(a) && (a.tagName === "INPUT" || a.tagName === "SELECT" || a.tagName === "TEXTAREA");
}

function act(request) { return Link.send(request); }

function numberInput(value, step, onSet, label) {
  const input = el("input", {type: "number", step, min: 0, value, "aria-label": label});
  input.addEventListener("change", () => onSet(parseFloat(input.value)));
  return input;
}

function renderHome(v) {
  fill("objective", v.objective || "Your state has no secret objective in this scenario.");
  const p = v.panel;
  fill("panel", ...[["GDP (€ bn)", p.gdp], ["Defence % of GDP", p.defence_pct], ["Budget / quarter (€ bn)", p.budget],
    ["Fiscal room", pct(p.fiscal_space)], ["Public support", pct(p.support)], ["Atlanticism", pct(p.atlanticism)],
    ["Political capital", p.capital], ["155 mm stock (k rounds)", p.ammunition]]
    .map(([k, x]) => el("tr", {}, el("td", {text: k}), el("td", {text: String(x)}))));
  fill("indicators", ...Object.entries(v.indicators).map(([k, x]) =>
    el("tr", {}, el("td", {text: k.replace("_", " ")}), el("td", {text: pct(x)}))));
  fill("headlines", ...(v.headlines.length ? v.headlines.map((h) => el("p", {}, el("b", {text: h.title}), " ", h.text))
    : [el("p", {class: "hint", text: "No news this quarter."})]));
  fill("briefing", v.briefing);
}

function renderEvents(v) {
  const cards = v.events.map((e) => el("div", {class: "card"},
    el("h2", {text: e.title}), el("p", {text: e.text}),
    el("p", {class: "hint", text: e.decider === "table" ? "The class decides: each group's pick counts." : "Your state decides."}),
    ...e.choices.map((c) => el("button", {type: "button", class: e.picked === c.id ? "picked choice" : "choice",
      "data-event": e.id, "data-option": c.id, on: {click: () => act({type: "choose", event: e.id, option: c.id})}},
      el("b", {text: c.label}), c.text ? el("span", {text: " " + c.text}) : null))));
  fill("events", ...(cards.length ? cards : [el("p", {class: "hint", text: v.phase === "events" ? "No decision waits for you." : "Event choices come at the start of a quarter."})]));
  fill("injects", ...v.inject_choices.map((i) => el("div", {class: "card inject"},
    el("h2", {text: i.title}), el("p", {text: i.text}),
    ...i.choices.map((c) => el("button", {type: "button", class: "choice",
      on: {click: () => act({type: "inject_choice", inject: i.id, option: c.id})}}, c.label)))));
}

function renderCouncil(v) {
  if (busy("council")) return;
  const c = v.council;
  if (!c.open) { fill("council", el("p", {class: "hint", text: "The Council meets after the quarter's events."})); return; }
  const parts = [];
  if (c.proposable.length && !c.proposed) {
    const sel = el("select", {id: "propose-select", "aria-label": "initiative to propose"},
      ...c.proposable.map((p) => el("option", {value: p.id, text: p.name})));
    parts.push(el("div", {class: "card"}, el("h2", {text: "Table a proposal"}), sel,
      el("button", {type: "button", id: "propose", on: {click: () => act({type: "propose", initiative: sel.value})}}, "Propose")));
  }
  parts.push(el("p", {class: "hint", text: `Political capital: ${c.capital}`}));
  for (const item of c.agenda) {
    const others = v.members.filter((m) => m !== v.seat);
    const target = el("select", {"aria-label": "state"}, ...others.map((m) => el("option", {value: m, text: m})));
    const amount = el("input", {type: "number", step: "0.1", min: "0.1", value: "0.5", "aria-label": "€ bn"});
    const note = el("input", {type: "text", maxlength: 500, placeholder: "terms (optional)", "aria-label": "offer text"});
    parts.push(el("div", {class: "card item", "data-initiative": item.id},
      el("h2", {text: item.name}),
      el("p", {class: "hint", text: `${item.rule} · cost €${item.cost} bn · ${item.passes ? "would pass now" : "would fail now"}` +
        (item.proposed_by ? ` · tabled by ${item.proposed_by}` : "")}),
      el("p", {text: item.description}),
      item.can_vote ? el("div", {class: "row"}, el("span", {text: `Your vote: ${item.my_vote} `}),
        ...[["yes", 1], ["abstain", 0], ["no", -1]].map(([w, n]) => el("button", {type: "button",
          class: item.my_vote === w ? "picked vote" : "vote", "data-vote": w,
          on: {click: () => act({type: "vote", initiative: item.id, vote: n})}}, w)))
        : el("p", {class: "hint", text: "Your state does not vote on this item."}),
      el("details", {}, el("summary", {text: "Every state's stance and reasons"}),
        el("table", {class: "stances"}, ...item.stances.map((s) => el("tr", {class: s.vote},
          el("td", {text: s.state + (s.human ? " (group)" : "")}), el("td", {text: s.vote}),
          el("td", {text: s.reasons.map((r) => `${r.term} ${r.value > 0 ? "+" : ""}${r.value}`).join(", ")}))))),
      el("div", {class: "row"}, target,
        el("button", {type: "button", on: {click: () => act({type: "persuade", target: target.value, initiative: item.id, capital: 1.0})}}, "Persuade (1 capital)"),
        amount,
        el("button", {type: "button", on: {click: () => act({type: "pay", target: target.value, initiative: item.id, amount: parseFloat(amount.value)})}}, "Pay"),
        note,
        el("button", {type: "button", class: "offer", on: {click: () => act({type: "offer", to: target.value, initiative: item.id, amount: parseFloat(amount.value), text: note.value})}}, "Offer for a yes"))));
  }
  if (!c.agenda.length) parts.push(el("p", {class: "hint", text: "Nothing on the agenda yet."}));
  parts.push(...pescoCards(c));
  fill("council", ...parts);
}

// PESCO after adoption, as on the pygame Council screen: ask to join a project (its members
// decide by QMV among themselves, TEU 46(3)); ask to suspend a fellow participant that no
// longer meets the commitments (QMV of the participants but the state concerned, TEU 46(4)).
function answer(result, yes, no) {
  return el("span", {class: result ? "good" : "bad", text: result ? yes : no});
}

function pescoCards(c) {
  const cards = [];
  if (c.joinable && c.joinable.length) {
    cards.push(el("div", {class: "card", id: "pesco-join"}, el("h2", {text: "PESCO projects to join"}),
      el("p", {class: "hint", text: "Its members decide by a qualified majority among themselves (TEU 46(3)); once in, you pay your GDP share of the rest and share what it delivers."}),
      ...c.joinable.map((j) => el("div", {class: "row", "data-project": j.id},
        el("span", {text: `${j.name} · ${j.members} members `}),
        j.result === null ? el("button", {type: "button", class: "join", "data-initiative": j.id,
          on: {click: () => act({type: "join", initiative: j.id})}}, "Ask to join")
          : answer(j.result, "✓ admitted", "✗ refused")))));
  }
  if (c.suspendable && c.suspendable.length) {
    cards.push(el("div", {class: "card", id: "pesco-suspend"}, el("h2", {text: "Suspend from a PESCO project"}),
      el("p", {class: "hint", text: "A participant whose defence spending fell below where it started no longer meets the commitments; the other participants decide by a qualified majority (TEU 46(4)). Once a quarter per request."}),
      ...c.suspendable.map((x) => el("div", {class: "row", "data-project": x.initiative, "data-target": x.target},
        el("span", {text: `${x.target_name} (${x.target}) from ${x.name} `}),
        x.result === null ? el("button", {type: "button", class: "suspend", "data-initiative": x.initiative, "data-target": x.target,
          on: {click: () => act({type: "suspend", target: x.target, initiative: x.initiative})}}, "Ask to suspend")
          : answer(x.result, "✓ suspended", "✗ not suspended")))));
  }
  return cards;
}

function renderOrders(v) {
  if (busy("orders")) return;
  const o = v.orders;
  if (!o.open) { fill("orders", el("p", {class: "hint", text: "National orders follow the Council."})); return; }
  const rows = [];
  const pctInput = el("input", {type: "number", id: "pct", step: "0.01", min: o.pct_low, max: o.pct_high, value: o.pct, "aria-label": "defence % of GDP"});
  pctInput.addEventListener("change", () => act({type: "budget", pct: parseFloat(pctInput.value)}));
  rows.push(el("tr", {}, el("td", {text: `Defence % of GDP (${o.pct_low}–${o.pct_high})`}), el("td", {}, pctInput)));
  for (const [d, x] of Object.entries(o.procure)) {
    rows.push(el("tr", {}, el("td", {text: `${d.replace("_", " ")}: European / foreign`}), el("td", {},
      numberInput(x.european, "0.01", (a) => act({type: "procure", domain: d, european: true, amount: a}), `${d} European`),
      numberInput(x.foreign, "0.01", (a) => act({type: "procure", domain: d, european: false, amount: a}), `${d} foreign`))));
  }
  rows.push(el("tr", {}, el("td", {text: "155 mm shells: European / foreign"}), el("td", {},
    numberInput(o.shells.european, "0.01", (a) => act({type: "shells", european: true, amount: a}), "shells European"),
    numberInput(o.shells.foreign, "0.01", (a) => act({type: "shells", european: false, amount: a}), "shells foreign"))));
  rows.push(el("tr", {}, el("td", {text: "Shell production capacity"}), el("td", {},
    numberInput(o.industry, "0.01", (a) => act({type: "industry", amount: a}), "industry"))));
  rows.push(el("tr", {}, el("td", {text: "Aid to Ukraine: rounds (k) / materiel (€ bn)"}), el("td", {},
    numberInput(o.aid_rounds, "1", (a) => act({type: "aid", rounds: a, materiel: o.aid_materiel}), "aid rounds"),
    numberInput(o.aid_materiel, "0.01", (a) => act({type: "aid", rounds: o.aid_rounds, materiel: a}), "aid materiel"))));
  fill("orders", el("div", {class: "card"}, el("h2", {text: "National orders"}),
    el("p", {class: "hint", text: `Money for orders: €${o.money} bn; planned: €${o.spending} bn (amounts in € bn this quarter)`}),
    el("table", {class: "orders"}, ...rows)), ...logisticsCards(o));
}

// Corridor investment and hub protection (€ bn this quarter), as on the pygame orders screen.
const PROTECTION_LABEL = {air_defence: "Air defence", cyber: "Cyber", microgrid: "Microgrid"};

function logisticsCards(o) {
  const cards = [];
  if (o.corridors && o.corridors.length) {
    cards.push(el("div", {class: "card"}, el("h2", {text: "Logistics corridors (military mobility)"}),
      el("table", {class: "orders", id: "corridors"}, ...o.corridors.map((c) => el("tr", {"data-corridor": c.id},
        el("td", {text: `${c.name} · ${c.mode} · capacity ${c.capacity} kt` + (c.open ? "" : " · ✗ cut")}),
        el("td", {}, numberInput(c.amount, "0.01", (a) => act({type: "corridor", corridor: c.id, amount: a}), `corridor ${c.id}`)))))));
  }
  if (o.hubs && o.hubs.length) {
    cards.push(el("div", {class: "card"}, el("h2", {text: "Hub protection"}),
      el("table", {class: "orders", id: "hubs"},
        el("tr", {}, el("th", {text: "hub"}), ...o.protections.map((k) => el("th", {text: PROTECTION_LABEL[k] || k}))),
        ...o.hubs.map((h) => el("tr", {"data-hub": h.id},
          el("td", {class: h.health < 0.8 ? "bad" : "", text: `${h.name} (${h.country})` + (h.health < 0.8 ? " ✗" : "")}),
          ...o.protections.map((k) => el("td", {}, numberInput(h.protect[k], "0.01",
            (a) => act({type: "protect", hub: h.id, protection: k, amount: a}), `${h.id} ${k}`))))))));
  }
  return cards;
}

function renderTalk(v) {
  if (!busy("to-list")) {
    fill("to-list", el("label", {}, el("input", {type: "checkbox", value: "all", checked: chosenTo.has("all"),
      on: {change: (e) => e.target.checked ? chosenTo.add("all") : chosenTo.delete("all")}}), "all"),
      ...v.members.filter((m) => m !== v.seat).map((m) => el("label", {}, el("input", {type: "checkbox", value: m,
        checked: chosenTo.has(m), on: {change: (e) => e.target.checked ? chosenTo.add(m) : chosenTo.delete(m)}}), m)));
  }
  fill("offers", ...(v.offers.length ? v.offers.map((o) => el("div", {class: "offer " + o.status},
    el("span", {text: `#${o.id} ${o.sender} → ${o.to}: €${o.amount} bn for a yes on ${o.initiative} (${o.status}) ${o.text} ${o.note}`}),
    o.to === v.seat && o.status === "open" ? el("span", {},
      el("button", {type: "button", class: "accept", on: {click: () => act({type: "answer_offer", offer: o.id, accept: true})}}, "Accept"),
      el("button", {type: "button", on: {click: () => act({type: "answer_offer", offer: o.id, accept: false})}}, "Decline")) : null))
    : [el("p", {class: "hint", text: "No offers."})]));
  fill("log", logList(v.log));
}

function render(v) {
  lastView = v;
  header(v, `${v.name} (${v.seat})`);
  document.body.dataset.phase = v.phase;
  const ready = document.getElementById("ready");
  ready.textContent = v.team.ai ? "AI plays" : v.team.ready ? "Ready ✓" : "Ready";
  ready.className = v.team.ready ? "picked" : "";
  renderHome(v); renderEvents(v); renderCouncil(v); renderOrders(v); renderTalk(v);
  fill("report", reportCard(v.report));
}

document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll("#tabs button")) {
    b.addEventListener("click", () => {
      for (const x of document.querySelectorAll("#tabs button, .tab")) x.classList.remove("on");
      b.classList.add("on");
      document.getElementById("tab-" + b.dataset.tab).classList.add("on");
    });
  }
  document.getElementById("ready").addEventListener("click", () =>
    act({type: "ready", ready: !(lastView && lastView.team.ready)}));
  document.getElementById("send-msg").addEventListener("click", async () => {
    const text = document.getElementById("msg-text").value;
    const to = chosenTo.has("all") || !chosenTo.size ? "all" : [...chosenTo];
    const r = await act({type: "message", to, text});
    if (r && r.ok) document.getElementById("msg-text").value = "";
  });
  document.getElementById("save-note").addEventListener("click", async () => {
    const r = await act({type: "note", text: document.getElementById("msg-text").value});
    if (r && r.ok) document.getElementById("msg-text").value = "";
  });
  Link.start("team", render);
});
