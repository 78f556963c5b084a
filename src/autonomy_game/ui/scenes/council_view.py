"""The Council: the agenda, proposals with cost shares, each state's vote intention with the
AI's reasons (its utility terms), and the tally against the rule's thresholds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from autonomy_game.engine import actions as A
from autonomy_game.engine import treaty
from autonomy_game.engine.council import (
    ABSTAIN,
    CONSTRUCTIVE,
    NO,
    QMV_POPULATION_SHARE,
    TERMS,
    YES,
    allowed_votes,
    eligible,
    failed_vote_cost,
    proposable,
)
from autonomy_game.ui.widgets import MINUS, Frame, fmt_money

# Labels by Treaty rule (engine/treaty.py); the long ones are glossary terms.
RULE_LABEL = {treaty.QMV: "QMV", treaty.REINFORCED_QMV: "reinforced QMV",
              treaty.UNANIMITY: "unanimity", treaty.COALITION: "coalition of the willing",
              treaty.PESCO_PROJECT: "PESCO project"}
RULE_SHORT = {treaty.QMV: "QMV", treaty.REINFORCED_QMV: "QMV 72 %",
              treaty.UNANIMITY: "unanimity", treaty.COALITION: "coalition",
              treaty.PESCO_PROJECT: "PESCO"}
RULE_EXPLAIN = {
    treaty.QMV: "Passes with 55 % of the states taking part holding 65 % of their population.",
    treaty.REINFORCED_QMV: "Not a Commission proposal, so it needs 72 % of the states taking "
                           "part, holding 65 % of their population.",
    treaty.UNANIMITY: "One 'no' blocks it; abstentions do not. A third of the states with a "
                      "third of the people abstaining constructively also stop it.",
    treaty.COALITION: "Only those who vote yes take part (and pay); it needs enough of them.",
    treaty.PESCO_PROJECT: "Any PESCO state can veto it; only those who vote yes take part (and "
                          "pay), and it needs enough of them.",
}
TERM_LABEL = {"threat": "threat", "cost": "cost", "funding": "money received",
              "industry": "industrial return", "atlanticism": "Atlanticism",
              "position": "national position", "cohesion": "cohesion",
              "support": "public support", "consensus": "consensus habit",
              "reciprocity": "reciprocity", "linkage": "traded for a concession",
              "persuasion": "persuasion", "noise": "mood"}
# The bars colour terms by group (the palette has eight colours); the tooltip names each term.
TERM_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("threat", ("threat",)),
    ("cost", ("cost",)),
    ("money & industry", ("funding", "industry")),
    ("Atlanticism & position", ("atlanticism", "position")),
    ("Union habits", ("cohesion", "consensus", "reciprocity")),
    ("public support", ("support",)),
    ("deals", ("linkage", "persuasion")),
    ("mood", ("noise",)),
)
TERM_GROUP = {term: k for k, (_, terms) in enumerate(TERM_GROUPS) for term in terms}
VOTE_LABEL = {YES: "Yes", NO: "No", ABSTAIN: "Abstain", CONSTRUCTIVE: "Constr."}
VOTE_BUTTON = {YES: "Yes", NO: "No", ABSTAIN: "Abstain", CONSTRUCTIVE: "Constructive"}


def rule_kind(world, i: int) -> int:
    """The Treaty rule the Council applies to initiative `i` (engine/treaty.py)."""
    return int(world.rules.kind[i])


def current_tally(world, i: int, intentions) -> treaty.Tally:
    """The vote on initiative `i` as the intentions stand, counted by the engine's rule."""
    votes = np.array([v.vote for v in intentions], np.int8)
    return treaty.count(rule_kind(world, i), votes, world.rules.participants[:, i],
                        world.people, world.codes, int(world.min_participants[i]))


def rule_line(world, i: int, t: treaty.Tally) -> str:
    """The rule, who takes part and the thresholds, with where the count stands now."""
    kind = rule_kind(world, i)
    members = len(t.participants)
    who = (f"{members} PESCO states" if world.pesco_only[i] else f"{members} members")
    yes = len(t.yes_states)
    now = f"now {yes} states, {t.yes_population_share * 100:.0f} %"
    if kind == treaty.QMV:
        text = (f"QMV among {who}: {t.states_needed} states and 65 % of their population; "
                f"{now}; a blocking minority needs {t.blocking_minority}.")
    elif kind == treaty.REINFORCED_QMV:
        text = (f"Reinforced QMV among {who}: {t.states_needed} states (72 %) and 65 % of "
                f"their population; {now}.")
    elif kind == treaty.UNANIMITY:
        third = -(-members // 3)
        text = (f"Unanimity of {who}: any 'no' blocks it ({len(t.no_states)} now); so do "
                f"constructive abstentions by {third} states holding a third of the people "
                f"({len(t.constructive_states)} now).")
    elif kind == treaty.PESCO_PROJECT:
        text = (f"PESCO project: unanimity of the {who}, and at least {t.states_needed} must "
                f"join; now {yes} join, {len(t.no_states)} against.")
    else:
        text = f"Coalition of the willing: at least {t.states_needed} must join; now {yes}."
    return f"{text} ({t.article})" if kind != treaty.COALITION else text


def cost_shares(world, state, i: int) -> np.ndarray:
    """Each member's share of an initiative's cost by the GDP key among eligible members
    (the key the Council uses to split joint costs), for display: [N]."""
    gdp = state.gdp[0] * eligible(world)[:, i]
    return gdp / max(float(gdp.sum()), 1e-12)


def nice_step(amount: float) -> float:
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0):
        if step >= amount:
            return step
    return 10.0


def reason(terms: dict[str, float]) -> str:
    """The AI's reason in words: the strongest term for and against."""
    total = sum(terms.values())
    ranked = sorted(terms.items(), key=lambda kv: kv[1])
    worst, best = ranked[0], ranked[-1]
    parts = [f"{TERM_LABEL[k]} {v:+.2f}" for k, v in terms.items() if abs(v) >= 0.005]
    lean = "Leans yes" if total > 0 else "Leans no"
    if terms.get("linkage", 0.0) > 0:
        return (f"Would vote no, but trades its vote for a concession (linkage "
                f"{terms['linkage']:+.2f}, paid from common funds). Utility {total:+.2f} = "
                + ", ".join(parts) + ".")
    why = (f"{TERM_LABEL[best[0]]} ({best[1]:+.2f}) outweighs {TERM_LABEL[worst[0]]} "
           f"({worst[1]:+.2f})" if total > 0 else
           f"{TERM_LABEL[worst[0]]} ({worst[1]:+.2f}) outweighs {TERM_LABEL[best[0]]} "
           f"({best[1]:+.2f})")
    return f"{lean}: {why}. Utility {total:+.2f} = " + ", ".join(parts) + "."


def _items(scene) -> tuple[list[str], list[str]]:
    game = scene.session.game
    agenda = scene.session.figures("agenda")
    open_now = proposable(game.world, game.state)[0]
    others = [iid for i, iid in enumerate(game.world.initiative_ids)
              if open_now[i] and iid not in agenda]
    return agenda, others


def on_action(scene, action) -> None:
    session = scene.session
    kind = action[0]
    seat = scene._step.seat if scene._step else None
    if kind == "initiative":
        scene.initiative = action[1]
    elif kind == "propose" and seat:
        if session.send(A.Propose(seat, action[1])):
            scene.initiative = action[1]
    elif kind == "vote" and seat:
        session.send(A.Vote(seat, action[1], action[2]))
    elif kind == "join" and seat:
        session.send(A.JoinProject(seat, action[1]))
    elif kind == "suspend" and seat:
        session.send(A.SuspendFromProject(seat, action[1], action[2]))
    elif kind == "persuade" and seat:
        session.send(A.Persuade(seat, action[1], action[2], 1.0))
    elif kind == "pay" and seat:
        session.send(A.SidePayment(seat, action[1], action[2], action[3]))


def draw(scene, frame: Frame, rect: pygame.Rect) -> None:
    game = scene.session.game
    pad = frame.px("pad")
    frame.fill(rect, "bg")
    if game.phase != "council":
        frame.label("The Council meets after the quarter's events.", rect.center, "h3",
                    colour="text_dim", anchor="center")
        return
    agenda, others = _items(scene)
    if scene.initiative not in agenda + others:
        scene.initiative = (agenda + others)[0] if agenda + others else None
    seat = scene._step.seat if scene._step else None
    legal = scene.session.figures("legal_set", seat) if seat else frozenset()

    top = rect.y + pad
    late = scene.session.recall.get(seat or "", [])
    if late:
        top = _draw_recall_banner(frame, pygame.Rect(rect.x + pad, top, rect.width - 2 * pad,
                                                     0), game, seat, late) + pad // 2
    left = pygame.Rect(rect.x + pad, top, min(frame.px(250), rect.width // 3),
                       rect.bottom - pad - top)
    right = pygame.Rect(left.right + pad, top, rect.right - left.right - 2 * pad,
                        rect.bottom - pad - top)
    _draw_list(scene, frame, left, agenda, others, seat, legal)
    if scene.initiative is None:
        frame.label("Nothing can be proposed this quarter.", right.center, "h3",
                    colour="text_dim", anchor="center")
        return
    _draw_detail(scene, frame, right, scene.initiative, scene.initiative in agenda, seat, legal)


def _draw_recall_banner(frame, rect, game, seat, late) -> int:
    """A hotseat seat called back to the Council: which items are new since it voted."""
    names = ", ".join(game.world.scenario.initiatives[iid].name for iid in late)
    plural = len(late) > 1
    text = (f"New since you voted: {names}. Your vote on {'them' if plural else 'it'} is "
            "still your advisor's suggestion — check it, then Finish Council.")
    inner = rect.width - frame.px(20)
    h = frame.paragraph_height(text, inner, "label", "semibold") + frame.px(12)
    box = pygame.Rect(rect.x, rect.y, rect.width, h)
    frame.fill(box, "panel_alt", frame.px("radius"), "focus", 2)
    frame.paragraph(text, pygame.Rect(box.x + frame.px(10), box.y + frame.px(6), inner, 0),
                    "label", "text", "semibold")
    return box.bottom


def _card_lines(frame, name: str, width: int) -> list[str]:
    return frame.text.clamp_lines(name, width, 3, "label", "semibold")


def _draw_list(scene, frame, rect, agenda, others, seat, legal) -> None:
    """Initiative cards: the name on up to two lines, then the rule, the cost and either the
    projected result (on the agenda) or a Propose button."""
    game = scene.session.game
    figures = scene.session.figures
    sc = game.world.scenario
    late = set(scene.session.recall.get(seat or "", []))
    frame.panel(rect)
    off = frame.begin_scroll(rect, "council_list")
    x = rect.x + frame.px(10)
    w = rect.width - frame.px(20)
    y = rect.y + frame.px(8) - off
    inset = frame.px(8)
    name_h = frame.text.line_height("label", "semibold")
    sub_h = max(frame.text.line_height("small"), frame.px(26))
    for title, items in (("On the agenda", agenda), ("Can be proposed", others)):
        frame.label(title, (x, y), "label", "bold", "text_dim")
        y += frame.text.line_height("label", "bold") + frame.px(2)
        if not items:
            frame.label("none" if title == "On the agenda" else "nothing else is open",
                        (x, y), "small", colour="text_dim")
            y += frame.text.line_height("small") + frame.px(8)
        for iid in items:
            init = sc.initiatives[iid]
            lines = _card_lines(frame, init.name, w - 2 * inset)
            money = fmt_money(init.cost)
            kind = rule_kind(game.world, game.world.initiative_ids.index(iid))
            long_sub = f"{RULE_LABEL[kind]} · {money}"
            short_sub = f"{RULE_SHORT[kind]} · {money}"
            can_propose = iid not in agenda and A.Propose(seat, iid) in legal
            bw = (max(frame.px(74), frame.text.width("Propose", "small", "semibold")
                      + frame.px(16)) if can_propose else 0)
            row_w = w - 2 * inset
            if iid in agenda:
                status = "✓ passes" if figures("projected_result", iid) else "✗ fails"
                side = frame.text.width(status, "small", "bold") + frame.px(6)
                if iid in late:
                    side += frame.text.width("NEW", "small", "bold") + frame.px(6)
            else:
                side = bw + frame.px(6) if can_propose else 0
            # The rule and cost never hide behind the button: it gets its own row instead.
            two_rows = side and frame.text.width(short_sub, "small") > row_w - side
            card_h = inset // 2 + len(lines) * name_h + sub_h * (2 if two_rows else 1) + inset
            if not frame.visible(y, card_h):
                y += card_h + frame.px(6)
                continue
            card = pygame.Rect(x, y, w, card_h)
            frame.button(card, "", ("initiative", iid), selected=iid == scene.initiative)
            if iid in late:  # a yellow edge: tabled after this seat had voted
                frame.fill(pygame.Rect(card.x, card.y, max(3, frame.px(5)), card.height),
                           "focus", frame.px(2))
            ty = card.y + inset // 2
            for line in lines:
                frame.label(line, (card.x + inset, ty), "label", "semibold")
                ty += name_h
            row = pygame.Rect(card.x + inset, ty, row_w, sub_h)
            sub_room = row_w if two_rows else row_w - side
            sub = long_sub if frame.text.width(long_sub, "small") <= sub_room else short_sub
            frame.label(sub, (row.x, row.centery), "small", colour="text_dim",
                        anchor="midleft", max_width=sub_room)
            if two_rows:
                row = row.move(0, sub_h)
            right = row.right
            if iid in agenda:
                passes = figures("projected_result", iid)
                mark = frame.label("✓ passes" if passes else "✗ fails", (right, row.centery),
                                   "small", "bold", "good" if passes else "down",
                                   anchor="midright")
                if iid in late:
                    frame.label("NEW", (mark.x - frame.px(6), row.centery), "small", "bold",
                                "focus", anchor="midright")
            elif can_propose:
                frame.button(pygame.Rect(right - bw, row.y, bw, sub_h - frame.px(2)),
                             "Propose", ("propose", iid), primary=True, size="small")
            y += card_h + frame.px(6)
        y += frame.px(8)
    if seat:
        y = _draw_pesco(frame, game, seat, legal, x, y, w)
    frame.end_scroll(rect, "council_list", y + off - rect.y)


@dataclass
class _Request:
    """One card of the PESCO lists: a request the seat may make, or its answer."""

    title: str
    note: str
    answer: str  # "" until asked this quarter
    granted: bool
    button: str
    action: tuple
    enabled: bool
    tip: str


def _draw_pesco(frame, game, seat, legal, x, y, w) -> int:
    """PESCO after adoption (`Game.pesco_requests`): adopted projects the seat is outside of
    (ask to join: TEU 46(3)) and fellow participants that cut their spending (ask to suspend:
    TEU 46(4)), each with this quarter's answer in place of its button."""
    world, mask = game.world, game.state.initiative_participants_mask[0]
    joins, cuts = game.pesco_requests(seat)
    join_cards = []
    for iid in joins:
        asked = (seat, iid) in game.join_results
        ok = game.join_results.get((seat, iid), False)
        join_cards.append(_Request(
            world.scenario.initiatives[iid].name,
            f"{int(mask[world.initiative_ids.index(iid)].sum())} members",
            ("✓ admitted" if ok else "✗ refused") if asked else "", ok, "Ask to join",
            ("join", iid), A.JoinProject(seat, iid) in legal,
            "Its members decide by a qualified majority among themselves (TEU 46(3)); once "
            "in, you pay your GDP share of the rest and share what it delivers."))
    cut_cards = []
    for target, iid in cuts:
        who = world.member_names[world.codes.index(target)]
        key = (seat, target, iid)
        done = game.suspension_results.get(key, False)
        cut_cards.append(_Request(
            f"{who} from {world.scenario.initiatives[iid].name}", "spending cut",
            ("✓ suspended" if done else "✗ not suspended")
            if key in game.suspension_results else "", done, "Ask to suspend",
            ("suspend", target, iid), A.SuspendFromProject(seat, target, iid) in legal,
            f"{who} no longer meets PESCO's commitments (its defence spending fell below "
            "where it started). The other participants decide by a qualified majority (TEU "
            "46(4)); a suspended state no longer pays nor shares what it delivers."))
    y = _draw_requests(frame, "PESCO projects to join", join_cards, x, y, w)
    return _draw_requests(frame, "Suspend from a PESCO project", cut_cards, x, y, w)


def _draw_requests(frame, title: str, cards: list[_Request], x, y, w) -> int:
    if not cards:
        return y
    frame.label(title, (x, y), "label", "bold", "text_dim")
    y += frame.text.line_height("label", "bold") + frame.px(2)
    inset = frame.px(8)
    name_h = frame.text.line_height("label", "semibold")
    sub_h = max(frame.text.line_height("small"), frame.px(26))
    for c in cards:
        lines = _card_lines(frame, c.title, w - 2 * inset)
        card_h = inset // 2 + len(lines) * name_h + sub_h + inset
        if frame.visible(y, card_h):
            card = pygame.Rect(x, y, w, card_h)
            frame.fill(card, "panel_alt", frame.px("radius"))
            ty = card.y + inset // 2
            for line in lines:
                frame.label(line, (card.x + inset, ty), "label", "semibold")
                ty += name_h
            row = pygame.Rect(card.x + inset, ty, w - 2 * inset, sub_h)
            frame.label(c.note, (row.x, row.centery), "small", colour="text_dim",
                        anchor="midleft", max_width=row.width // 2)
            if c.answer:
                frame.label(c.answer, (row.right, row.centery), "small", "bold",
                            "good" if c.granted else "down", anchor="midright")
            else:
                bw = max(frame.px(74), frame.text.width(c.button, "small", "semibold")
                         + frame.px(16))
                frame.button(pygame.Rect(row.right - bw, row.y, bw, sub_h - frame.px(2)),
                             c.button, c.action, primary=True, size="small",
                             enabled=c.enabled, tip=c.tip)
        y += card_h + frame.px(6)
    return y + frame.px(8)


def _draw_detail(scene, frame, rect, iid, on_agenda, seat, legal) -> None:
    """The selected initiative. On a tall panel the header stays and the table of states
    scrolls; on a short one (a large UI scale on a small window) the whole panel scrolls."""
    game = scene.session.game
    world = game.world
    init = world.scenario.initiatives[iid]
    i = world.initiative_ids.index(iid)
    frame.panel(rect)
    whole = rect.height < frame.px(500)
    off = frame.begin_scroll(rect.inflate(-2, -2), "council_detail") if whole else 0
    x = rect.x + frame.px(12)
    w = rect.width - frame.px(24)
    y = rect.y + frame.px(8) - off
    for line in frame.text.clamp_lines(init.name, w, 2, "h2", "bold"):
        frame.label(line, (x, y), "h2", "bold")
        y += frame.text.line_height("h2", "bold")
    kind = rule_kind(world, i)
    rule = frame.term(RULE_LABEL[kind], (x, y), "label", "semibold", "accent")
    quarters = max(1, init.lead)
    facts = [fmt_money(init.cost) + f" over {quarters} quarters",
             "EU-funded" if init.funding == "eu" else "paid by participants"]
    if init.pesco:
        facts.append("PESCO members only")
    fx = rule.right
    for fact in facts:  # wrap between facts, never inside one
        text = "  ·  " + fact if fx > x else fact
        tw = frame.text.width(text, "label")
        if fx > x and fx + tw > x + w:
            fx, y = x, y + frame.text.line_height("label")
            text, tw = fact, frame.text.width(fact, "label")
        frame.label(text, (fx, y), "label", colour="text_dim", max_width=x + w - fx)
        fx += tw
    y += frame.text.line_height("label") + frame.px(2)
    text = (init.description + " " if init.description else "") + RULE_EXPLAIN[kind]
    y += frame.paragraph(text, pygame.Rect(x, y, w, 0), "label", "text_dim")
    y += frame.px(4)
    if not on_agenda:
        note = ("Not on the agenda. Table it to put it to a vote this quarter"
                + (" (one proposal per seat)." if seat else ".") + " "
                + _if_tabled(game, iid, scene.session.figures("projected_result", iid)))
        y += frame.paragraph(note, pygame.Rect(x, y, w, 0), "label", "text_dim")
        y += frame.px(6)
        intentions = None
    else:
        intentions = scene.session.figures("vote_intentions", iid)
        y = _draw_tally(frame, pygame.Rect(x, y, w, 0), game, iid, i, init, intentions,
                        scene.session.figures)
        if seat:
            y = _draw_my_vote(frame, x, y, w, game, iid, seat, intentions, legal)
            y = _draw_preview_button(scene, frame, x, y, w, iid)
    # Table of states: cost share, vote, reasons.
    if whole:
        table = pygame.Rect(x, y, w, 0)
        y = _draw_votes(scene, frame, table, game, iid, i, init, intentions, seat, legal,
                        scroll=False)
        frame.end_scroll(rect.inflate(-2, -2), "council_detail", y + off - rect.y)
    else:
        table = pygame.Rect(x, y, w, rect.bottom - y - frame.px(8))
        _draw_votes(scene, frame, table, game, iid, i, init, intentions, seat, legal)


def _if_tabled(game, iid: str, passes: bool) -> str:
    """The projected result of tabling an item now, and what a failed vote would cost."""
    if passes:
        return "If tabled now it would pass, as the states stand today."
    cost = failed_vote_cost(game.world)
    return (f"If tabled now it would FAIL: a failed vote costs the Union {cost['cohesion']:.2f} "
            f"cohesion, and each state voting no {cost['capital']:g} political capital and "
            f"{cost['support']:.2f} public support. Persuade or pay first.")


def _draw_tally(frame, rect, game, iid, i, init, intentions, figures) -> int:
    """The projected result, the rule with who takes part and its thresholds, and bars of
    where the count stands against them, all from the engine's own count (engine/treaty.py)."""
    world = game.world
    t = figures.keep(("tally", i), lambda: current_tally(world, i, intentions))
    kind = rule_kind(world, i)
    y = rect.y
    passes = figures("projected_result", iid)
    verdict = "Projected result: ADOPTED" if passes else "Projected result: REJECTED"
    head = frame.label(("✓ " if passes else "✗ ") + verdict, (rect.x, y), "h3", "bold",
                       "good" if passes else "down")
    counts = (f"{len(t.yes_states)} yes · {len(t.no_states)} no · "
              f"{len(t.abstaining_states) + len(t.constructive_states)} abstain")
    if head.right + frame.px(12) + frame.text.width(counts, "label") > rect.right:
        y += frame.text.line_height("h3", "bold")  # no room beside the verdict
        frame.label(counts, (rect.x, y), "label", colour="text_dim")
        y += frame.text.line_height("label") + frame.px(2)
    else:
        frame.label(counts, (rect.right, y + frame.px(3)), "label", colour="text_dim",
                    anchor="topright")
        y += frame.text.line_height("h3", "bold") + frame.px(2)
    y += frame.paragraph(rule_line(world, i, t), pygame.Rect(rect.x, y, rect.width, 0),
                         "small", "text_dim") + frame.px(4)
    bar_h = frame.px(16)
    label_w = frame.px(150)
    members = max(len(t.participants), 1)
    if kind in (treaty.QMV, treaty.REINFORCED_QMV):
        yes = len(t.yes_states)
        rows = ((f"States {yes} of {members}", yes / members, t.states_needed / members,
                 f"{t.states_needed} needed"),
                (f"Population {t.yes_population_share * 100:.0f} %", t.yes_population_share,
                 QMV_POPULATION_SHARE, "65 % needed"))
        for label, share, need, need_text in rows:
            frame.label(label, (rect.x, y), "label", "semibold", max_width=label_w - 4)
            bar = pygame.Rect(rect.x + label_w, y + frame.px(3), rect.width - label_w, bar_h)
            frame.bar(bar, share, "yes" if share >= need - 1e-12 else "no")
            mx = bar.x + round(bar.width * need)
            pygame.draw.line(frame.surface, frame.c("text"), (mx, bar.y - 3),
                             (mx, bar.bottom + 3), 3)
            gap = frame.px(6)  # clear of the mark, on a dark plate over the bar
            if mx + gap + frame.text.width(need_text, "small", "bold") + frame.px(8) \
                    <= bar.right:
                frame.chip(need_text, (mx + gap, bar.centery), anchor="midleft")
            else:  # no room right of the mark: put it on its left
                frame.chip(need_text, (mx - gap, bar.centery), anchor="midright")
            y += bar_h + frame.px(10)
        if passes and t.yes_population_share < QMV_POPULATION_SHARE and kind == treaty.QMV:
            frame.label(f"No blocking minority: {members - yes} states stand against it; it "
                        f"takes {t.blocking_minority}.", (rect.x, y), "small",
                        colour="text_dim", max_width=rect.width)
            y += frame.text.line_height("small")
    elif kind == treaty.UNANIMITY:
        against = t.no_states
        text = ("Vetoed by " + ", ".join(against) + ".") if against else "No veto so far."
        if t.constructive_states:
            text += (" Abstaining constructively: " + ", ".join(t.constructive_states)
                     + f" ({t.constructive_population_share * 100:.0f} % of the people).")
        y += frame.paragraph(text, pygame.Rect(rect.x, y, rect.width, 0), "label",
                             "down" if against or not passes else "good", "semibold")
        y += frame.px(4)
    else:
        need = max(t.states_needed, 1)
        yes = len(t.yes_states)
        if kind == treaty.PESCO_PROJECT and t.no_states:
            y += frame.paragraph("Vetoed by " + ", ".join(t.no_states) + " (TEU 46(6)).",
                                 pygame.Rect(rect.x, y, rect.width, 0), "label", "down",
                                 "semibold") + frame.px(2)
        lab = frame.label(f"Joining {yes} · {need} needed", (rect.x, y), "label", "semibold")
        bar = pygame.Rect(lab.right + frame.px(12), y + frame.px(3),
                          rect.right - lab.right - frame.px(12), bar_h)
        frame.bar(bar, yes / members, "yes" if yes >= need else "no")
        mx = bar.x + round(bar.width * min(need / members, 1.0))
        pygame.draw.line(frame.surface, frame.c("text"), (mx, bar.y - 3), (mx, bar.bottom + 3),
                         3)
        y += bar_h + frame.px(10)
    return y + frame.px(4)


def _draw_preview_button(scene, frame, x, y, w, iid) -> int:
    """The decision preview of this vote (engine/preview.py), when the game allows it."""
    from autonomy_game.ui.scenes.preview import preview_available

    if not preview_available(scene.session, f"vote:{iid}"):
        return y
    label = "Preview this vote  P"
    bw = min(w, frame.text.width(label, "label", "semibold") + frame.px(30))
    frame.button(pygame.Rect(x, y, bw, frame.px(32)), label, ("preview",),
                 tip="Play 1 000 futures of each vote from here and compare the outcomes "
                     "(the game is not changed; the debrief notes it)")
    return y + frame.px(40)


def _draw_my_vote(frame, x, y, w, game, iid, seat, intentions, legal) -> int:
    n = game.world.codes.index(seat)
    i = game.world.initiative_ids.index(iid)
    mine = intentions[n]
    name = game.world.member_names[n]
    choices = [v for v in (YES, ABSTAIN, CONSTRUCTIVE, NO) if v in allowed_votes(game.world, i)]
    k_count = len(choices)
    bh = frame.px(34)
    gap = frame.px(6)
    capital = float(game.state.capital[0, n])
    cap_text = f"Political capital {capital:.1f}"
    cap_w = frame.text.width(cap_text, "small") + frame.px(12)
    lab_w = frame.text.width(f"{name} votes:", "label", "bold") + frame.px(12)
    widest = max(frame.text.width(VOTE_BUTTON[v], "label") for v in choices) + frame.px(30)
    bw = min(max(frame.px(104), widest), (w - lab_w - cap_w - (k_count - 1) * gap) // k_count)
    cap_below = bw < frame.px(80) or bw < widest
    if cap_below:
        bw = min(max(frame.px(104), widest), (w - lab_w - (k_count - 1) * gap) // k_count)
    row_w = k_count * (bw + gap)
    frame.label(f"{name} votes:", (x, y + bh // 2), "label", "bold", anchor="midleft",
                max_width=w - row_w)
    bx = x + min(lab_w, w - row_w + gap)
    for k, vote in enumerate(choices):
        chosen = mine.vote == vote
        text = VOTE_BUTTON[vote] if bw >= widest else VOTE_LABEL[vote]
        frame.button(pygame.Rect(bx + k * (bw + gap), y, bw, bh),
                     ("✓ " if chosen else "") + text, ("vote", iid, vote), selected=chosen,
                     enabled=A.Vote(seat, iid, vote) in legal,
                     colour=frame.c({YES: "yes", NO: "no"}.get(vote, "abstain"))
                     if chosen else None,
                     tip="Abstain with a formal declaration (TEU 31(1)): you do not block, "
                         "and you do not pay for a military operation (TEU 41(2))."
                     if vote == CONSTRUCTIVE else None)
    y += bh
    if cap_below:
        frame.label(cap_text, (x + w, y + frame.px(2)), "small", colour="text_dim",
                    anchor="topright")
        y += frame.text.line_height("small")
    else:
        frame.label(cap_text, (x + w, y - bh // 2), "small", colour="text_dim",
                    anchor="midright")
    return y + frame.px(8)


def _draw_votes(scene, frame, rect, game, iid, i, init, intentions, seat, legal,
                scroll: bool = True) -> int:
    """The table of states; returns the y below it. With `scroll` the rows scroll inside
    `rect`; without, they take their full height (the caller scrolls)."""
    world = game.world
    shares = cost_shares(world, game.state, i)
    exempt = np.zeros(len(world.codes), bool)
    if init.rule == "coalition" and intentions is not None:
        # In a coalition only those who join pay: the key among today's yes votes.
        joins = np.array([v.vote == YES for v in intentions])
        gdp = game.state.gdp[0] * joins
        shares = gdp / max(float(gdp.sum()), 1e-12)
    elif world.rules.military[i] and intentions is not None:
        # TEU 41(2): constructive abstainers do not pay for a military operation.
        exempt = np.array([v.vote == CONSTRUCTIVE for v in intentions])
        gdp = game.state.gdp[0] * eligible(world)[:, i] * ~exempt
        shares = gdp / max(float(gdp.sum()), 1e-12)
    quarterly = init.cost / max(1, init.lead)
    elig = eligible(world)[:, i]
    # Header and term legend.
    x = rect.x
    row_h = frame.px("row_h")
    name_w = frame.px(140)
    share_w = frame.px(100)
    vote_w = frame.px(84)
    act_w = frame.px(160) if seat and intentions is not None else 0
    bar_x = x + name_w + share_w + vote_w
    bar_w = rect.right - bar_x - act_w - frame.px(8)
    y = rect.y
    if intentions is not None:
        lab = frame.label("Why they vote so:", (x, y), "small", "bold", "text_dim",
                          tip="Each bar adds up what pulls a state towards yes (right) or no "
                              "(left): the AI's utility terms, in the colours below. The "
                              "white mark is the sum.", tip_title="utility terms")
        lx = lab.right + frame.px(8)
        for k, (group, _) in enumerate(TERM_GROUPS):
            col = frame.theme.categorical[k]
            tw = frame.text.width(group, "small") + frame.px(22)
            if lx + tw > rect.right:
                lx = lab.right + frame.px(8)
                y += frame.text.line_height("small")
            pygame.draw.rect(frame.surface, col, (lx, y + frame.px(4), frame.px(10),
                                                  frame.px(10)))
            frame.label(group, (lx + frame.px(13), y), "small", colour="text_dim")
            lx += tw
        y += frame.text.line_height("small") + frame.px(2)
    frame.label("State", (x, y), "small", "bold", "text_dim")
    pays = "Pays (a quarter)"
    if frame.text.width(pays, "small", "bold") + frame.px(8) > share_w:
        pays = "Pays"
    frame.label(pays, (x + name_w, y), "small", "bold", "text_dim",
                tip="Each state's share of the cost (by GDP, among those who take part) and "
                    "what that is in euros a quarter.", tip_title="Cost share")
    frame.label("Vote", (x + name_w + share_w, y), "small", "bold", "text_dim")
    if intentions is not None:
        # "against" at the bar's left end, "for" at its right, the zero line between them
        # (signs alone where the bar is too narrow for the words).
        mid = bar_x + bar_w // 2
        words = ("against", "for")
        if (frame.text.width("against", "small", "bold") + frame.text.width("for", "small",
                                                                           "bold")
                + frame.px(24) > bar_w):
            words = (MINUS, "+")
        frame.label(words[0], (bar_x + frame.px(4), y), "small", "bold", "text_dim")
        frame.label(words[1], (bar_x + bar_w - frame.px(4), y), "small", "bold", "text_dim",
                    anchor="topright")
        pygame.draw.line(frame.surface, frame.c("text_dim"), (mid, y + frame.px(2)),
                         (mid, y + frame.text.line_height("small") - frame.px(2)),
                         max(1, frame.px(2)))
    y += frame.text.line_height("small") + frame.px(4)
    if scroll:
        body = pygame.Rect(rect.x, y, rect.width, rect.bottom - y)
        off = frame.begin_scroll(body, "votes")
    else:
        body = pygame.Rect(rect.x, y, rect.width, row_h * len(world.codes))
        off = 0
    yy = body.y - off
    extent = 0.5
    for v in intentions or []:
        extent = max(extent, sum(t for t in v.terms.values() if t > 0),
                     -sum(t for t in v.terms.values() if t < 0))
    unit = (bar_w / 2 - 2) / extent  # pixels per unit of utility
    art = _vote_rows_art(scene, frame, game, iid, i, intentions, seat, shares, exempt,
                         quarterly, elig, rect.width, row_h, unit, layout=(
                             name_w, share_w, vote_w, bar_w))
    if art is not None:
        frame.surface.blit(art[0], (x, body.y - off))
    for n, code in enumerate(world.codes):
        if not frame.visible(yy, row_h):
            yy += row_h
            continue
        if art is None:  # a layout audit: the same drawing, straight onto the screen
            _draw_row_art(frame, x, yy, n, game, intentions, seat, shares, exempt,
                          quarterly, elig, rect.width, row_h, unit,
                          (name_w, share_w, vote_w, bar_w))
        name = f"{code} {world.member_names[n]}" if world.member_names[n] != code else code
        frame.button(pygame.Rect(x, yy, name_w - frame.px(4), row_h), "", ("select", code),
                     selected=code == scene.session.selected)
        frame.label(name, (x + frame.px(6), yy + row_h // 2), "label",
                    "semibold" if code in game.humans else "regular", anchor="midleft",
                    max_width=name_w - frame.px(12))
        if intentions is not None:
            v = intentions[n]
            tip = art[1][n] if art is not None else reason(v.terms)
            frame.tip_zone(pygame.Rect(bar_x, yy, bar_w, row_h), tip,
                           f"Why {world.member_names[n]} votes {VOTE_LABEL[v.vote].lower()}")
            if act_w and code != seat and elig[n]:
                ax = rect.right - act_w
                can_persuade = A.Persuade(seat, code, iid, 1.0) in legal
                frame.button(pygame.Rect(ax, yy + 1, act_w // 2 - 2, row_h - 2), "Persuade",
                             ("persuade", code, iid), enabled=can_persuade, size="small",
                             tip="Spend 1 political capital to move this state towards yes.")
                sn = world.codes.index(seat)
                room = scene.session.figures("discretionary", seat,
                                             float(game.state.defence_pct[0, sn]))
                amount = nice_step(max(room * 0.05, 0.01))
                pay = f"Pay {fmt_money(amount)}"
                if frame.text.width(pay, "small", "semibold") > act_w // 2 - frame.px(10):
                    pay = fmt_money(amount)  # the tip says what it is
                frame.button(pygame.Rect(ax + act_w // 2, yy + 1, act_w // 2 - 2, row_h - 2),
                             pay, ("pay", code, iid, amount), size="small",
                             tip=f"Offer a side payment of {fmt_money(amount)} from this "
                                 "quarter's budget to move this state towards yes.")
        yy += row_h
    if scroll:
        frame.end_scroll(body, "votes", yy + off - body.y)
    return yy + frame.px(8)


def _vote_rows_art(scene, frame, game, iid, i, intentions, seat, shares, exempt, quarterly,
                   elig, width, row_h, unit, layout) -> tuple | None:
    """The table's rows without their controls (stripes, shares, vote chips, the bars of
    reasons) drawn once into a surface kept until the game, the item, the seat or the size
    changes, with each row's reason text; None while a layout test audits the text (then
    the rows are drawn on screen, by the same function)."""
    if frame.text.audit is not None:
        return None
    key = (scene.session.figures.version(), id(game), iid, seat, width, row_h, unit,
           layout, frame.theme.scale, frame.theme.projector, id(frame.text))
    kept = getattr(scene, "_vote_rows", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    n_rows = len(game.world.codes)
    surf = pygame.Surface((width, max(1, row_h * n_rows)))
    surf.fill(frame.c("panel"))  # what the panel under the table shows between stripes
    canvas = Frame(surf, frame.theme, frame.text, frame.glossary)
    for n in range(n_rows):
        _draw_row_art(canvas, 0, n * row_h, n, game, intentions, seat, shares, exempt,
                      quarterly, elig, width, row_h, unit, layout)
    tips = [reason(v.terms) for v in intentions] if intentions is not None else []
    scene._vote_rows = (key, (surf, tips))
    return surf, tips


def _draw_row_art(frame, x, yy, n, game, intentions, seat, shares, exempt, quarterly, elig,
                  row_w, row_h, unit, layout) -> None:
    """One row of the table of states, without its controls: the stripe, the cost share,
    the vote chip and the diverging bar of the utility terms with their sum."""
    name_w, share_w, vote_w, bar_w = layout
    code = game.world.codes[n]
    row = pygame.Rect(x, yy, row_w, row_h)
    if n % 2 == 0:
        frame.fill(row, "panel_alt")
    if code == seat:
        frame.fill(row, "panel_hi")
    if not elig[n]:
        frame.label("not eligible", (x + name_w, row.centery), "small",
                    colour="text_faint", anchor="midleft")
    elif exempt[n]:
        frame.label("exempt", (x + name_w, row.centery), "small", colour="text_faint",
                    anchor="midleft", max_width=share_w - frame.px(4))
    elif shares[n] <= 0:
        frame.label("—", (x + name_w, row.centery), "small", colour="text_faint",
                    anchor="midleft")
    else:
        money = shares[n] * quarterly
        share = shares[n] * 100
        share_text = f"{share:.0f} %" if share >= 0.5 else "<1 %"
        frame.label(f"{share_text} · {fmt_money(money)}",
                    (x + name_w, row.centery), "small", colour="text_dim",
                    anchor="midleft")
    if intentions is None:
        return
    v = intentions[n]
    vx = x + name_w + share_w
    chip = pygame.Rect(vx, yy + frame.px(3), frame.px(76), row_h - frame.px(6))
    col = {YES: "yes", NO: "no"}.get(v.vote, "abstain")
    frame.fill(chip, col, frame.px(4))
    frame.label(VOTE_LABEL[v.vote], chip.center, "small", "bold", "accent_text",
                anchor="center")
    # Diverging stacked bar of the utility terms.
    bar_x = x + name_w + share_w + vote_w
    mid = bar_x + bar_w // 2
    pygame.draw.line(frame.surface, frame.c("border"), (mid, yy + 2),
                     (mid, yy + row_h - 2), 1)
    pos_x, neg_x = mid, mid
    bh = row_h - frame.px(10)
    by = yy + frame.px(5)
    for term in TERMS:
        value = v.terms[term]
        width = round(abs(value) * unit)
        if width <= 0:
            continue
        col = frame.theme.categorical[TERM_GROUP[term]]
        if value > 0:
            width = min(width, bar_x + bar_w - pos_x)
            pygame.draw.rect(frame.surface, col, (pos_x, by, width, bh))
            pos_x += width
        else:
            width = min(width, neg_x - bar_x)
            pygame.draw.rect(frame.surface, col, (neg_x - width, by, width, bh))
            neg_x -= width
    total = v.total
    tx = min(max(mid + round(total * unit), bar_x), bar_x + bar_w)
    pygame.draw.line(frame.surface, frame.c("text"), (tx, yy + 2),
                     (tx, yy + row_h - 2), 2)
