"""What each screen is sent: plain JSON built from the game, one builder per audience.

A team's view holds its own seat's secret objective and nobody else's; the room view (the
projector) and the public parts hold no secret at all; the console holds the join codes and
the inject script. Tests check those borders (tests/test_classroom_core.py).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autonomy_game.classroom.requests import phase_token
from autonomy_game.engine import treaty
from autonomy_game.engine.council import TERMS, eligible
from autonomy_game.engine.orders import EUROPEAN, FOREIGN
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS

RULE_LABEL = {treaty.QMV: "QMV (55 % of states, 65 % of people)",
              treaty.REINFORCED_QMV: "reinforced QMV (72 % of states)",
              treaty.UNANIMITY: "unanimity", treaty.COALITION: "coalition of the willing",
              treaty.PESCO_PROJECT: "PESCO project"}
VOTE_WORD = {1: "yes", 0: "abstain", -1: "no", 2: "constructive abstention"}
INDICATORS = ("autonomy", "cohesion", "deterrence", "us_commitment", "ukraine_front",
              "adversary_pressure")


def _f(x: Any, digits: int = 3) -> float:
    return round(float(x), digits)


def header(room: Any) -> dict[str, Any]:
    g = room.game
    left = room.timer.left(room.clock())
    return {
        "version": room.version,
        "scenario": g.scenario.id,
        "title": g.scenario.title,
        "turn": g.turn,
        "turns": g.scenario.turns,
        "quarter": g.scenario.quarter_label(g.turn),
        "phase": g.phase,
        "token": phase_token(g),
        "started": room.started,
        "paused": room.paused,
        "seconds_left": None if left is None else int(left),
        "outcome": g.outcome,
        "indicators": {k: _f(getattr(g.state, k)[0]) for k in INDICATORS},
        "teams": [{"seat": t.seat, "connected": t.connected, "ready": t.ready, "ai": t.ai}
                  for t in room.teams.values()],
    }


def _headlines(room: Any) -> list[dict[str, str]]:
    g = room.game
    items = [{"title": g.world.events[e].title, "text": g.world.events[e].text}
             for e in g.fired]
    return items


def council(room: Any, seat: str | None) -> dict[str, Any]:
    """The agenda with every member's stance and reasons (as the hotseat screen shows them:
    not a secret), the projected result, and for `seat` its own vote and options."""
    g = room.game
    if g.phase != "council":
        return {"open": False, "last_votes": g.last_votes}
    world = g.world
    can_vote = eligible(world)
    items = []
    for iid in g.agenda():
        i = world.initiative_ids.index(iid)
        stances = []
        for v in g.vote_intentions(iid):
            top = sorted(((t, v.terms[t]) for t in TERMS if abs(v.terms[t]) >= 0.01),
                         key=lambda tv: -abs(tv[1]))[:3]
            stances.append({"state": v.state, "vote": VOTE_WORD.get(v.vote, str(v.vote)),
                            "human": v.state in g.humans,
                            "reasons": [{"term": t, "value": _f(x, 2)} for t, x in top]})
        init = g.scenario.initiatives[iid]
        entry = {"id": iid, "name": init.name, "description": init.description,
                 "rule": RULE_LABEL.get(int(world.rules.kind[i]), "?"),
                 "cost": _f(world.initiative_cost[i], 2),
                 "passes": g.projected_result(iid), "stances": stances,
                 "proposed_by": next((s for s, p in g.proposals.items() if p == iid), "")}
        if seat is not None:
            n = world.codes.index(seat)
            entry["can_vote"] = bool(can_vote[n, i])
            entry["my_vote"] = next((s["vote"] for s in stances if s["state"] == seat), "")
        items.append(entry)
    result: dict[str, Any] = {"open": True, "agenda": items}
    if seat is not None:
        legal = g.legal_actions(seat)
        result["proposable"] = [{"id": a.initiative,
                                 "name": g.scenario.initiatives[a.initiative].name}
                                for a in legal if a.kind == "propose"]
        result.update(_pesco(g, seat))
        n = world.codes.index(seat)
        result["capital"] = _f(g.state.capital[0, n], 2)
        result["proposed"] = g.proposals.get(seat, "")
    return result


def _pesco(g: Any, seat: str) -> dict[str, list[dict[str, Any]]]:
    """PESCO after adoption, as the pygame Council lists it (`Game.pesco_requests`): projects
    to ask to join (TEU 46(3)) and participants to ask to suspend (TEU 46(4)); `result` is
    null until asked this quarter, then whether it was granted."""
    joins, cuts = g.pesco_requests(seat)
    mask = g.state.initiative_participants_mask[0]
    ids, names = g.world.initiative_ids, g.scenario.initiatives
    return {
        "joinable": [{"id": iid, "name": names[iid].name,
                      "members": int(mask[ids.index(iid)].sum()),
                      "result": g.join_results.get((seat, iid))} for iid in joins],
        "suspendable": [{"initiative": iid, "name": names[iid].name, "target": target,
                         "target_name": g.scenario.states[target].name,
                         "result": g.suspension_results.get((seat, target, iid))}
                        for target, iid in cuts],
    }


def panel(room: Any, seat: str) -> dict[str, Any]:
    g = room.game
    s, n = g.state, g.world.codes.index(seat)
    state = g.scenario.states[seat]
    return {
        "seat": seat, "name": state.name,
        "gdp": _f(s.gdp[0, n], 1), "defence_pct": _f(s.defence_pct[0, n], 2),
        "budget": _f(s.budget[0, n], 2), "fiscal_space": _f(s.fiscal_space[0, n]),
        "support": _f(s.support[0, n]), "atlanticism": _f(s.atlanticism[0, n]),
        "capital": _f(s.capital[0, n], 2), "ammunition": _f(s.ammunition[0, n], 1),
        "shell_capacity": _f(s.shell_capacity[0, n], 1),
        "capability": {d: _f(s.capability[0, k, n], 1) for k, d in enumerate(DOMAINS)},
    }


def orders(room: Any, seat: str) -> dict[str, Any]:
    g = room.game
    if g.phase != "orders" or g.orders is None:
        return {"open": False}
    o, n = g.orders, g.world.codes.index(seat)
    low, high = g.budget_limits(seat)
    return {
        "open": True,
        "pct": _f(o.target_pct[0, n], 2), "pct_low": math.ceil(low * 100 - 1e-9) / 100,
        "pct_high": math.floor(high * 100 + 1e-9) / 100,
        "money": _f(g.discretionary(seat), 3), "spending": _f(g.order_spending(seat), 3),
        "procure": {d: {"european": _f(o.procure[0, EUROPEAN, k, n]),
                        "foreign": _f(o.procure[0, FOREIGN, k, n])}
                    for k, d in enumerate(DOMAINS)},
        "shells": {"european": _f(o.shells[0, n, 0]), "foreign": _f(o.shells[0, n, 1])},
        "industry": _f(o.industry[0, n]),
        "aid_rounds": _f(o.aid_rounds[0, n], 1), "aid_materiel": _f(o.aid_materiel[0, n]),
        **_logistics(g, n),
    }


def _logistics(g: Any, n: int) -> dict[str, Any]:
    """Corridor investment and hub protection for member `n`, the per-corridor and per-hub
    money the pygame orders screen edits (the engine's `corridor` and `protect` actions)."""
    world, o, st, sc = g.world, g.orders, g.state, g.scenario
    corridor = o.corridor_of(n, world.owned_corridor_share)[0]
    protect = o.protection_of(n, world.owned_hub_share)[0]
    return {
        "corridors": [{"id": cid, "name": sc.corridors[cid].name,
                       "mode": sc.corridors[cid].mode,
                       "capacity": _f(st.corridor_capacity[0, c], 1),
                       "open": bool(st.corridor_open[0, c] >= 0.5),
                       "amount": _f(corridor[c])}
                      for c, cid in enumerate(world.corridor_ids)],
        "protections": list(PROTECTIONS),
        "hubs": [{"id": hid, "name": sc.hubs[hid].name, "country": sc.hubs[hid].country,
                  "health": _f(st.hub_health[0, h]),
                  "protect": {kind: _f(protect[h, k]) for k, kind in enumerate(PROTECTIONS)}}
                 for h, hid in enumerate(world.hub_ids)],
    }


def events(room: Any, seat: str | None) -> list[dict[str, Any]]:
    g = room.game
    result = []
    if g.phase != "events":
        return result
    for p in g.pending:
        ev = g.world.events[p.event]
        decider = g.world.codes[p.decider] if p.decider >= 0 else "table"
        if seat is not None and decider not in (seat, "table"):
            continue
        result.append({"id": ev.id, "title": ev.title, "text": ev.text, "decider": decider,
                       "picked": room.table_picks.get(ev.id, {}).get(seat or "", ""),
                       "choices": [{"id": c.id, "label": c.label, "text": c.text}
                                   for c in ev.choices]})
    return result


def report(room: Any) -> dict[str, Any] | None:
    """The last quarter's report: it stays readable during the next quarter."""
    g = room.game
    return g.reports[-1].to_dict() if g.reports else None


def _injects_for(room: Any, seat: str) -> list[dict[str, Any]]:
    waiting = []
    for ident, decider in room.log.pending_injects.items():
        if decider != seat:
            continue
        inject = next(i for i in room.game.scenario.injects if i.id == ident)
        waiting.append({"id": ident, "title": inject.title, "text": inject.text,
                        "choices": [{"id": c.id, "label": c.label} for c in inject.choices]})
    return waiting


def team_view(room: Any, seat: str) -> dict[str, Any]:
    g = room.game
    objective = g.scenario.objectives.get(seat)
    view = header(room)
    view.update({
        "role": "team", "seat": seat, "name": g.scenario.states[seat].name,
        "members": list(g.world.codes),
        "briefing": g.scenario.briefing,
        "objective": objective.text if objective is not None else "",
        "team": {"ready": room.teams[seat].ready, "ai": room.teams[seat].ai},
        "panel": panel(room, seat),
        "headlines": _headlines(room),
        "events": events(room, seat),
        "council": council(room, seat),
        "orders": orders(room, seat),
        "report": report(room),
        "log": [e.__dict__ for e in room.log.entries if e.visible_to(seat)][-200:],
        "offers": [o.__dict__ for o in room.log.offers.values() if seat in (o.sender, o.to)],
        "inject_choices": _injects_for(room, seat),
    })
    return view


def _ai_reasoning(room: Any) -> list[dict[str, Any]]:
    """The AI states' stances with their main reasons: shown on the projector when the
    teacher reveals them (never a human seat's)."""
    c = council(room, None)
    if not c.get("open"):
        return []
    return [{"id": item["id"], "name": item["name"],
             "stances": [s for s in item["stances"] if not s["human"]]}
            for item in c["agenda"]]


def public_log(room: Any) -> list[dict[str, Any]]:
    return [e.__dict__ for e in room.log.entries
            if e.kind in ("news", "system")
            or (e.kind == "inject" and ("everyone" in e.to or "projector" in e.to))][-30:]


def room_view(room: Any, url: str = "") -> dict[str, Any]:
    """The projector: no objective, no join code, no private message or note."""
    g = room.game
    view = header(room)
    c = council(room, None)
    view.update({
        "role": "room", "url": url,
        "headlines": _headlines(room),
        "tallies": [{"id": i["id"], "name": i["name"], "rule": i["rule"], "passes": i["passes"],
                     "yes": sum(s["vote"] == "yes" for s in i["stances"]),
                     "no": sum(s["vote"] == "no" for s in i["stances"]),
                     "abstain": sum(s["vote"] not in ("yes", "no") for s in i["stances"])}
                    for i in c.get("agenda", [])],
        "last_votes": [v for r in g.reports[-1:] for v in r.to_dict()["votes"]],
        "news": public_log(room),
        "ai_reasoning": _ai_reasoning(room) if room.reveal_ai else [],
    })
    return view


def console_view(room: Any, url: str = "") -> dict[str, Any]:
    g = room.game
    view = header(room)
    fired = room.log.fired_injects()
    view.update({
        "role": "teacher", "url": url,
        "codes": {t.seat: t.code for t in room.teams.values()},
        "waiting": room.waiting_for(),
        "auto_advance": room.auto_advance, "reveal_ai": room.reveal_ai,
        "phase_seconds": dict(room.phase_seconds),
        "injects": [{"id": i.id, "title": i.title, "text": i.text, "turn": i.turn,
                     "recipients": list(i.recipients), "fired": i.id in fired,
                     "waiting_for": room.log.pending_injects.get(i.id, ""),
                     "choices": [{"id": c.id, "label": c.label} for c in i.choices]}
                    for i in g.scenario.injects],
        "headlines": _headlines(room),
        "tallies": room_view(room)["tallies"],
        "log": [e.__dict__ for e in room.log.entries if e.kind != "note"][-100:],
        "offers": [o.__dict__ for o in room.log.offers.values()],
        "report": report(room),
    })
    return view


def outcome_digest(room: Any) -> dict[str, Any]:
    """A compact fingerprint of the game for checking that every client saw the same end."""
    g = room.game
    return {"turn": g.turn, "phase": g.phase, "outcome": g.outcome,
            "indicators": {k: _f(getattr(g.state, k)[0], 6) for k in INDICATORS},
            "decisions": len(g.decisions),
            "budget_sum": _f(np.sum(g.state.budget[0]), 6)}
