"""Turning the merged document into the typed `Scenario`, with every default applied.

The builder is tolerant on purpose: it runs even when earlier checks found problems (a wrong
type becomes its default), so that expressions can still be compiled against the scenario's
names and their errors reported in the same run. A scenario with problems is never handed to
the engine; `load_scenario` raises instead.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from autonomy_game.engine.parameters import PARAMETERS, resolve_parameters
from autonomy_game.engine.untrusted import number_problem
from autonomy_game.scenario.format_spec import (
    AMMUNITION,
    DECLARED_VOTES,
    DELIVERY,
    EUROPE,
    EVENT_RULES,
    FUNDING,
    MAX_TURNS,
    SOURCE_KINDS,
    UKRAINE,
)
from autonomy_game.scenario.loose import as_dict as _dict
from autonomy_game.scenario.loose import as_list as _list
from autonomy_game.scenario.model import (
    DOMAINS,
    PROPOSERS,
    PROTECTIONS,
    THREAT_AXES,
    AmmunitionMarket,
    CapacityRamp,
    Choice,
    Corridor,
    Declaration,
    Delivery,
    Event,
    Expr,
    Goal,
    Goals,
    Hub,
    Initiative,
    Inject,
    Later,
    Loans,
    MemberState,
    Neighbour,
    Objective,
    Overlay,
    Procurement,
    Scenario,
    ScenarioIndicator,
    Source,
    UkraineSetup,
)
from autonomy_game.scenario.positions import DataPath, SourceMap
from autonomy_game.scenario.references import (
    FIELD_REFS,
    effective_members,
    resolve_source,
)
from autonomy_game.scenario.spec import Record

_FALSE = Expr("false")


@dataclass(frozen=True)
class ExpressionSite:
    """An expression as written at `path`: what the expression checker compiles."""

    path: DataPath
    text: str
    statement: bool = False
    goal: bool = False  # a goal or objective: must name something that changes
    each: bool = False  # inside a for_each event: `each.` stands for each listed state


_EACH = re.compile(r"\beach\.")


def expand_for_each(event: Event, codes: list[str], data: dict[str, Any]) -> list[Event]:
    """One event per state of `for_each`: `each.` in its expressions becomes `PL.`, `{state}`
    in its title and texts the state's name, `decider: each` the state itself; ids become
    `ID-pl` ({state} in a message is the name too). Expanded here, so the engine, the AI
    and the balance tools see plain events."""
    names = {c: _str(_dict(_dict(data.get("states")).get(c)).get("name"), c) for c in codes}

    def sub(expr: Expr | None, code: str) -> Expr | None:
        if expr is None:
            return None
        text = _EACH.sub(f"{code}.", expr.text).replace("{state}", names[code])
        return dataclasses.replace(expr, text=text)

    def subs(items: tuple[Expr, ...], code: str) -> tuple[Expr, ...]:
        return tuple(e for e in (sub(x, code) for x in items) if e is not None)

    def later(block: Later | None, code: str) -> Later | None:
        return None if block is None else Later(block.after, subs(block.effects, code))

    expanded = []
    for code in codes:
        name = names[code]
        choices = tuple(dataclasses.replace(
            c, text=c.text.replace("{state}", name), label=c.label.replace("{state}", name),
            effects=subs(c.effects, code), ai_score=sub(c.ai_score, code),
            later=later(c.later, code)) for c in event.choices)
        expanded.append(dataclasses.replace(
            event, id=f"{event.id}-{code.lower()}", title=event.title.replace("{state}", name),
            text=event.text.replace("{state}", name), when=sub(event.when, code),
            effects=subs(event.effects, code), choices=choices, later=later(event.later, code),
            chance_scale=sub(event.chance_scale, code),
            decider=code if event.decider == "each" else event.decider))
    return expanded


def _num(value: Any, default: float) -> float:
    if number_problem(value) is not None:  # not a number, not finite or absurdly large
        return float(default)
    return float(value)


def _int(value: Any, default: int, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    if (low is not None and value < low) or (high is not None and value > high):
        return default
    return value


def _str(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _flag(value: Any, default: bool = False) -> bool:
    return value if isinstance(value, bool) else default


def _defaults(record: Record) -> dict[str, Any]:
    return {name: f.default for name, f in record.fields.items() if f.default is not None}


def expression_text(value: Any) -> str | None:
    """The text of an expression written as text, a number or true/false; None otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


@dataclass
class ScenarioBuilder:
    """Builds a `Scenario` from merged data and notes where each expression was written."""

    data: dict[str, Any]
    source_map: SourceMap
    path: str
    sites: list[ExpressionSite] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    _each: bool = False  # building a for_each event: its expressions may name `each.`

    def expr(self, value: Any, path: DataPath, *, statement: bool = False,
             goal: bool = False) -> Expr | None:
        text = expression_text(value)
        if text is None:
            return None
        self.sites.append(ExpressionSite(path, text, statement, goal,
                                         each=self._each))
        position = self.source_map.value(path)
        quoted = 1 if position.style in ("'", '"') else 0
        return Expr(text, position.file, position.line, position.col + quoted)

    def statements(self, value: Any, path: DataPath) -> tuple[Expr, ...]:
        built = (self.expr(item, (*path, i), statement=True) for i, item in enumerate(_list(value)))
        return tuple(e for e in built if e is not None)

    def build(self) -> Scenario:
        d = self.data
        start = _dict(d.get("start"))
        network = _dict(d.get("network"))
        initiatives = self._initiatives()
        available = _list(d.get("available_initiatives")) if "available_initiatives" in d \
            else list(initiatives)
        parameters = {k: float(v) for k, v in _dict(d.get("parameters")).items()
                      if k in PARAMETERS and number_problem(v) is None}
        members = effective_members(d)
        self.members = members
        states = self._states()
        return Scenario(
            id=_str(d.get("id")),
            title=_str(d.get("title")),
            path=self.path,
            summary=_str(d.get("summary")),
            briefing=_str(d.get("briefing")),
            start_year=_int(start.get("year"), 2027),
            start_quarter=_int(start.get("quarter"), 1, 1, 4),
            turns=self.turns,
            members=members,
            suggested_humans=[c for c in _list(d.get("suggested_humans")) if c in members],
            sources=self._sources(),
            states=states,
            neighbours={code: Neighbour(code, _str(_dict(n).get("name"), code))
                        for code, n in _dict(d.get("neighbours")).items() if isinstance(code, str)},
            europe={k: _num(_dict(d.get("europe")).get(k), v)
                    for k, v in _defaults(EUROPE).items()},
            requirements=self._members_part("requirements", states, members),
            us_support=self._members_part("us_support", states, members),
            procurement=self._procurement(),
            ammunition=AmmunitionMarket(**self._record(d.get("ammunition"), AMMUNITION),
                                        ramps=self._ramps(_dict(d.get("ammunition")))),
            ukraine=UkraineSetup(**self._record(d.get("ukraine"), UKRAINE)),
            hubs=self._hubs(_dict(network.get("hubs"))),
            corridors=self._corridors(_dict(network.get("corridors"))),
            initiatives=initiatives,
            available_initiatives=[i for i in available if i in initiatives],
            events=self._events(),
            injects=self._injects(),
            goals=self._goals(),
            objectives=self._objectives(),
            debrief_questions=[q for q in _list(_dict(d.get("debrief")).get("questions"))
                               if isinstance(q, str)],
            parameters=resolve_parameters(parameters),
            base_year=self.base_year,
            glossary={str(k): " ".join(v.split()) for k, v in _dict(d.get("glossary")).items()
                      if isinstance(v, str)},
            format=d.get("format") if d.get("format") in (1, 2) else 1,
            indicators=self._indicators(_dict(d.get("indicators"))),
            overlays={str(k): Overlay(
                str(k), _str(v.get("name"), str(k)), _str(v.get("kind"), "cable"),
                tuple((float(p[0]), float(p[1])) for p in _list(v.get("points"))
                      if isinstance(p, list) and len(p) == 2
                      and all(isinstance(x, int | float) and not isinstance(x, bool)
                              for x in p)),
                _str(v.get("description")), _str(v.get("source")))
                for k, v in ((k, _dict(v)) for k, v in _dict(d.get("overlays")).items())},
            preview=_flag(d.get("preview"), True),
        )

    @property
    def base_year(self) -> int:
        return _int(self.data.get("base_year"), 2024, 2024, 2025)

    @staticmethod
    def _ramps(ammunition: dict[Any, Any]) -> tuple[CapacityRamp, ...]:
        ramps = []
        for entry in _list(ammunition.get("ramps")):
            r = _dict(entry)
            ramps.append(CapacityRamp(state=_str(r.get("state")), year=_int(r.get("year"), 0),
                                      rounds_per_year=_num(r.get("rounds_per_year"), 0.0),
                                      plant=_str(r.get("plant")), source=_str(r.get("source"))))
        return tuple(ramps)

    @property
    def turns(self) -> int:
        return _int(self.data.get("turns"), 1, 1, MAX_TURNS)

    def _record(self, value: Any, record: Record) -> dict[str, Any]:
        given = _dict(value)
        result: dict[str, Any] = {}
        for name, default in _defaults(record).items():
            if isinstance(default, list | dict):
                continue  # nested parts are built on their own
            result[name] = (_int(given.get(name), default) if isinstance(default, int)
                            and not isinstance(default, bool) else _num(given.get(name), default))
        return result

    def _members_part(self, key: str, states: dict[str, MemberState],
                      members: list[str]) -> dict[str, float]:
        """`requirements` or `us_support` by domain, for the members in play.

        Figures a scenario writes itself are its members' own. Figures inherited from base
        data are for every state of the base, so a scenario that plays a subset without
        setting them gets its members' part: the base figures times their share of the
        base's GDP (three states do not need all of Europe's air defence).
        """
        figures = self._by_domain(self.data.get(key))
        inherited = self.source_map.value((key,)).file != self.source_map.fallback.file
        everyone = sum(s.gdp for s in states.values())
        playing = sum(states[c].gdp for c in members if c in states)
        if not inherited or everyone <= 0 or playing >= everyone:
            return figures
        return {domain: value * playing / everyone for domain, value in figures.items()}

    @staticmethod
    def _by_domain(value: Any) -> dict[str, float]:
        return {domain: _num(_dict(value).get(domain), 0.0) for domain in DOMAINS}

    def _sources(self) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for key, entry in _dict(self.data.get("sources")).items():
            if not isinstance(key, str):
                continue
            entry = _dict(entry)
            year = entry.get("year")
            kind = _str(entry.get("kind"), "verified")
            sources[key] = Source(
                key=key,
                title=_str(entry.get("title"), key),
                publisher=_str(entry.get("publisher")),
                year=year if isinstance(year, int) and not isinstance(year, bool) else None,
                url=_str(entry.get("url")),
                kind=kind if kind in SOURCE_KINDS else "verified",
            )
        return sources

    def _states(self) -> dict[str, MemberState]:
        defaults = {k: v for k, v in _dict(self.data.get("field_sources")).items()
                    if isinstance(k, str) and isinstance(v, str)}
        states: dict[str, MemberState] = {}
        for code, entry in _dict(self.data.get("states")).items():
            if not isinstance(code, str):
                continue
            s = _dict(entry)
            own = {k: v for k, v in _dict(s.get("sources")).items()
                   if isinstance(k, str) and isinstance(v, str)}
            resolved = {r: resolve_source(r, own, defaults) for r in FIELD_REFS}
            pct = _num(s.get("defence_pct"), 0.0)
            pct_2025 = (_num(s.get("defence_pct_2025"), pct) if "defence_pct_2025" in s
                        else None)
            if self.base_year == 2025 and pct_2025 is not None:
                # The 2025 figure becomes the starting spending, and its source with it.
                pct = pct_2025
                resolved["defence_pct"] = resolved.get("defence_pct_2025")
            states[code] = MemberState(
                code=code,
                name=_str(s.get("name"), code),
                population=_num(s.get("population"), 0.0),
                gdp=_num(s.get("gdp"), 0.0),
                defence_pct=pct,
                nato=_flag(s.get("nato")),
                pesco=_flag(s.get("pesco")),
                neutral=_flag(s.get("neutral")),
                us_troops=_num(s.get("us_troops"), 0.0),
                nuclear_sharing=_flag(s.get("nuclear_sharing")),
                fiscal_space=_num(s.get("fiscal_space"), 0.0),
                support=_num(s.get("support"), 0.0),
                atlanticism=_num(s.get("atlanticism"), 0.0),
                threat={a: _num(_dict(s.get("threat")).get(a), 0.0) for a in THREAT_AXES},
                capabilities=self._by_domain(s.get("capabilities")),
                ammunition=_num(s.get("ammunition"), 0.0),
                shell_capacity=_num(s.get("shell_capacity"), 0.0),
                political_capital=_num(s.get("political_capital"), 0.0),
                industry=_num(s.get("industry"), 0.0),
                sources={r: k for r, k in resolved.items() if k is not None},
                gni=_num(s.get("gni"), 0.0),
                defence_pct_2025=pct_2025,
            )
        return states

    def _procurement(self) -> dict[str, Procurement]:
        result: dict[str, Procurement] = {}
        for domain, entry in _dict(self.data.get("procurement")).items():
            if domain in DOMAINS:
                e = _dict(entry)
                result[domain] = Procurement(_num(e.get("cost"), 1.0),
                                             _int(e.get("lead_european"), 8),
                                             _int(e.get("lead_foreign"), 4),
                                             _num(e.get("capacity"), 0.0),
                                             _num(e.get("inflation"), 0.5))
        return result

    def _hubs(self, hubs: dict[Any, Any]) -> dict[str, Hub]:
        return {
            ident: Hub(ident, _str(h.get("name"), ident), _str(h.get("country")),
                       _str(h.get("kind"), "road"), _num(h.get("capacity"), 0.0),
                       _num(h.get("lon"), 0.0), _num(h.get("lat"), 0.0), _str(h.get("source")))
            for ident, h in ((i, _dict(h)) for i, h in hubs.items()) if isinstance(ident, str)
        }

    def _corridors(self, corridors: dict[Any, Any]) -> dict[str, Corridor]:
        return {
            ident: Corridor(ident, _str(c.get("name"), ident), _str(c.get("mode"), "road"),
                            _num(c.get("capacity"), 0.0),
                            tuple(p for p in _list(c.get("path")) if isinstance(p, str)),
                            _str(c.get("source")))
            for ident, c in ((i, _dict(c)) for i, c in corridors.items()) if isinstance(ident, str)
        }

    def _initiatives(self) -> dict[str, Initiative]:
        given = _dict(self.data.get("parameters")).get("min_participants_default")
        min_default = int(_num(given, PARAMETERS["min_participants_default"].default))
        result: dict[str, Initiative] = {}
        for ident, entry in _dict(self.data.get("initiatives")).items():
            if not isinstance(ident, str):
                continue
            e = _dict(entry)
            delivers = _dict(e.get("delivers"))
            funding = _str(e.get("funding"), "participants")
            rule = _str(e.get("rule"), "unanimity")
            proposer = _str(e.get("proposed_by"),
                            "commission" if rule == "qmv" else "member-states")
            result[ident] = Initiative(
                id=ident,
                name=_str(e.get("name"), ident),
                description=_str(e.get("description")),
                rule=rule,
                pesco=_flag(e.get("pesco")),
                proposed_by=proposer if proposer in PROPOSERS else "commission",
                military=_flag(e.get("military")),
                requires=tuple(r for r in _list(e.get("requires")) if isinstance(r, str)),
                cost=_num(e.get("cost"), 0.0),
                lead=_int(e.get("lead"), 0),
                min_participants=_int(e.get("min_participants"), min_default),
                funding=funding if funding in FUNDING else "participants",
                threat={a: _num(v, 0.0) for a, v in _dict(e.get("threat")).items()
                        if a in THREAT_AXES},
                autonomy=_num(e.get("autonomy"), 0.0),
                delivers=Delivery(
                    capabilities={k: _num(v, 0.0) for k, v in
                                  _dict(delivers.get("capabilities")).items() if k in DOMAINS},
                    shell_capacity=_num(delivers.get("shell_capacity"), 0.0),
                    explosives=_num(delivers.get("explosives"), 0.0),
                    europe={k: _num(v, 0.0) for k, v in _dict(delivers.get("europe")).items()
                            if k in DELIVERY.fields["europe"].spec.fields},  # type: ignore[attr-defined]
                    hubs={k: _num(v, 0.0) for k, v in _dict(delivers.get("hubs")).items()
                          if k in PROTECTIONS},
                ),
                effects=self.statements(e.get("effects"), ("initiatives", ident, "effects")),
                source=_str(e.get("source")),
                beneficiaries={k: _num(v, 0.0) for k, v in _dict(e.get("beneficiaries")).items()
                               if isinstance(k, str)},
                beneficiaries_source=_str(e.get("beneficiaries_source")),
                positions={k: _num(v, 0.0) for k, v in _dict(e.get("positions")).items()
                           if isinstance(k, str)},
                positions_source=_str(e.get("positions_source")),
                loans=self._loans(e.get("loans")),
            )
        return result

    @staticmethod
    def _loans(value: Any) -> Loans | None:
        if not isinstance(value, dict):
            return None
        return Loans(
            allocations={c: _num(v, 0.0) for c, v in _dict(value.get("allocations")).items()
                         if isinstance(c, str)},
            draw_quarters=_int(value.get("draw_quarters"), 20, 1),
            grace_quarters=_int(value.get("grace_quarters"), 40, 0),
            repay_quarters=_int(value.get("repay_quarters"), 80, 1),
            rate=_num(value.get("rate"), 0.03),
            source=_str(value.get("source")),
        )

    def _events(self) -> list[Event]:
        events: list[Event] = []
        for index, entry in enumerate(_list(self.data.get("events"))):
            e = _dict(entry)
            path: DataPath = ("events", index)
            self._each = "for_each" in e
            first, last = 1, self.turns
            window = [t for t in _list(e.get("turns")) if isinstance(t, int)
                      and not isinstance(t, bool)]
            if len(window) == 2:
                first, last = window
            if isinstance(e.get("turn"), int) and not isinstance(e.get("turn"), bool):
                first = last = e["turn"]
            choices = self._choices(e, path)
            events.append(Event(
                id=_str(e.get("id"), f"event-{index + 1}"),
                title=_str(e.get("title")),
                text=_str(e.get("text")),
                when=self.expr(e.get("when"), (*path, "when")),
                first_turn=first,
                last_turn=last,
                chance=_num(e.get("chance"), 1.0) if not isinstance(e.get("chance"), str)
                else 1.0,
                once=_flag(e.get("once"), True),
                effects=self.statements(e.get("effects"), (*path, "effects")),
                decider=_str(e.get("decider"), "council"),
                choices=tuple(choices),
                later=self._later(e.get("later"), (*path, "later")),
                rule=_str(e.get("rule")) if _str(e.get("rule")) in EVENT_RULES else "",
                chance_scale=self._chance_scale(e, path),
                source=_str(e.get("source")),
                origin=index,
            ))
            if self._each:
                events[-1:] = expand_for_each(events[-1], self._for_each_codes(e.get("for_each")),
                                              self.data)
        self._each = False
        return events

    def _choices(self, e: dict[Any, Any], path: DataPath) -> list[Choice]:
        choices = []
        for c_index, c_entry in enumerate(_list(e.get("choices"))):
            c = _dict(c_entry)
            c_path: DataPath = (*path, "choices", c_index)
            choices.append(Choice(
                id=_str(c.get("id"), f"choice-{c_index + 1}"),
                label=_str(c.get("label")),
                text=_str(c.get("text")),
                effects=self.statements(c.get("effects"), (*c_path, "effects")),
                ai_score=self.expr(c.get("ai_score"), (*c_path, "ai_score")),
                later=self._later(c.get("later"), (*c_path, "later")),
                declares=tuple(
                    Declaration(_str(d.get("state")), _str(d.get("initiative")),
                                _str(d.get("vote")))
                    for d in (_dict(x) for x in _list(c.get("declares")))
                    if _str(d.get("vote")) in DECLARED_VOTES),
                source=_str(c.get("source")),
            ))
        return choices

    def _injects(self) -> list[Inject]:
        injects: list[Inject] = []
        for index, entry in enumerate(_list(self.data.get("injects"))):
            e = _dict(entry)
            path: DataPath = ("injects", index)
            recipients = tuple(r for r in _list(e.get("recipients", ["everyone"]))
                               if isinstance(r, str))
            injects.append(Inject(
                id=_str(e.get("id"), f"inject-{index + 1}"),
                title=_str(e.get("title")),
                text=_str(e.get("text")),
                turn=_int(e.get("turn"), 0, 0, MAX_TURNS),
                recipients=recipients or ("everyone",),
                effects=self.statements(e.get("effects"), (*path, "effects")),
                choices=tuple(self._choices(e, path)),
            ))
        return injects

    def _for_each_codes(self, value: Any) -> list[str]:
        members = self.members
        if "members" in _list(value):
            return list(members)
        return list(dict.fromkeys(c for c in _list(value) if isinstance(c, str) and c in members))

    def _indicators(self, table: dict[Any, Any]) -> dict[str, ScenarioIndicator]:
        built = {}
        for ident, entry in table.items():
            entry = _dict(entry)
            value = self.expr(entry.get("value"), ("indicators", ident, "value"))
            if not isinstance(ident, str) or value is None:
                continue
            low, high = _num(entry.get("low"), 0.0), _num(entry.get("high"), 1.0)
            built[ident] = ScenarioIndicator(
                ident, _str(entry.get("name"), ident), value,
                _str(entry.get("unit"), "number"), low, high if high > low else low + 1.0,
                _str(entry.get("good"), "high"), _str(entry.get("description")),
                _str(entry.get("source")))
        return built

    def _chance_scale(self, event: dict[Any, Any], path: DataPath) -> Expr | None:
        """A `chance` written as an expression plays as chance 1 scaled by it (the engine
        clamps the scale to 0-1 game by game); `chance_scale` is the older spelling."""
        if isinstance(event.get("chance"), str):
            return self.expr(event.get("chance"), (*path, "chance"))
        return self.expr(event.get("chance_scale"), (*path, "chance_scale"))

    def _later(self, value: Any, path: DataPath) -> Later | None:
        if not isinstance(value, dict):
            return None
        return Later(after=_int(value.get("after"), 1, 1, MAX_TURNS),
                     effects=self.statements(value.get("effects"), (*path, "effects")))

    def _goal(self, ident: str, entry: Any, path: DataPath) -> Goal:
        g = _dict(entry)
        when = self.expr(g.get("when"), (*path, "when"), goal=True)
        from_turn = g.get("from_turn")
        return Goal(ident, when or _FALSE, _str(g.get("text")),
                    from_turn if isinstance(from_turn, int) and not isinstance(from_turn, bool)
                    else None)

    def _goals(self) -> Goals:
        goals = _dict(self.data.get("goals"))
        defeats = tuple(
            self._goal(_str(_dict(g).get("id"), f"defeat-{i + 1}"), g, ("goals", "defeat", i))
            for i, g in enumerate(_list(goals.get("defeat")))
        )
        return Goals(
            victory=self._goal("victory", goals.get("victory"), ("goals", "victory")),
            partial=self._goal("partial", goals.get("partial"), ("goals", "partial")),
            defeat=defeats,
        )

    def _objectives(self) -> dict[str, Objective]:
        result: dict[str, Objective] = {}
        for code, entry in _dict(self.data.get("objectives")).items():
            if not isinstance(code, str):
                continue
            o = _dict(entry)
            when = self.expr(o.get("when"), ("objectives", code, "when"), goal=True)
            result[code] = Objective(code, _str(o.get("text")), when or _FALSE)
        return result
