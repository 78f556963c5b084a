"""The Treaty's voting rules as pure, vectorised functions.

One place for the arithmetic of a Council vote, called by the Council (`engine/council.py`),
the `vote` calculator and the tests alike. Every function takes counts or masks with any
leading shape and returns an array of the same leading shape, so a batch of thousands of games
is tallied at once.

All population tests are exact: populations are whole thousands (float64 holds their sums
exactly) and each share is compared as a ratio of integers (65 % as 13/20, 35 % as 7/20,
72 % as 18/25, one third as 1/3), so no vote ever turns on a rounding error.

Votes are int8: YES 1, ABSTAIN 0, NO -1 and CONSTRUCTIVE 2, an abstention qualified by a
formal declaration (TEU 31(1), second subparagraph): it never blocks, and the abstainer does
not pay for operations with military or defence implications (TEU 41(2)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

YES, ABSTAIN, NO, CONSTRUCTIVE = 1, 0, -1, 2

# Decision rules, as stored per initiative (`RuleTable.kind`).
QMV, REINFORCED_QMV, UNANIMITY, COALITION, PESCO_PROJECT = range(5)
KIND_NAMES = ("qmv", "reinforced-qmv", "unanimity", "coalition", "pesco-unanimity")
ARTICLES = (
    "TEU 16(4), TFEU 238(3)(a)",
    "TFEU 238(2), 238(3)(b)",
    "TFEU 238(4), TEU 31(1)",
    "outside the Council's voting rules",
    "TEU 46(6)",
)
PROPOSERS = ("commission", "high-representative", "member-states")

QMV_STATES = (11, 20)  # 55 % of the members (TEU 16(4), TFEU 238(3)(a))
REINFORCED_STATES = (18, 25)  # 72 % of the members (TFEU 238(2), 238(3)(b))
QMV_PEOPLE = (13, 20)  # 65 % of the population
BLOCKING_PEOPLE = (7, 20)  # a blocking minority holds more than 35 % of the population
ONE_THIRD = (1, 3)  # constructive abstention's cap (TEU 31(1), second subparagraph)


def at_least(part: np.ndarray, whole: np.ndarray, ratio: tuple[int, int]) -> np.ndarray:
    """part >= ratio * whole, exactly (part and whole whole numbers)."""
    num, den = ratio
    return np.asarray(part) * den >= np.asarray(whole) * num


def states_needed(kind: np.ndarray, members: np.ndarray,
                  min_participants: np.ndarray | int = 1) -> np.ndarray:
    """The fewest yes votes that can adopt under each rule, for `members` participants.

    QMV: 55 % of the participating members (TEU 16(4), TFEU 238(3)(a)); reinforced QMV: 72 %
    (TFEU 238(2), 238(3)(b)); unanimity: one yes with no one against (TFEU 238(4)); a coalition
    or a PESCO project: its minimum number of participants.
    """
    kind = np.asarray(kind)
    members = np.asarray(members)
    qmv = -(-members * QMV_STATES[0] // QMV_STATES[1])  # ceil without floats
    reinforced = -(-members * REINFORCED_STATES[0] // REINFORCED_STATES[1])
    joined = np.maximum(np.asarray(min_participants), 1)
    return np.where(kind == QMV, qmv, np.where(kind == REINFORCED_QMV, reinforced,
                                               np.where(kind == UNANIMITY, 1, joined)))


def blocking_minority(people: np.ndarray, participants: np.ndarray) -> np.ndarray:
    """The fewest members that can block a qualified majority among `participants`.

    TFEU 238(3)(a): "the minimum number of members of the Council representing more than 35 %
    of the population of the participating Member States, plus one member". For the full
    Council of the 27 with their real populations this is four, the number TEU 16(4) writes
    down (Germany, France and Italy hold 47 %, but any two of them less than 35 %).

    `people` [N] whole thousands; `participants` bool [..., N]; returns int [...].

    A batch's games mostly share a few participant sets (a project's members): the minority
    is worked out once per distinct set (a whole number, the same for every game having it).
    """
    if participants.ndim == 2 and len(participants) > 64 and participants.shape[1] <= 64:
        sets, which = _distinct_rows(participants)
        return _blocking_minority(people, participants[sets])[which]
    return _blocking_minority(people, participants)


def _distinct_rows(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a bool [R, K <= 64] mask: (the first row of each [D], which
    distinct row each row is [R])."""
    packed = np.zeros((len(mask), 8), np.uint8)
    packed[:, :(mask.shape[1] + 7) // 8] = np.packbits(mask, axis=1)
    _, first, which = np.unique(packed.view(np.uint64)[:, 0], return_index=True,
                                return_inverse=True)
    return first, which.reshape(-1)


def _blocking_minority(people: np.ndarray, participants: np.ndarray) -> np.ndarray:
    """`blocking_minority` for every row."""
    held = np.where(participants, people, 0.0)
    ordered = -np.sort(-held, axis=-1)  # the most populous first
    total = ordered.sum(axis=-1, keepdims=True)
    running = np.cumsum(ordered, axis=-1)
    # Prefixes that do not yet hold more than 35 %; the next member makes the minority.
    fewest = (~_more_than(running, total, BLOCKING_PEOPLE)).sum(axis=-1) + 1
    return fewest + 1


def _more_than(part: np.ndarray, whole: np.ndarray, ratio: tuple[int, int]) -> np.ndarray:
    num, den = ratio
    return part * den > whole * num


def qualified_majority(yes_states: np.ndarray, yes_people: np.ndarray, members: np.ndarray,
                       people: np.ndarray, blocking: np.ndarray) -> np.ndarray:
    """QMV among the participants (TEU 16(4); TFEU 238(3)(a) when not all take part).

    55 % of the participating members holding 65 % of their population. Without a blocking
    minority (fewer than `blocking` members not voting yes) the qualified majority is deemed
    attained. Abstaining counts as not yes. Counts and people [...]: participants' totals
    `members` and `people` broadcast against them.
    """
    enough_states = at_least(yes_states, members, QMV_STATES)
    enough_people = at_least(yes_people, people, QMV_PEOPLE)
    return enough_states & (enough_people | (members - yes_states < blocking))


def reinforced_qualified_majority(yes_states: np.ndarray, yes_people: np.ndarray,
                                  members: np.ndarray, people: np.ndarray) -> np.ndarray:
    """Reinforced QMV when the Council does not act on a proposal from the Commission or the
    High Representative (TFEU 238(2); among participants TFEU 238(3)(b)): 72 % of the
    participating members holding 65 % of their population. No blocking-minority clause."""
    return at_least(yes_states, members, REINFORCED_STATES) & at_least(yes_people, people,
                                                                        QMV_PEOPLE)


def unanimity(yes_states: np.ndarray, no_states: np.ndarray, constructive_states: np.ndarray,
              constructive_people: np.ndarray, members: np.ndarray,
              people: np.ndarray) -> np.ndarray:
    """Unanimity of the participants: no one votes no and someone votes yes.

    Abstention does not prevent adoption (TFEU 238(4); TEU 31(1)). A constructive abstention
    (TEU 31(1), second subparagraph) does not block either, but if the members abstaining so
    represent at least one third of the members comprising at least one third of the
    population, the decision is not adopted.
    """
    capped = (at_least(constructive_states, members, ONE_THIRD)
              & at_least(constructive_people, people, ONE_THIRD))
    return (no_states == 0) & (yes_states > 0) & ~capped


def coalition(yes_states: np.ndarray, min_participants: np.ndarray) -> np.ndarray:
    """A coalition of the willing: enough members join (no Treaty vote; the rest abstain)."""
    return yes_states >= np.maximum(min_participants, 1)


def pesco_project(yes_states: np.ndarray, no_states: np.ndarray,
                  constructive_states: np.ndarray, constructive_people: np.ndarray,
                  members: np.ndarray, people: np.ndarray,
                  min_participants: np.ndarray) -> np.ndarray:
    """A PESCO project: a Council decision within PESCO, taken by unanimity of the PESCO
    participating states only (TEU 46(6)); those voting yes become its members, and it needs
    enough of them. Any participating state can veto it; abstaining does not block."""
    return (unanimity(yes_states, no_states, constructive_states, constructive_people,
                      members, people)
            & coalition(yes_states, min_participants))


def admission(yes: np.ndarray, participants: np.ndarray, people: np.ndarray) -> np.ndarray:
    """Admitting a state to a PESCO project: QMV among its current participants.

    TEU 46(3): the Council admits a new participating state to PESCO by a qualified majority
    of the participating states as defined in TFEU 238(3)(a); the game applies the same rule
    to joining a project already adopted. `yes`, `participants` bool [..., N]; only the
    participants' votes count.
    """
    return _qmv_of(yes & participants, participants, people)


def suspension(yes: np.ndarray, participants: np.ndarray, people: np.ndarray,
               concerned: int) -> np.ndarray:
    """Suspending a participating state (index `concerned`): QMV among the participants
    other than the state concerned (TEU 46(4), TFEU 238(3)(a))."""
    others = participants.copy()
    others[..., concerned] = False
    return _qmv_of(yes & others, others, people)


def _qmv_of(yes: np.ndarray, participants: np.ndarray, people: np.ndarray) -> np.ndarray:
    members = participants.sum(axis=-1)
    total = participants @ people
    return qualified_majority(yes.sum(axis=-1), yes @ people, members, total,
                              blocking_minority(people, participants))


@dataclass(frozen=True)
class RuleTable:
    """Each initiative's rule with its constants, computed once per scenario: all [I].

    `participants` [N, I] is who takes part in the vote: the PESCO participating states for a
    PESCO item, every member otherwise.
    """

    kind: np.ndarray  # int: QMV, REINFORCED_QMV, UNANIMITY, COALITION, PESCO_PROJECT
    participants: np.ndarray  # [N, I] bool
    members: np.ndarray  # number of participants
    people: np.ndarray  # their population, whole thousands
    blocking: np.ndarray  # fewest members forming a blocking minority (QMV)
    min_participants: np.ndarray
    military: np.ndarray  # bool: constructive abstainers do not pay (TEU 41(2))


def rule_kind(rule: str, pesco: bool, proposed_by: str) -> int:
    """The Treaty rule for an initiative's scenario rule, PESCO flag and proposer.

    `qmv` is reinforced (TFEU 238(2)) unless the Commission or the High Representative
    proposes; a `coalition` among PESCO states is a PESCO project (TEU 46(6))."""
    if rule == "qmv":
        return QMV if proposed_by in ("commission", "high-representative") else REINFORCED_QMV
    if rule == "unanimity":
        return UNANIMITY
    return PESCO_PROJECT if pesco else COALITION


def rule_table(kinds: np.ndarray, pesco_only: np.ndarray, member_pesco: np.ndarray,
               people: np.ndarray, min_participants: np.ndarray,
               military: np.ndarray) -> RuleTable:
    """Compile the per-initiative constants of `RuleTable` (people [N] whole thousands)."""
    participants = ~pesco_only[None, :] | member_pesco[:, None]  # [N, I]
    return RuleTable(
        kind=np.asarray(kinds, int),
        participants=participants,
        members=participants.sum(axis=0).astype(np.float64),
        people=people @ participants,
        blocking=blocking_minority(people, participants.T).astype(np.float64),
        min_participants=np.asarray(min_participants, np.float64),
        military=np.asarray(military, bool),
    )


def adopted(table: RuleTable, cols: np.ndarray, yes_states: np.ndarray, yes_people: np.ndarray,
            no_states: np.ndarray, constructive_states: np.ndarray | None = None,
            constructive_people: np.ndarray | None = None) -> np.ndarray:
    """Apply each initiative's rule to its participants' counts, each [..., C] for `cols`.

    Counts are of participants only; people in whole thousands.
    """
    kind = table.kind[cols]
    result = np.zeros(np.broadcast_shapes(yes_states.shape, kind.shape), bool)
    for rule in sorted(set(kind.tolist())):  # not np.unique: it imports numpy.ma (~10 ms)
        # Each rule on its own columns only: one test per cell, not one per rule.
        at = np.flatnonzero(kind == rule)
        pick = cols[at]
        yes, yes_ppl = yes_states[..., at], yes_people[..., at]
        members, people = table.members[pick], table.people[pick]
        if rule == QMV:
            result[..., at] = qualified_majority(yes, yes_ppl, members, people,
                                                 table.blocking[pick])
        elif rule == REINFORCED_QMV:
            result[..., at] = reinforced_qualified_majority(yes, yes_ppl, members, people)
        elif rule == COALITION:
            result[..., at] = coalition(yes, table.min_participants[pick])
        else:
            if constructive_states is None:
                cons = cons_ppl = np.zeros_like(yes)
            else:
                cons, cons_ppl = constructive_states[..., at], constructive_people[..., at]
            agreed = unanimity(yes, no_states[..., at], cons, cons_ppl, members, people)
            if rule == PESCO_PROJECT:
                agreed &= coalition(yes, table.min_participants[pick])
            result[..., at] = agreed
    return result


@dataclass(frozen=True)
class Tally:
    """One vote counted under one rule, for the screen, the `vote` calculator and tests."""

    rule: str  # one of KIND_NAMES
    article: str
    participants: list[str]
    participants_population: float  # millions
    states_needed: int
    population_needed: float  # share of the participants' population (0 where none)
    blocking_minority: int | None  # QMV only
    yes_states: list[str]
    no_states: list[str]
    abstaining_states: list[str]
    constructive_states: list[str]
    yes_population_share: float
    constructive_population_share: float
    adopted: bool
    reason: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def count(kind: int, votes: np.ndarray, participants: np.ndarray, people: np.ndarray,
          codes: list[str], min_participants: int = 1) -> Tally:
    """Count one vote (votes int8 [N], participants bool [N], people [N] whole thousands)
    under `kind` and say which thresholds applied and why it passed or failed. Votes of
    members outside `participants` are ignored."""
    votes = np.where(participants, votes, ABSTAIN)
    yes, no, cons = votes == YES, votes == NO, votes == CONSTRUCTIVE
    members = int(participants.sum())
    total = float(people @ participants)
    yes_people, cons_people = float(people @ yes), float(people @ cons)
    blocking = int(blocking_minority(people, participants))
    table = RuleTable(np.array([kind]), participants[:, None], np.array([float(members)]),
                      np.array([total]), np.array([float(blocking)]),
                      np.array([float(min_participants)]), np.array([False]))
    passed = bool(adopted(table, np.array([0]), np.array([float(yes.sum())]),
                          np.array([yes_people]), np.array([float(no.sum())]),
                          np.array([float(cons.sum())]), np.array([cons_people]))[0])
    share = yes_people / total if total else 0.0
    cons_share = cons_people / total if total else 0.0
    needed = int(states_needed(np.array(kind), np.array(members), min_participants))
    in_qmv = kind in (QMV, REINFORCED_QMV)
    people_ok = bool(at_least(yes_people, total, QMV_PEOPLE))
    capped = bool(at_least(cons.sum(), members, ONE_THIRD) & at_least(cons_people, total,
                                                                       ONE_THIRD))
    return Tally(
        rule=KIND_NAMES[kind], article=ARTICLES[kind],
        participants=[c for c, p in zip(codes, participants) if p],
        participants_population=total / 1000.0, states_needed=needed,
        population_needed=QMV_PEOPLE[0] / QMV_PEOPLE[1] if in_qmv else 0.0,
        blocking_minority=blocking if kind == QMV else None,
        yes_states=[c for c, v in zip(codes, yes) if v],
        no_states=[c for c, v in zip(codes, no) if v],
        abstaining_states=[c for c, v, p in zip(codes, votes, participants)
                           if p and v == ABSTAIN],
        constructive_states=[c for c, v in zip(codes, cons) if v],
        yes_population_share=share, constructive_population_share=cons_share,
        adopted=passed,
        reason=_reason(kind, passed, int(yes.sum()), needed, members,
                       [c for c, v in zip(codes, no) if v], share, people_ok, capped,
                       blocking, int(cons.sum()), cons_share))


def _reason(kind: int, passed: bool, yes: int, needed: int, members: int, vetoes: list[str],
            share: float, people_ok: bool, capped: bool, blocking: int, constructive: int,
            constructive_share: float) -> str:
    """Why a counted vote passed or failed, in one sentence."""
    if kind in (QMV, REINFORCED_QMV):
        if yes < needed:
            return f"only {yes} of the {needed} states needed vote yes"
        if people_ok:
            return f"{yes} states holding {share:.2%} of the population vote yes"
        if passed:
            return (f"the yes side holds only {share:.2%} of the population, but the "
                    f"{members - yes} other states cannot form a blocking minority (it needs "
                    f"{blocking}): the qualified majority is deemed attained")
        return f"the yes side holds only {share:.2%} of the population (65 % needed)"
    if kind in (UNANIMITY, PESCO_PROJECT):
        if vetoes:
            return "vetoed by " + ", ".join(vetoes)
        if not yes:
            return "no one votes yes"
        if capped:
            return (f"{constructive} states holding {constructive_share:.2%} of the "
                    "population abstain constructively: at least one third of both, so it "
                    "is not adopted")
    if yes < needed:
        return f"only {yes} of the {needed} participants needed join"
    return "no one votes no" if kind == UNANIMITY else f"{yes} states join ({needed} needed)"


def threshold_text(t: Tally) -> str:
    """The rule and thresholds in one line, e.g. "QMV among 26 PESCO members: 15 states and
    65 % of their population"."""
    members = len(t.participants)
    if t.rule == "qmv":
        return (f"QMV among {members} members: {t.states_needed} states and 65 % of their "
                f"population; a blocking minority needs {t.blocking_minority} states")
    if t.rule == "reinforced-qmv":
        return (f"Reinforced QMV (not a Commission proposal) among {members} members: "
                f"{t.states_needed} states (72 %) and 65 % of their population")
    if t.rule == "unanimity":
        return (f"Unanimity of {members} members: one 'no' blocks; abstaining does not, but "
                "constructive abstention by a third of the states and population does")
    if t.rule == "pesco-unanimity":
        return (f"PESCO unanimity of {members} participating states, and at least "
                f"{t.states_needed} must join")
    return f"Coalition of the willing: at least {t.states_needed} must join"
