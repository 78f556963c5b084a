"""National orders for the seat at the table: budget with public-support feedback,
procurement by domain (European or from abroad), ammunition, aid, logistics and protection.

Every control sends one engine action naming the new total; the engine refuses what the
budget cannot pay, and its message shows in the bottom bar.
"""

from __future__ import annotations

import numpy as np
import pygame

from autonomy_game.engine import actions as A
from autonomy_game.engine.indicator_format import format_points
from autonomy_game.engine.orders import EUROPEAN, FOREIGN
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS
from autonomy_game.ui.scenes.council_view import nice_step
from autonomy_game.ui.widgets import Frame, fmt_money

DOMAIN_LABEL = {"land": "Land", "air": "Air", "air_defence": "Air defence", "isr": "ISR",
                "enablers": "Enablers", "cyber": "Cyber", "energy": "Energy",
                "mobility": "Mobility"}
DOMAIN_TERM = {"isr": "ISR", "enablers": "enablers", "mobility": "military mobility"}
DOMAIN_TIP = {"land": "Land forces: brigades, tanks, artillery.",
              "air": "Combat aircraft and their weapons.",
              "air_defence": "Ground-based air and missile defence.",
              "cyber": "Cyber defence of networks and bases.",
              "energy": "Energy resilience of bases: fuel, microgrids, back-up power."}
PROTECTION_LABEL = {"air_defence": "Air def.", "cyber": "Cyber", "microgrid": "Grid"}
BUDGET_TERM_LABEL = {"threat": "threat", "us_gap": "U.S. gap", "pressure": "adversary pressure",
                     "support": "public support", "fiscal": "fiscal room", "noise": "mood"}
MODE_LABEL = {"air": "Air", "rail": "Rail", "road": "Road", "sea": "Sea"}
PCT_STEP = 0.05
ROUNDS_STEP = 10.0


def seat_of(scene) -> tuple[str, bool]:
    """The state whose orders are shown and whether this table may change them."""
    step = scene._step
    if step is not None and step.kind == "orders" and step.seat:
        return step.seat, True
    return scene.session.selected, False


def money_step(scene, seat: str) -> float:
    return nice_step(max(scene.session.game.discretionary(seat) * 0.02, 0.01))


def on_action(scene, action) -> None:
    session = scene.session
    game = session.game
    seat, editable = seat_of(scene)
    if not editable or game.orders is None:
        return
    n = game.world.codes.index(seat)
    o = game.orders
    kind = action[0]
    step = money_step(scene, seat)
    sign = action[-1] if kind != "advisor" else 0

    def bump(current: float, unit: float = step) -> float:
        return round(max(current + sign * unit, 0.0), 4)

    if kind == "pct":
        low, high = game.budget_limits(seat)
        target = round(float(o.target_pct[0, n]) + sign * PCT_STEP, 2)
        session.send(A.SetDefencePct(seat, min(max(target, low), high)))
    elif kind == "procure":
        d, european = action[1], action[2]
        cur = float(o.procure[0, EUROPEAN if european else FOREIGN, DOMAINS.index(d), n])
        session.send(A.Procure(seat, d, european, bump(cur)))
    elif kind == "shells":
        european = action[1]
        cur = float(o.shells[0, n, EUROPEAN if european else FOREIGN])
        session.send(A.BuyShells(seat, european, bump(cur)))
    elif kind == "industry":
        session.send(A.InvestIndustry(seat, bump(float(o.industry[0, n]))))
    elif kind == "aid_rounds":
        stock = float(game.state.ammunition[0, n])
        rounds = min(bump(float(o.aid_rounds[0, n]), ROUNDS_STEP), stock)
        session.send(A.AidUkraine(seat, rounds, float(o.aid_materiel[0, n])))
    elif kind == "aid_materiel":
        session.send(A.AidUkraine(seat, float(o.aid_rounds[0, n]),
                                  bump(float(o.aid_materiel[0, n]))))
    elif kind == "aid_priority":
        session.send(A.AidPriority(seat, float(action[1])))
    elif kind == "corridor":
        c = game.world.corridor_ids.index(action[1])
        now = float(o.corridor_of(n, game.world.owned_corridor_share)[0, c])
        session.send(A.InvestCorridor(seat, action[1], bump(now)))
    elif kind == "protect":
        h = game.world.hub_ids.index(action[1])
        p = PROTECTIONS.index(action[2])
        now = float(o.protection_of(n, game.world.owned_hub_share)[0, h, p])
        session.send(A.Protect(seat, action[1], action[2], bump(now)))
    elif kind == "advisor":
        reset_to_advisor(session, seat)


def reset_to_advisor(session, seat: str) -> None:
    """Send the actions that bring this seat's orders back to the advisor's suggestion:
    lower amounts first (to free money), then the budget, then higher amounts."""
    game = session.game
    o, adv = game.orders, game.advisor
    if o is None or adv is None:
        return
    n = game.world.codes.index(seat)
    moves: list[tuple[float, float, A.Action]] = []
    for d, domain in enumerate(DOMAINS):
        for origin, european in ((EUROPEAN, True), (FOREIGN, False)):
            target = float(adv.procure[0, origin, d, n])
            moves.append((float(o.procure[0, origin, d, n]), target,
                          A.Procure(seat, domain, european, round(target, 4))))
    for origin, european in ((EUROPEAN, True), (FOREIGN, False)):
        target = float(adv.shells[0, n, origin])
        moves.append((float(o.shells[0, n, origin]), target,
                      A.BuyShells(seat, european, round(target, 4))))
    moves.append((float(o.industry[0, n]), float(adv.industry[0, n]),
                  A.InvestIndustry(seat, round(float(adv.industry[0, n]), 4))))
    moves.append((float(o.aid_materiel[0, n]), float(adv.aid_materiel[0, n]),
                  A.AidUkraine(seat, round(float(adv.aid_rounds[0, n]), 4),
                               round(float(adv.aid_materiel[0, n]), 4))))
    for c, cid in enumerate(game.world.corridor_ids):
        target = float(adv.corridor_of(n, game.world.owned_corridor_share)[0, c])
        now = float(o.corridor_of(n, game.world.owned_corridor_share)[0, c])
        moves.append((now, target,
                      A.InvestCorridor(seat, cid, round(target, 4))))
    for h, hid in enumerate(game.world.hub_ids):
        for p, kind in enumerate(PROTECTIONS):
            target = float(adv.protection_of(n, game.world.owned_hub_share)[0, h, p])
            now = float(o.protection_of(n, game.world.owned_hub_share)[0, h, p])
            moves.append((now, target,
                          A.Protect(seat, hid, kind, round(target, 4))))
    lower = [a for cur, t, a in moves if t < cur - 1e-9]
    higher = [a for cur, t, a in moves if t > cur + 1e-9]
    pct = A.SetDefencePct(seat, round(float(adv.target_pct[0, n]), 4))
    priority = []
    if float(o.aid_shells_first[0, n]) != float(adv.aid_shells_first[0, n]):
        priority = [A.AidPriority(seat, float(adv.aid_shells_first[0, n]))]
    ok = True
    for action in [*lower, pct, *higher, *priority]:
        ok = session.send(action) and ok
    if ok:
        session.message = None


def draw(scene, frame: Frame, rect: pygame.Rect) -> None:
    game = scene.session.game
    frame.fill(rect, "bg")
    if game.orders is None:
        frame.label("National orders open after the Council.", rect.center, "h3",
                    colour="text_dim", anchor="center")
        return
    seat, editable = seat_of(scene)
    pad = frame.px("pad")
    inner = rect.inflate(-2 * pad, -2 * pad)
    if inner.width < frame.px(840):  # narrow (a large UI scale): one column, one scroll
        _panel(frame, inner, "orders_left",
               lambda x, y, w: _draw_right(scene, frame, x,
                                           _draw_left(scene, frame, x, y, w, seat, editable)
                                           + frame.px(12), w, seat, editable))
        return
    left = pygame.Rect(inner.x, inner.y, int(rect.width * 0.45), inner.height)
    right = pygame.Rect(left.right + pad, inner.y, inner.right - left.right - pad,
                        inner.height)
    _panel(frame, left, "orders_left",
           lambda x, y, w: _draw_left(scene, frame, x, y, w, seat, editable))
    _panel(frame, right, "orders_right",
           lambda x, y, w: _draw_right(scene, frame, x, y, w, seat, editable))


def _panel(frame: Frame, rect: pygame.Rect, key: str, content) -> None:
    """A scrolling panel; `content(x, y, w)` draws and returns the y below it."""
    frame.panel(rect)
    off = frame.begin_scroll(rect, key)
    bottom = content(rect.x + frame.px(12), rect.y + frame.px(8) - off, rect.width - frame.px(24))
    frame.end_scroll(rect, key, bottom + off - rect.y)


def _section(frame: Frame, x: int, y: int, title: str, key: str | None = None) -> int:
    frame.term(title, (x, y), "h3", "bold", key=key)
    return y + frame.text.line_height("h3", "bold") + frame.px(2)


def _draw_left(scene, frame: Frame, x: int, y: int, w: int, seat: str,
               editable: bool) -> int:
    game = scene.session.game
    world, st, o = game.world, game.state, game.orders
    n = world.codes.index(seat)
    title = world.member_names[n] + ("" if editable else " — the AI's orders (read only)")
    frame.label(title, (x, y), "h2", "bold", max_width=w)
    y += frame.text.line_height("h2", "bold") + frame.px(2)

    y = _section(frame, x, y, "Budget")
    figures = scene.session.figures
    low, high = figures("budget_limits", seat)
    pct = float(o.target_pct[0, n])
    stepper_w = min(frame.px(176), w // 2)
    row_h = frame.px(34)
    frame.label("Defence, % of GDP", (x, y + row_h // 2), "label", anchor="midleft")
    frame.stepper(pygame.Rect(x + w - stepper_w, y, stepper_w, row_h), f"{pct:.2f} %",
                  ("pct", -1), ("pct", 1), can_minus=editable and pct > low + 1e-6,
                  can_plus=editable and pct < high - 1e-6,
                  tip=f"Allowed this quarter: {low:.2f}–{high:.2f} % of GDP.")
    y += row_h + frame.px(4)
    room = figures("discretionary", seat)
    spent = figures("order_spending", seat)
    budget_q = float(st.gdp[0, n]) * pct / 400.0
    y += frame.paragraph(f"€{budget_q:.1f} bn a quarter; €{room:.2f} bn free for orders "
                         "after pay, upkeep and joint projects.", pygame.Rect(x, y, w, 0),
                         "small", "text_dim")
    spent_text = f"€{spent:.2f} of €{room:.2f} bn"
    text_w = frame.text.width(spent_text, "label", "semibold")
    bar = pygame.Rect(x, y + frame.px(3), max(w - text_w - frame.px(12), frame.px(20)),
                      frame.px(14))
    frac = spent / room if room > 0 else 0.0
    frame.bar(bar, frac, "accent" if frac <= 1.0001 else "bad")
    frame.label(spent_text, (x + w, y), "label", "semibold",
                anchor="topright")
    y += frame.px(24)
    support = float(st.support[0, n])
    hist = game.history.series("support")[:, 0, n]
    change = support - float(hist[-2]) if len(hist) >= 2 else 0.0
    lab = frame.label(f"Public support {support * 100:.0f} %", (x, y), "label", "semibold")
    frame.delta((lab.right + frame.px(10), y + frame.px(2)), change,
                format_points(change),
                "small", threshold=0.0005)
    y += frame.text.line_height("label") + frame.px(2)
    y += frame.paragraph("Raising spending faster than the threat people feel costs public "
                         "support; low support narrows next quarter's room.",
                         pygame.Rect(x, y, w, 0), "small", "text_dim")
    terms = game.budget_terms
    if terms:
        count = len(world.codes)
        values = {k: float(np.broadcast_to(v, (1, count))[0, n]) for k, v in terms.items()}
        parts = [f"{BUDGET_TERM_LABEL.get(k, k)} {v:+.2f}" for k, v in values.items()
                 if abs(v) >= 0.005]
        adv = float(game.advisor.target_pct[0, n]) if game.advisor is not None else pct
        y += frame.paragraph(f"Advisor suggests {adv:.2f} % — " + ", ".join(parts) + ".",
                             pygame.Rect(x, y, w, 0), "small", "text_dim")
    y += frame.px(8)

    money = money_step(scene, seat)
    y = _section(frame, x, y, "Ammunition and industry", "155 mm")
    rows = [
        ("Shells, European", ("shells", True), float(o.shells[0, n, EUROPEAN]), "€"),
        ("Shells from abroad", ("shells", False), float(o.shells[0, n, FOREIGN]), "€"),
        ("New factory capacity", ("industry",), float(o.industry[0, n]), "€"),
    ]
    y = _money_rows(frame, x, y, w, rows, editable, stepper_w)
    y += frame.px(6)
    y = _section(frame, x, y, "Aid to Ukraine")
    stock = float(st.ammunition[0, n])
    rounds = float(o.aid_rounds[0, n])
    row_h2 = frame.px(30)
    frame.label(f"Rounds (stock {stock:.0f}k)", (x, y + row_h2 // 2), "label",
                anchor="midleft", max_width=w - stepper_w - frame.px(8))
    frame.stepper(pygame.Rect(x + w - stepper_w, y, stepper_w, row_h2), f"{rounds:.0f}k",
                  ("aid_rounds", -1), ("aid_rounds", 1), can_minus=editable and rounds > 0,
                  can_plus=editable and rounds < stock - 1e-6)
    y += row_h2 + frame.px(4)
    y = _money_rows(frame, x, y, w, [("Materiel purchases", ("aid_materiel",),
                                      float(o.aid_materiel[0, n]), "€")], editable, stepper_w)
    y = _aid_priority_row(frame, x, y, w, float(o.aid_shells_first[0, n]), editable)
    y += frame.px(6)
    frame.label(f"Each + adds €{money:g} bn.", (x, y), "small", colour="text_faint")
    y += frame.text.line_height("small")
    if editable:
        y += frame.px(6)
        frame.button(pygame.Rect(x, y, frame.px(220), frame.px(32)), "Reset to advisor",
                     ("advisor",), size="small",
                     tip="Put every figure back to your advisor's suggestion.")
        y += frame.px(40)
    return y


PRIORITIES = ((1.0, "Shells first",
               "At the border your rounds cross first; bulky materiel takes the capacity "
               "left, so more materiel never delays a shell."),
              (0.0, "In proportion",
               "Rounds and materiel share the corridors' capacity in proportion to their "
               "tonnage: materiel arrives sooner, shells later when the corridors are full."))


def _aid_priority_row(frame, x, y, w, shells_first: float, editable: bool) -> int:
    """How the seat's aid is loaded at the border (the AidPriority action): two toggles."""
    row_h = frame.px(30)
    frame.label("Loading at the border", (x, y + row_h // 2), "label", anchor="midleft",
                max_width=w)
    y += row_h
    gap = frame.px(6)
    bw = (w - gap) // 2
    for k, (value, text, tip) in enumerate(PRIORITIES):
        chosen = abs(shells_first - value) < 0.5
        frame.button(pygame.Rect(x + k * (bw + gap), y, bw, row_h),
                     ("✓ " if chosen else "") + text, ("aid_priority", value),
                     enabled=editable, selected=chosen, tip=tip)
    return y + row_h + frame.px(4)


def _money_rows(frame, x, y, w, rows, editable, stepper_w) -> int:
    row_h = frame.px(30)
    for label, key, value, _unit in rows:
        frame.term(label, (x, y + row_h // 2), "label", anchor="midleft",
                   max_width=w - stepper_w - frame.px(8))
        frame.stepper(pygame.Rect(x + w - stepper_w, y, stepper_w, row_h), f"€{value:.2f} bn",
                      (*key, -1), (*key, 1), can_minus=editable and value > 1e-9,
                      can_plus=editable)
        y += row_h + frame.px(4)
    return y


def _draw_right(scene, frame: Frame, x: int, y: int, w: int, seat: str,
               editable: bool) -> int:
    game = scene.session.game
    world, st, o = game.world, game.state, game.orders
    n = world.codes.index(seat)
    y = _section(frame, x, y, "Procurement")
    row_h = frame.px(28)
    sw = min(frame.px(150), (w - frame.px(170)) // 2)
    col_eu = x + w - 2 * sw - frame.px(6)
    col_fo = x + w - sw
    frame.label("Domain · now", (x, y), "small", "bold", "text_dim",
                tip="The capability this state holds in the domain now (capability points).",
                tip_title="Capability")
    frame.label("European", (col_eu + sw // 2, y), "small", "bold", "text_dim",
                anchor="midtop", tip="Bought in Europe: slower, builds Europe's industry. "
                "Each button shows the order and how many quarters it takes to arrive.")
    frame.label("Abroad", (col_fo + sw // 2, y), "small", "bold", "text_dim",
                anchor="midtop", tip="Bought outside Europe: faster, deepens dependence. "
                "Each button shows the order and how many quarters it takes to arrive.")
    y += frame.text.line_height("small") + frame.px(2)
    for d, domain in enumerate(DOMAINS):
        if not frame.visible(y, row_h):
            y += row_h + frame.px(3)
            continue
        if d % 2 == 0:
            frame.fill(pygame.Rect(x - 4, y - 1, w + 8, row_h + 2), "panel_alt")
        lab = frame.term(DOMAIN_LABEL[domain], (x, y + row_h // 2), "label", anchor="midleft",
                         key=DOMAIN_TERM.get(domain), max_width=col_eu - x - frame.px(50))
        if domain in DOMAIN_TIP:
            frame.tip_zone(lab, DOMAIN_TIP[domain], DOMAIN_LABEL[domain])
        frame.label(f"{st.capability[0, d, n]:.0f}", (col_eu - frame.px(8), y + row_h // 2),
                    "small", colour="text_dim", anchor="midright")
        for col, origin, european, lead in ((col_eu, EUROPEAN, True, world.lead_european[d]),
                                            (col_fo, FOREIGN, False, world.lead_foreign[d])):
            value = float(o.procure[0, origin, d, n])
            frame.stepper(pygame.Rect(col, y, sw, row_h), fmt_money(value),
                          ("procure", domain, european, -1), ("procure", domain, european, 1),
                          can_minus=editable and value > 1e-9, can_plus=editable,
                          tip=f"{fmt_money(value)} ordered this quarter; arrives in {lead} "
                              f"quarter{'s' if lead != 1 else ''}.")
        y += row_h + frame.px(3)
    y += frame.px(4)
    eu, fo = [int(v) for v in world.lead_european], [int(v) for v in world.lead_foreign]
    y += frame.paragraph(f"European orders take longer ({_span(eu)} quarters to arrive) but "
                         "build Europe's industry and autonomy; buying abroad is faster "
                         f"({_span(fo)} quarters) and deepens dependence.",
                         pygame.Rect(x, y, w, 0), "small", "text_dim")
    y += frame.px(8)
    sc = world.scenario
    if world.corridor_ids:
        y = _section(frame, x, y, "Logistics corridors", "military mobility")
        name_w = col_fo - x - frame.px(10)
        name_h = frame.text.line_height("label")
        small_h = frame.text.line_height("small")
        for c, cid in enumerate(world.corridor_ids):
            corridor = sc.corridors[cid]
            lines = frame.text.clamp_lines(corridor.name, name_w, 3, "label")
            h = len(lines) * name_h + small_h + frame.px(4)
            if not frame.visible(y, h):
                y += h + frame.px(3)
                continue
            if c % 2 == 0:
                frame.fill(pygame.Rect(x - 4, y - 1, w + 8, h + 2), "panel_alt")
            value = float(o.corridor_of(n, world.owned_corridor_share)[0, c])
            cap = float(st.corridor_capacity[0, c])
            flow = float(st.corridor_flow[0, c])
            cut = float(st.corridor_open[0, c]) < 0.5
            ty = y + frame.px(2)
            for line in lines:
                frame.label(line, (x, ty), "label")
                ty += name_h
            facts = (f"{MODE_LABEL.get(corridor.mode, corridor.mode)} · capacity {cap:.1f} kt"
                     f" · last quarter {flow:.1f} kt")
            lab = frame.label(facts, (x, ty), "small", colour="text_dim", max_width=name_w)
            if cut:
                frame.label("✗ cut", (lab.right + frame.px(8), ty), "small", "bold", "bad")
            frame.tip_zone(pygame.Rect(x, y, name_w, h), corridor.name + ".",
                           "Corridor " + cid)
            frame.stepper(pygame.Rect(col_fo, y + (h - row_h) // 2, sw, row_h), fmt_money(value),
                          ("corridor", cid, -1), ("corridor", cid, 1),
                          can_minus=editable and value > 1e-9, can_plus=editable)
            y += h + frame.px(3)
        y += frame.px(8)
    if world.hub_ids:
        y = _section(frame, x, y, "Hub protection")
        hub_w = frame.px(150)
        pw = (w - hub_w) // 3
        for k, kind in enumerate(PROTECTIONS):
            frame.label(PROTECTION_LABEL[kind], (x + hub_w + k * pw + pw // 2, y),
                        "small", "bold", "text_dim", anchor="midtop")
        y += frame.text.line_height("small") + frame.px(2)
        small_h = frame.text.line_height("small")
        for h, hid in enumerate(world.hub_ids):
            hub = sc.hubs[hid]
            health = float(st.hub_health[0, h])
            name = f"{hub.name} ({hub.country})" + (" ✗" if health < 0.8 else "")
            lines = frame.text.clamp_lines(name, hub_w - frame.px(6), 3, "small")
            hh = max(row_h, len(lines) * small_h + frame.px(2))
            if not frame.visible(y, hh):
                y += hh + frame.px(3)
                continue
            ty = y + (hh - len(lines) * small_h) // 2
            for line in lines:
                frame.label(line, (x, ty), "small", colour="down" if health < 0.8 else "text")
                ty += small_h
            frame.tip_zone(pygame.Rect(x, y, hub_w, hh),
                           f"{hub.kind.title()} hub, capacity {hub.capacity:.0f} kt a quarter. "
                           f"Health {health * 100:.0f} %.", hub.name)
            for k, kind in enumerate(PROTECTIONS):
                value = float(o.protection_of(n, world.owned_hub_share)[0, h, k])
                frame.stepper(pygame.Rect(x + hub_w + k * pw, y + (hh - row_h) // 2,
                                          pw - frame.px(4), row_h), f"{value:.2f}",
                              ("protect", hid, kind, -1), ("protect", hid, kind, 1),
                              can_minus=editable and value > 1e-9, can_plus=editable)
            y += hh + frame.px(3)
    return y + frame.px(8)


def _span(values: list[int]) -> str:
    """"2–4" (or "3" when all are equal): a range of lead times for a sentence."""
    lo, hi = min(values, default=0), max(values, default=0)
    return f"{lo}" if lo == hi else f"{lo}–{hi}"
