"""The static side of a game: a scenario compiled into arrays and compiled expressions.

Everything that does not change during play lives here, once, shared by every game in a batch:
member codes and populations, requirements, prices, the network's incidence matrix, the
initiative catalogue, and the compiled events, goals and objectives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.expressions import (
    CompiledExpression,
    CompiledStatement,
    NameTable,
    compile_expression,
    compile_statement,
)
from autonomy_game.engine.parameters import resolve_parameters
from autonomy_game.engine.treaty import RuleTable, rule_kind, rule_table
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS, RULES, THREAT_AXES, Scenario

RULE_UNANIMITY, RULE_QMV, RULE_COALITION = (RULES.index(r) for r in RULES)
# Declared votes (a choice's `declares`), stored in GameState.declared; 0 = none declared.
DECLARED_CODES = {"yes": 1, "no": 2, "abstain": 3, "constructive-abstention": 4}
EUROPE_DELIVERY_KEYS = ("cohesion", "us_commitment", "adversary_pressure", "eu_funds",
                        "ukraine_front", "epf_funds")


@dataclass
class CompiledLater:
    """Effects due `after` quarters after their event or choice; `index` is their column in
    `GameState.later_due`."""

    index: int
    after: int
    effects: list[CompiledStatement]


# A neighbour (the UK, Norway, ...) decides an event (format 2): it picks by the options'
# `ai_score`, the author's account of what that country wants, not by Europe's goals.
OUTSIDE_DECIDER = -2


@dataclass
class CompiledChoice:
    id: str
    label: str
    text: str
    effects: list[CompiledStatement]
    ai_score: CompiledExpression | None
    later: CompiledLater | None = None
    declares: tuple[tuple[int, int, int], ...] = ()  # (member, initiative, DECLARED_* code)


@dataclass
class CompiledEvent:
    index: int
    id: str
    title: str
    text: str
    when: CompiledExpression | None
    first_turn: int
    last_turn: int
    chance: float
    once: bool
    effects: list[CompiledStatement]
    decider: int  # member index, -1 for the Council, OUTSIDE_DECIDER for a neighbour
    choices: list[CompiledChoice]
    later: CompiledLater | None = None
    rule: int = -1  # council vote under RULE_UNANIMITY or RULE_QMV; -1: no vote
    chance_scale: CompiledExpression | None = None  # per game, clamped to 0-1


@dataclass
class World:
    """Static arrays; N members, D domains, A threat axes, H hubs, C corridors, I initiatives."""

    scenario: Scenario
    names: NameTable
    codes: list[str]
    member_names: list[str]
    turns: int
    population: np.ndarray  # [N] millions
    people: np.ndarray  # [N] thousands, whole numbers: sums of them are exact, even in float32
    population_share: np.ndarray  # [N] people / all people (the Council's weights)
    nato: np.ndarray  # [N] bool
    pesco: np.ndarray  # [N] bool
    neutral: np.ndarray  # [N] bool, militarily non-aligned
    us_troops: np.ndarray  # [N] thousand U.S. personnel hosted
    nuclear_sharing: np.ndarray  # [N] bool, hosts U.S. B61 bombs
    contribution_ratio: np.ndarray  # [N] GNI / GDP: the key for common costs is gdp x this
    ramp_capacity: np.ndarray  # [turns + 2, N] shell capacity of scheduled plants by turn
    threat_baseline: np.ndarray  # [N, A]
    requirement: np.ndarray  # [D]
    us_support: np.ndarray  # [D]
    cost: np.ndarray  # [D] € bn per point
    industry_capacity: np.ndarray  # [D] € bn of European orders a quarter at base price (0: none)
    industry_inflation: np.ndarray  # [D] price rise per unit of orders beyond capacity
    lead_european: np.ndarray  # [D] int
    lead_foreign: np.ndarray  # [D] int
    pipeline_length: int
    hub_ids: list[str]
    hub_capacity: np.ndarray  # [H]
    hub_country: np.ndarray  # [H] member index or -1
    hub_owner_matrix: np.ndarray  # [N, H] 1 where the hub lies in the member state
    owned_hub_share: np.ndarray  # [N, H] own hubs weighted by traffic, rows summing to 1 (or 0)
    corridor_ids: list[str]
    corridor_capacity: np.ndarray  # [C]
    incidence: np.ndarray  # [C, H] 1 where the corridor passes the hub
    path_hubs: np.ndarray  # [C, P] hub indices along each corridor, padded with H
    owned_corridor_share: np.ndarray  # [N, C] corridors through its hubs, rows summing to 1 (or 0)
    initiative_ids: list[str]
    rule: np.ndarray  # [I] int
    pesco_only: np.ndarray  # [I] bool
    initiative_cost: np.ndarray  # [I] € bn
    initiative_lead: np.ndarray  # [I]
    min_participants: np.ndarray  # [I]
    eu_funded: np.ndarray  # [I] bool
    epf_funded: np.ndarray  # [I] bool, paid by the off-budget European Peace Facility
    loan_allocation: np.ndarray  # [I, N] € bn of loans each state asked for (SAFE)
    loan_terms: dict[str, float]  # draw, grace, repay (quarters) and rate (a year)
    initiative_threat: np.ndarray  # [I, A]
    initiative_autonomy: np.ndarray  # [I]
    beneficiaries: np.ndarray  # [I, N] € bn each member receives from the instrument
    positions: np.ndarray  # [I, N] national positions on record (utility)
    industry: np.ndarray  # [N] share of the EU's defence-industrial output (sums to 1, or 0)
    available: np.ndarray  # [I] bool
    requires: np.ndarray  # [I, I] bool: row i needs column j delivered before it is proposed
    deliver_capability: np.ndarray  # [I, D]
    deliver_shells: np.ndarray  # [I]
    deliver_explosives: np.ndarray  # [I] thousand rounds/quarter of explosives, Europe-wide
    deliver_europe: np.ndarray  # [I, len(EUROPE_DELIVERY_KEYS)]
    deliver_protection: np.ndarray  # [I, 3]
    initiative_effects: list[list[CompiledStatement]]
    events: list[CompiledEvent]
    later_blocks: list[CompiledLater]  # every event's and choice's `later`, by index
    victory: CompiledExpression
    victory_from_turn: int  # first turn victory is judged at (the last turn unless set)
    partial: CompiledExpression
    defeats: list[CompiledExpression]
    objective_codes: list[str]
    objectives: list[CompiledExpression]
    params: dict[str, float]
    rules: RuleTable  # each initiative's Treaty rule, participants and thresholds
    # The facilitator's inject script, compiled like events (decider -1, never fired by
    # chance): Game applies one only through the `inject` action (classroom mode).
    injects: list[CompiledEvent] = field(default_factory=list)
    # The scenario's own indicators (format 2 `indicators:`), in the scenario's order.
    indicator_ids: list[str] = field(default_factory=list)
    indicator_values: list[CompiledExpression] = field(default_factory=list)


def build_world(scenario: Scenario) -> World:
    """Compile a validated scenario. Expression errors here mean the validator missed one."""
    names = NameTable.for_scenario(scenario)
    codes = list(scenario.members)
    states = [scenario.states[c] for c in codes]
    population = np.array([s.population for s in states], float)
    people = np.round(population * 1000.0)
    hubs = list(scenario.hubs.values())
    corridors = list(scenario.corridors.values())
    inits = list(scenario.initiatives.values())
    hub_ids = [h.id for h in hubs]
    params = resolve_parameters(scenario.parameters)

    hub_country = np.array([codes.index(h.country) if h.country in codes else -1 for h in hubs],
                           int)
    owner = np.zeros((len(codes), len(hubs)))
    for h, n in enumerate(hub_country):
        if n >= 0:
            owner[n, h] = 1.0
    incidence = np.zeros((len(corridors), len(hubs)))
    for c, corridor in enumerate(corridors):
        for hub_id in corridor.path:
            incidence[c, hub_ids.index(hub_id)] = 1.0

    proc = [scenario.procurement[d] for d in DOMAINS]
    lead_eu = np.array([p.lead_european for p in proc], int)
    lead_fo = np.array([p.lead_foreign for p in proc], int)
    pipeline_length = int(max(lead_eu.max(initial=1), lead_fo.max(initial=1),
                              scenario.ammunition.capacity_lead)) + 1

    def ex(e: object) -> CompiledExpression:
        return compile_expression(e.text, names)  # type: ignore[attr-defined]

    def st(items: object) -> list[CompiledStatement]:
        return [compile_statement(e.text, names) for e in items]  # type: ignore[attr-defined]

    later_blocks: list[CompiledLater] = []

    def later(block: object) -> CompiledLater | None:
        if block is None:
            return None
        compiled = CompiledLater(len(later_blocks), block.after,  # type: ignore[attr-defined]
                                 st(block.effects))  # type: ignore[attr-defined]
        later_blocks.append(compiled)
        return compiled

    initiative_ids = [i.id for i in inits]
    events = []
    for index, ev in enumerate(scenario.events):
        choices = [
            CompiledChoice(c.id, c.label, c.text, st(c.effects),
                           ex(c.ai_score) if c.ai_score is not None else None, later(c.later),
                           tuple((codes.index(d.state), initiative_ids.index(d.initiative),
                                  DECLARED_CODES[d.vote]) for d in c.declares
                                 if d.state in codes and d.initiative in initiative_ids))
            for c in ev.choices
        ]
        events.append(CompiledEvent(
            index, ev.id, ev.title, ev.text, ex(ev.when) if ev.when is not None else None,
            ev.first_turn, ev.last_turn, ev.chance, ev.once, st(ev.effects),
            codes.index(ev.decider) if ev.decider in codes
            else OUTSIDE_DECIDER if ev.decider in scenario.neighbours else -1,
            choices, later(ev.later),
            RULES.index(ev.rule) if ev.rule in RULES else -1,
            ex(ev.chance_scale) if ev.chance_scale is not None else None,
        ))

    injects = [
        CompiledEvent(index, inj.id, inj.title, inj.text, None, inj.turn, inj.turn, 0.0, True,
                      st(inj.effects), -1, [
                          CompiledChoice(c.id, c.label, c.text, st(c.effects), None,
                                         later(c.later), tuple(
                                             (codes.index(d.state),
                                              initiative_ids.index(d.initiative),
                                              DECLARED_CODES[d.vote]) for d in c.declares
                                             if d.state in codes
                                             and d.initiative in initiative_ids))
                          for c in inj.choices])
        for index, inj in enumerate(scenario.injects)
    ]

    objective_codes = [c for c in scenario.objectives if c in codes]
    pesco = np.array([s.pesco for s in states], bool)
    pesco_only = np.array([i.pesco for i in inits], bool)
    min_participants = np.array([i.min_participants for i in inits], float)
    rules = rule_table(np.array([rule_kind(i.rule, i.pesco, i.proposed_by) for i in inits], int),
                       pesco_only, pesco, people, min_participants,
                       np.array([i.military for i in inits], bool))
    return World(
        scenario=scenario,
        names=names,
        codes=codes,
        member_names=[s.name for s in states],
        turns=scenario.turns,
        population=population,
        people=people,
        population_share=people / people.sum(),
        nato=np.array([s.nato for s in states], bool),
        pesco=pesco,
        neutral=np.array([s.neutral for s in states], bool),
        us_troops=np.array([s.us_troops for s in states], float),
        nuclear_sharing=np.array([s.nuclear_sharing for s in states], bool),
        contribution_ratio=np.array([s.contribution_base / max(s.gdp, 1e-9) for s in states],
                                    float),
        ramp_capacity=_ramp_capacity(scenario, codes),
        threat_baseline=np.array([[s.threat[a] for a in THREAT_AXES] for s in states], float),
        requirement=np.array([scenario.requirements[d] for d in DOMAINS], float),
        us_support=np.array([scenario.us_support.get(d, 0.0) for d in DOMAINS], float),
        cost=np.array([p.cost for p in proc], float),
        industry_capacity=np.array([p.capacity for p in proc], float),
        industry_inflation=np.array([p.inflation for p in proc], float),
        lead_european=lead_eu,
        lead_foreign=lead_fo,
        pipeline_length=pipeline_length,
        hub_ids=hub_ids,
        hub_capacity=np.array([h.capacity for h in hubs], float),
        hub_country=hub_country,
        hub_owner_matrix=owner,
        owned_hub_share=_owned_hub_share(owner, incidence),
        corridor_ids=[c.id for c in corridors],
        corridor_capacity=np.array([c.capacity for c in corridors], float),
        incidence=incidence,
        path_hubs=_path_hubs(corridors, hub_ids),
        owned_corridor_share=_owned_corridor_share(owner, incidence),
        initiative_ids=[i.id for i in inits],
        rule=np.array([RULES.index(i.rule) for i in inits], int),
        pesco_only=pesco_only,
        initiative_cost=np.array([i.cost for i in inits], float),
        initiative_lead=np.array([max(1, i.lead) for i in inits], float),
        min_participants=min_participants,
        eu_funded=np.array([i.funding == "eu" for i in inits], bool),
        epf_funded=np.array([i.funding == "epf" for i in inits], bool),
        loan_allocation=np.array(
            [[(i.loans.allocations.get(c, 0.0) if i.loans else 0.0) for c in codes]
             for i in inits], float).reshape(len(inits), len(codes)),
        loan_terms=_loan_terms(inits),
        initiative_threat=np.array([[i.threat.get(a, 0.0) for a in THREAT_AXES] for i in inits],
                                   float).reshape(len(inits), len(THREAT_AXES)),
        initiative_autonomy=np.array([i.autonomy for i in inits], float),
        beneficiaries=np.array([[i.beneficiaries.get(c, 0.0) for c in codes] for i in inits],
                               float).reshape(len(inits), len(codes)),
        positions=np.array([[i.positions.get(c, i.positions.get("others", 0.0)) for c in codes]
                            for i in inits], float).reshape(len(inits), len(codes)),
        industry=_shares(np.array([s.industry for s in states], float)),
        available=np.array([i.id in scenario.available_initiatives for i in inits], bool),
        requires=np.array([[j.id in i.requires for j in inits] for i in inits],
                          bool).reshape(len(inits), len(inits)),
        deliver_capability=np.array(
            [[i.delivers.capabilities.get(d, 0.0) for d in DOMAINS] for i in inits], float
        ).reshape(len(inits), len(DOMAINS)),
        deliver_shells=np.array([i.delivers.shell_capacity for i in inits], float),
        deliver_explosives=np.array([i.delivers.explosives for i in inits], float),
        deliver_europe=np.array(
            [[i.delivers.europe.get(k, 0.0) for k in EUROPE_DELIVERY_KEYS] for i in inits], float
        ).reshape(len(inits), len(EUROPE_DELIVERY_KEYS)),
        deliver_protection=np.array(
            [[i.delivers.hubs.get(p, 0.0) for p in PROTECTIONS] for i in inits], float
        ).reshape(len(inits), len(PROTECTIONS)),
        initiative_effects=[st(i.effects) for i in inits],
        events=events,
        later_blocks=later_blocks,
        indicator_ids=list(scenario.indicators),
        indicator_values=[ex(i.value) for i in scenario.indicators.values()],
        victory=ex(scenario.goals.victory.when),
        victory_from_turn=min(scenario.goals.victory.from_turn or scenario.turns,
                              scenario.turns),
        partial=ex(scenario.goals.partial.when),
        defeats=[ex(g.when) for g in scenario.goals.defeat],
        objective_codes=objective_codes,
        objectives=[ex(scenario.objectives[c].when) for c in objective_codes],
        params=params,
        rules=rules,
        injects=injects,
    )


def _shares(values: np.ndarray) -> np.ndarray:
    """Values normalised to sum 1 (all zeros stay zeros)."""
    total = values.sum()
    return values / total if total > 0 else values


def _loan_terms(inits: list) -> dict[str, float]:
    """Terms of the first loan instrument (all loans share one book per member)."""
    loans = next((i.loans for i in inits if i.loans is not None), None)
    if loans is None:
        return {"draw": 1.0, "grace": 0.0, "repay": 1.0, "rate": 0.0}
    return {"draw": float(loans.draw_quarters), "grace": float(loans.grace_quarters),
            "repay": float(loans.repay_quarters), "rate": float(loans.rate)}


def _ramp_capacity(scenario: Scenario, codes: list[str]) -> np.ndarray:
    """Thousand rounds per quarter that scheduled plants add to each member, by turn:
    [turns + 2, N], row t for turn t (row 0 repeats turn 1, the last row is after the end).

    A plant produces its latest scheduled yearly output from the first quarter of that year.
    """
    table = np.zeros((scenario.turns + 2, len(codes)))
    for t in range(scenario.turns + 2):
        year = scenario.calendar_year(max(t, 1))
        latest: dict[tuple[str, str], tuple[int, float]] = {}
        for ramp in scenario.ammunition.ramps:
            if ramp.state in codes and ramp.year <= year:
                key = (ramp.state, ramp.plant)
                if key not in latest or ramp.year >= latest[key][0]:
                    latest[key] = (ramp.year, ramp.rounds_per_year)
        for (code, _plant), (_year, per_year) in latest.items():
            table[t, codes.index(code)] += per_year / 4.0
    return table


def _owned_hub_share(owner: np.ndarray, incidence: np.ndarray) -> np.ndarray:
    """How a member spreads money over its own hubs: [N, H], rows summing to 1 (or 0).

    A hub counts once plus once for every corridor through it: a strike on a hub that three
    corridors share cuts all three, so that is where protection is worth most.
    """
    weight = owner * (1.0 + incidence.sum(axis=0))[None, :]
    return weight / np.maximum(weight.sum(axis=1, keepdims=True), 1e-12)


def _owned_corridor_share(owner: np.ndarray, incidence: np.ndarray) -> np.ndarray:
    """Each member's corridors (those passing one of its hubs), weighted evenly: [N, C]."""
    through = (owner @ incidence.T > 0).astype(float)
    return through / np.maximum(through.sum(axis=1, keepdims=True), 1.0)


def _path_hubs(corridors: list, hub_ids: list[str]) -> np.ndarray:
    """Hub indices per corridor, padded with len(hub_ids): a column the flow sets to inf."""
    longest = max((len(c.path) for c in corridors), default=0)
    table = np.full((len(corridors), max(longest, 1)), len(hub_ids), int)
    for c, corridor in enumerate(corridors):
        table[c, : len(corridor.path)] = [hub_ids.index(h) for h in corridor.path]
    return table
