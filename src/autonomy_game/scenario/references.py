"""Cross-reference checks: every name a scenario uses must exist somewhere else in it.

Structure says a member is two capital letters; only the whole document can say whether `PQ`
is a state. These checks run on the merged document after the structural ones and are
defensive about types (a wrong type was already reported; here it is simply skipped). Names
inside expressions are the expression compiler's business, not this module's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autonomy_game.scenario.errors import ErrorList
from autonomy_game.scenario.format_spec import MAX_TURNS, STATE
from autonomy_game.scenario.loose import as_dict as _dict
from autonomy_game.scenario.loose import as_list as _list
from autonomy_game.scenario.model import DOMAINS, THREAT_AXES
from autonomy_game.scenario.positions import DataPath, SourceMap, render_path
from autonomy_game.scenario.structure import did_you_mean

STATE_FIGURES: tuple[str, ...] = tuple(name for name in STATE.fields
                                       if name not in ("name", "sources"))
SUBFIELDS: dict[str, tuple[str, ...]] = {"threat": THREAT_AXES, "capabilities": DOMAINS}
FIELD_REFS: tuple[str, ...] = STATE_FIGURES + tuple(
    f"{name}.{sub}" for name, subs in SUBFIELDS.items() for sub in subs
)


# Codes authors write from habit that ISO 3166-1 spells otherwise (the EU's own style guide
# uses EL for Greece; the United Kingdom's ISO code is GB).
NON_ISO_CODES = {"UK": "GB", "EL": "GR"}


def effective_members(data: dict[str, Any]) -> list[str]:
    """The member states in play: `members` if given, else every state, in file order."""
    states = [code for code in _dict(data.get("states")) if isinstance(code, str)]
    members = data.get("members")
    if isinstance(members, list):
        return [code for code in members if isinstance(code, str) and code in states]
    return states


class ReferenceChecker:
    """Reports references to states, events, initiatives, hubs and sources that do not exist."""

    def __init__(self, data: dict[str, Any], source_map: SourceMap, errors: ErrorList,
                 scenario: bool) -> None:
        self.data = data
        self.map = source_map
        self.errors = errors
        self.scenario = scenario
        self.states = [c for c in _dict(data.get("states")) if isinstance(c, str)]
        self.members = effective_members(data)
        self.sources = [k for k in _dict(data.get("sources")) if isinstance(k, str)]

    def error(self, path: DataPath, message: str, *, at_key: bool = False) -> None:
        self.errors.add(self.map.error(path, message, at_key=at_key))

    def run(self) -> None:
        self._states_and_members()
        self._objectives()
        self._events()
        self._injects()
        self._goals()
        self._initiatives()
        self._network()
        self._procurement()
        self._sources()

    # -- states ------------------------------------------------------------------------------

    def _unique_codes(self, key: str, allowed: list[str], allowed_name: str) -> None:
        seen: set[str] = set()
        for index, code in enumerate(_list(self.data.get(key))):
            path = (key, index)
            if not isinstance(code, str):
                continue
            if code in seen:
                self.error(path, f"{render_path(path)}: {code!r} is listed twice")
            seen.add(code)
            if code not in self.states:
                self._unknown_state(path, code)
            elif code not in allowed:
                self.error(path, f"{render_path(path)}: {code!r} is not among {allowed_name}")

    def _unknown_state(self, path: DataPath, code: str, *, at_key: bool = False) -> None:
        where = render_path(path[:-1]) if at_key else render_path(path)
        iso = NON_ISO_CODES.get(code)
        if iso is not None:
            role = ("a member state" if iso in self.states else
                    "a neighbour drawn on the map, not a member state"
                    if iso in _dict(self.data.get("neighbours")) else "not in this scenario")
            self.error(path, f"{where}: {code!r} is not an ISO 3166-1 code: use {iso!r} "
                             f"({role})", at_key=at_key)
            return
        self.error(path, f"{where}: unknown state {code!r} (not under states)"
                         f"{did_you_mean(code, self.states)}", at_key=at_key)

    def _states_and_members(self) -> None:
        if self.scenario and not self.states and isinstance(self.data.get("states", {}), dict):
            self.error(("states",), "the scenario has no states: extend base data "
                                    "(extends: base:eu27) or add states", at_key=True)
        self._unique_codes("members", self.states, "states")
        if self.scenario and isinstance(self.data.get("members"), list) and not self.members:
            self.error(("members",), "members: at least one member state is needed")
        self._unique_codes("suggested_humans", self.members, "members")

    def _objectives(self) -> None:
        for code in _dict(self.data.get("objectives")):
            path = ("objectives", code)
            if not isinstance(code, str):
                continue
            if code not in self.states:
                self._unknown_state(path, code, at_key=True)
            elif code not in self.members:
                self.error(path, f"objectives: {code!r} is not among members", at_key=True)

    # -- events and goals --------------------------------------------------------------------

    def _unique_ids(self, items: Iterable[tuple[DataPath, Any]], what: str) -> None:
        first: dict[str, DataPath] = {}
        for path, item in items:
            ident = _dict(item).get("id")
            if not isinstance(ident, str):
                continue
            if ident in first:
                line = self.map.value((*first[ident], "id")).line
                self.error((*path, "id"), f"{render_path((*path, 'id'))}: duplicate {what} id "
                                          f"{ident!r} (first at line {line})")
            else:
                first[ident] = path

    def _events(self) -> None:
        events = _list(self.data.get("events"))
        self._unique_ids(((("events", i), e) for i, e in enumerate(events)), "event")
        turns = self.data.get("turns")
        last = turns if isinstance(turns, int) and not isinstance(turns, bool) else None
        for index, event in enumerate(events):
            event = _dict(event)
            path: DataPath = ("events", index)
            choices = _list(event.get("choices"))
            self._unique_ids((((*path, "choices", i), c) for i, c in enumerate(choices)),
                             "choice")
            self._event_window(event, path, last)
            decider = event.get("decider", "council")
            for_each = _list(event.get("for_each"))
            if decider == "each" and "for_each" not in event:
                self.error((*path, "decider"), f"{render_path((*path, 'decider'))}: each "
                           "decides only in an event with for_each (one event per state)")
                decider = "council"
            elif decider == "each":
                decider = "council"  # each listed state decides its own copy
            for k, code in enumerate(for_each):
                if isinstance(code, str) and code != "members" and code not in self.members:
                    where = (*path, "for_each", k)
                    if code in self.states:
                        self.error(where, f"{render_path(where)}: {code!r} is not among "
                                          "members")
                    else:
                        self._unknown_state(where, code)
            if isinstance(event.get("chance"), str) and "chance_scale" in event:
                self.error((*path, "chance_scale"), f"{render_path(path)}: give chance as an "
                           "expression or chance_scale, not both (write chance: \"0.3 * "
                           "(...)\")", at_key=True)
            if "rule" in event and decider != "council":
                self.error((*path, "rule"), f"{render_path((*path, 'rule'))}: only a Council "
                                            "decision is put to a vote (decider: council)")
            if "rule" in event and not choices:
                self.error((*path, "rule"), f"{render_path((*path, 'rule'))}: a vote needs "
                                            "choices to vote on")
            self._declarations(choices, path)
            if isinstance(decider, str) and decider != "council":
                decider_path = (*path, "decider")
                neighbours = _dict(self.data.get("neighbours"))
                if decider not in self.states and decider in neighbours:
                    if self.data.get("format") == 1:
                        name = _dict(neighbours[decider]).get("name", decider)
                        self.error(decider_path, f"{render_path(decider_path)}: {decider!r} "
                                                 f"({name}) is a neighbour, not a member state; "
                                                 "a neighbour decides events only from format "
                                                 "2: write `format: 2` at the top")
                    elif not choices:
                        self.error(decider_path, f"{render_path(decider_path)}: a neighbour "
                                                 "decides only between choices")
                elif decider not in self.states:
                    self._unknown_state(decider_path, decider)
                elif decider not in self.members:
                    self.error(decider_path, f"{render_path(decider_path)}: {decider!r} is not "
                                             "among members")

    def _injects(self) -> None:
        """Inject ids are unique, choice ids unique within one, recipients are members."""
        injects = _list(self.data.get("injects"))
        self._unique_ids(((("injects", i), e) for i, e in enumerate(injects)), "inject")
        for index, inject in enumerate(injects):
            inject = _dict(inject)
            path: DataPath = ("injects", index)
            choices = _list(inject.get("choices"))
            self._unique_ids((((*path, "choices", i), c) for i, c in enumerate(choices)),
                             "choice")
            self._declarations(choices, path)
            for r_index, code in enumerate(_list(inject.get("recipients"))):
                r_path: DataPath = (*path, "recipients", r_index)
                if not isinstance(code, str) or len(code) != 2 or not code.isupper():
                    continue  # "everyone", "projector", or a pattern error reported already
                if code not in self.states:
                    self._unknown_state(r_path, code)
                elif code not in self.members:
                    self.error(r_path, f"{render_path(r_path)}: {code!r} is not among members")

    def _declarations(self, choices: list[Any], path: DataPath) -> None:
        """A declared vote names a member state and an initiative of the scenario."""
        known = [k for k in _dict(self.data.get("initiatives")) if isinstance(k, str)]
        for c_index, choice in enumerate(choices):
            for d_index, item in enumerate(_list(_dict(choice).get("declares"))):
                d_path = (*path, "choices", c_index, "declares", d_index)
                item = _dict(item)
                state, initiative = item.get("state"), item.get("initiative")
                if isinstance(state, str):
                    if state not in self.states:
                        self._unknown_state((*d_path, "state"), state)
                    elif state not in self.members:
                        self.error((*d_path, "state"), f"{render_path((*d_path, 'state'))}: "
                                                       f"{state!r} is not among members")
                if isinstance(initiative, str) and initiative not in known:
                    self.error((*d_path, "initiative"),
                               f"{render_path((*d_path, 'initiative'))}: unknown initiative "
                               f"{initiative!r}{did_you_mean(initiative, known)}")

    def _event_window(self, event: dict[Any, Any], path: DataPath, last: int | None) -> None:
        if "turn" in event and "turns" in event:
            self.error((*path, "turns"), f"{render_path(path)}: give either turn or turns, "
                                         "not both", at_key=True)
        window = event.get("turns")
        numbers = [t for t in _list(window) if isinstance(t, int) and not isinstance(t, bool)]
        if len(numbers) == 2 == len(_list(window)) and numbers[0] > numbers[1]:
            self.error((*path, "turns"), f"{render_path((*path, 'turns'))}: the first turn "
                                         f"({numbers[0]}) is after the last ({numbers[1]})")
        single = event.get("turn")
        if isinstance(single, int) and not isinstance(single, bool):
            numbers = [single]
        if last is None:
            return
        for number in numbers:
            if last < number <= MAX_TURNS:  # beyond MAX_TURNS was reported as out of range
                key = "turn" if "turn" in event else "turns"
                self.error((*path, key), f"{render_path((*path, key))}: turn {number} is after "
                                         f"the scenario's last turn ({last})")
                break

    def _format_features(self) -> None:
        """Keys and forms added in format 2 need `format: 2`: a reader of a format 1 file
        (or an older game) must not meet them unannounced."""
        if self.data.get("format") != 1 or not self.scenario:
            return
        used: list[tuple[DataPath, str]] = []
        for key in ("glossary", "indicators", "overlays"):
            if key in self.data:
                used.append(((key,), key))
        if "from_turn" in _dict(_dict(self.data.get("goals")).get("victory")):
            used.append((("goals", "victory", "from_turn"), "victory.from_turn"))
        for index, event in enumerate(_list(self.data.get("events"))):
            event = _dict(event)
            if "source" in event:
                used.append((("events", index, "source"), "a source on an event"))
            if "for_each" in event:
                used.append((("events", index, "for_each"), "for_each"))
            if isinstance(event.get("chance"), str):
                used.append((("events", index, "chance"), "chance as an expression"))
            for c_index, choice in enumerate(_list(event.get("choices"))):
                if "source" in _dict(choice):
                    used.append((("events", index, "choices", c_index, "source"),
                                 "a source on a choice"))
        for path, what in used:
            self.error(path, f"{render_path(path)}: {what} was added in format 2: write "
                             "`format: 2` at the top (a format 1 file is also a valid format "
                             "2 file)", at_key=True)

    def _goals(self) -> None:
        self._format_features()
        goals = _dict(self.data.get("goals"))
        for key in ("partial",):
            if "from_turn" in _dict(goals.get(key)):
                path = ("goals", key, "from_turn")
                self.error(path, f"{render_path(path)}: only victory can be judged before the "
                                 "end (a partial result is what is left at the end)", at_key=True)
        from_turn = _dict(goals.get("victory")).get("from_turn")
        turns = self.data.get("turns")
        if isinstance(from_turn, int) and isinstance(turns, int) and from_turn > turns:
            path = ("goals", "victory", "from_turn")
            self.error(path, f"{render_path(path)}: turn {from_turn} is after the scenario's "
                             f"last turn ({turns})")
        defeats = _list(_dict(self.data.get("goals")).get("defeat"))
        paths = ((("goals", "defeat", i), d) for i, d in enumerate(defeats))
        self._unique_ids(paths, "defeat")

    # -- initiatives and network -------------------------------------------------------------

    def _initiatives(self) -> None:
        known = [k for k in _dict(self.data.get("initiatives")) if isinstance(k, str)]
        seen: set[str] = set()
        for index, ident in enumerate(_list(self.data.get("available_initiatives"))):
            path = ("available_initiatives", index)
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.error(path, f"{render_path(path)}: {ident!r} is listed twice")
            seen.add(ident)
            if ident not in known:
                self.error(path, f"{render_path(path)}: unknown initiative {ident!r}"
                                 f"{did_you_mean(ident, known)}")

        for ident, item in _dict(self.data.get("initiatives")).items():
            self._money_rules(ident, _dict(item))
        self._prerequisites(known)

    def _prerequisites(self, known: list[str]) -> None:
        """`requires` names initiatives that exist, and that a scenario offers whenever it
        offers the initiative needing them (else it could never be proposed)."""
        listed = self.data.get("available_initiatives")
        available = ([i for i in listed if isinstance(i, str)] if isinstance(listed, list)
                     else known)
        for ident, item in _dict(self.data.get("initiatives")).items():
            for index, needed in enumerate(_list(_dict(item).get("requires"))):
                path = ("initiatives", ident, "requires", index)
                if not isinstance(needed, str):
                    continue
                if needed not in known:
                    self.error(path, f"{render_path(path)}: unknown initiative {needed!r}"
                                     f"{did_you_mean(needed, known)}")
                elif needed == ident:
                    self.error(path, f"{render_path(path)}: {ident!r} cannot require itself")
                elif self.scenario and ident in available and needed not in available:
                    self.error(path, f"{render_path(path)}: {ident!r} is available but needs "
                                     f"{needed!r}, which is not in available_initiatives")

    def _money_rules(self, ident: str, item: dict[Any, Any]) -> None:
        """Money decided by unanimity must say so: a top-up of the EU budget (delivering
        `europe.eu_funds`) changes the multiannual financial framework, adopted unanimously
        (TFEU 312(2)); the off-budget Peace Facility is CFSP money, decided unanimously
        (TEU 31(1)). SAFE-style loans name states that exist."""
        rule = item.get("rule")
        topup = _dict(_dict(item.get("delivers")).get("europe")).get("eu_funds")
        if isinstance(topup, int | float) and not isinstance(topup, bool) and topup > 0 \
                and isinstance(rule, str) and rule != "unanimity":
            path = ("initiatives", ident, "rule")
            self.error(path, f"{render_path(path)}: {ident!r} tops up eu_funds (the EU budget): "
                             "an MFF top-up needs rule: unanimity (TFEU 312(2))")
        if item.get("funding") == "epf" and isinstance(rule, str) and rule != "unanimity":
            path = ("initiatives", ident, "rule")
            self.error(path, f"{render_path(path)}: {ident!r} is paid by the European Peace "
                             "Facility: it needs rule: unanimity (TEU 31(1))")
        loans = _dict(item.get("loans"))
        for code in _dict(loans.get("allocations")):
            if isinstance(code, str) and code not in self.states:
                self._unknown_state(("initiatives", ident, "loans", "allocations", code), code,
                                    at_key=True)
        self._source_key(("initiatives", ident, "loans", "source"), loans.get("source"))

    def _network(self) -> None:
        network = _dict(self.data.get("network"))
        hubs = _dict(network.get("hubs"))
        countries = self.states + [c for c in _dict(self.data.get("neighbours"))
                                   if isinstance(c, str)]
        for hub_id, hub in hubs.items():
            country = _dict(hub).get("country")
            path = ("network", "hubs", hub_id, "country")
            if isinstance(country, str) and country not in countries:
                self.error(path, f"{render_path(path)}: unknown country {country!r} (not a state "
                                 f"or a neighbour){did_you_mean(country, countries)}")
        hub_ids = [h for h in hubs if isinstance(h, str)]
        for corridor_id, corridor in _dict(network.get("corridors")).items():
            for index, hub_id in enumerate(_list(_dict(corridor).get("path"))):
                path = ("network", "corridors", corridor_id, "path", index)
                if isinstance(hub_id, str) and hub_id not in hub_ids:
                    self.error(path, f"{render_path(path)}: unknown hub {hub_id!r}"
                                     f"{did_you_mean(hub_id, hub_ids)}")

    def _procurement(self) -> None:
        procurement = self.data.get("procurement", {})
        if not isinstance(procurement, dict):
            return
        missing = [domain for domain in DOMAINS if domain not in procurement]
        if missing:
            self.error(("procurement",), f"procurement: no entry for {', '.join(missing)} (every "
                                         "domain needs cost, lead_european and lead_foreign)",
                       at_key=True)

    # -- sources -----------------------------------------------------------------------------

    def _source_key(self, path: DataPath, key: Any) -> None:
        if isinstance(key, str) and key and key not in self.sources:
            self.error(path, f"{render_path(path)}: unknown source {key!r} (not under sources)"
                             f"{did_you_mean(key, self.sources)}")

    def _field_refs(self, mapping: Any, path: DataPath) -> dict[str, str]:
        """Check a field -> source mapping; return its usable entries."""
        usable: dict[str, str] = {}
        for ref, key in _dict(mapping).items():
            if not isinstance(ref, str):
                continue
            if ref not in FIELD_REFS:
                self.error((*path, ref), f"{render_path(path)}: {ref!r} is not a state figure"
                                         f"{did_you_mean(ref, FIELD_REFS)}", at_key=True)
                continue
            self._source_key((*path, ref), key)
            if isinstance(key, str) and key:
                usable[ref] = key  # an unknown key was reported once, just above
        return usable

    def _sources(self) -> None:
        defaults = self._field_refs(self.data.get("field_sources"), ("field_sources",))
        for code, state in _dict(self.data.get("states")).items():
            state = _dict(state)
            own = self._field_refs(state.get("sources"), ("states", code, "sources"))
            for figure in STATE_FIGURES:
                if figure not in state:
                    continue
                subs = SUBFIELDS.get(figure)
                refs = ([f"{figure}.{s}" for s in _dict(state[figure]) if s in subs]
                        if subs else [figure])
                for ref in refs:
                    if resolve_source(ref, own, defaults) is None:
                        path = ("states", code, *ref.split("."))
                        self.error(path, f"{render_path(path)}: no source for this figure (name "
                                         f"one in states.{code}.sources or field_sources)")
        network = _dict(self.data.get("network"))
        for kind in ("hubs", "corridors"):
            for ident, item in _dict(network.get(kind)).items():
                self._source_key(("network", kind, ident, "source"), _dict(item).get("source"))
        for kind in ("indicators", "overlays"):
            for ident, item in _dict(self.data.get(kind)).items():
                self._source_key((kind, ident, "source"), _dict(item).get("source"))
        for e_index, event in enumerate(_list(self.data.get("events"))):
            event = _dict(event)
            self._source_key(("events", e_index, "source"), event.get("source"))
            for c_index, choice in enumerate(_list(event.get("choices"))):
                self._source_key(("events", e_index, "choices", c_index, "source"),
                                 _dict(choice).get("source"))
        for ident, item in _dict(self.data.get("initiatives")).items():
            self._source_key(("initiatives", ident, "source"), _dict(item).get("source"))
            self._source_key(("initiatives", ident, "beneficiaries_source"),
                             _dict(item).get("beneficiaries_source"))
            self._source_key(("initiatives", ident, "positions_source"),
                             _dict(item).get("positions_source"))
            for code in _dict(_dict(item).get("positions")):
                if isinstance(code, str) and code != "others" and code not in self.states:
                    self._unknown_state(("initiatives", ident, "positions", code), code,
                                        at_key=True)
            for code in _dict(_dict(item).get("beneficiaries")):
                if isinstance(code, str) and code not in self.states:
                    self._unknown_state(("initiatives", ident, "beneficiaries", code), code,
                                        at_key=True)
        self._ramps()

    def _ramps(self) -> None:
        """Each plant ramp names a state and a source that exist."""
        for index, ramp in enumerate(_list(_dict(self.data.get("ammunition")).get("ramps"))):
            ramp = _dict(ramp)
            path: DataPath = ("ammunition", "ramps", index)
            code = ramp.get("state")
            if isinstance(code, str) and code not in self.states:
                self._unknown_state((*path, "state"), code)
            self._source_key((*path, "source"), ramp.get("source"))


def resolve_source(ref: str, own: dict[str, str], defaults: dict[str, str]) -> str | None:
    """The source key of a figure: the state's own, then `field_sources`; a `threat.east`
    figure falls back to what `threat` names at each step."""
    parent = ref.split(".")[0]
    for mapping in (own, defaults):
        for key in (ref, parent):
            if key in mapping:
                return mapping[key]
    return None
