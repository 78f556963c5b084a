"""Loading and validating a doctrine file: the public entry points.

One pass, like a scenario's: read with the scenario loader's limits (the same safe YAML 1.2
loader, positions for every value), check the structure against `format_spec.DOCTRINE`,
read the spending rule and the shares, check event, option and initiative ids against the
bundled scenarios, and build the `Doctrine` record. Every problem is reported at once as
`path:line:col: error: message`; ids that may belong to the author's own scenario are
warnings. Nothing raises but `load_doctrine`, and only `DoctrineLoadError`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autonomy_game.doctrine.catalogue import (
    Catalogue,
    base_catalogue,
    bundled_catalogue,
    bundled_ids,
    scenario_catalogue,
)
from autonomy_game.doctrine.check import DoctrineStructureChecker
from autonomy_game.doctrine.format_spec import DOCTRINE, LEVERS, MARKER
from autonomy_game.doctrine.model import Doctrine, SpendingRule
from autonomy_game.doctrine.spending import parse_spending
from autonomy_game.scenario.errors import (
    ErrorList,
    ScenarioError,
    ScenarioLoadError,
    internal_error,
)
from autonomy_game.scenario.positions import DataPath, SourceMap
from autonomy_game.scenario.structure import describe, did_you_mean
from autonomy_game.scenario.yaml_loader import YamlLoadError, parse_yaml, read_limited

SHARE_TOLERANCE = 1e-6


@dataclass
class DoctrineCheck:
    """What checking one file found: errors, warnings and (when there are no errors) the
    doctrine."""

    display: str
    errors: list[ScenarioError]
    warnings: list[ScenarioError] = field(default_factory=list)  # severity "warning"
    doctrine: Doctrine | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            count = len(self.errors)
            return f"{self.display}: {count} error{'s' if count != 1 else ''}"
        d = self.doctrine
        assert d is not None
        target = f" for {d.scenario}" if d.scenario else ""
        return f"{self.display}: ok (doctrine {d.id}{target})"


class DoctrineLoadError(ScenarioLoadError):
    """Raised by `load_doctrine` when a file has errors; `errors` holds every one of them.

    A `ScenarioLoadError`, so a command that already prints a scenario's errors as
    `path:line:col: error: ...` and exits 1 does the same for a doctrine."""


def is_doctrine_document(data: Any) -> bool:
    """A YAML mapping with the top-level `doctrine:` format marker."""
    return isinstance(data, dict) and MARKER in data


def check_doctrine_bytes(raw: bytes, display: str) -> DoctrineCheck:
    """Validate `raw` as a doctrine file shown as `display`. Never raises."""
    try:
        return _check(raw, display)
    except Exception as error:  # a last resort: an author must never see a traceback
        return DoctrineCheck(display, [internal_error(display, error)])


def check_doctrine_file(path: str | Path, display: str | None = None) -> DoctrineCheck:
    """Validate the doctrine file at `path`. Never raises."""
    path = Path(path)
    display = str(path) if display is None else display
    try:
        raw = read_limited(path, display)
    except YamlLoadError as error:
        return DoctrineCheck(display, error.errors)
    return check_doctrine_bytes(raw, display)


def load_doctrine(path: str | Path) -> Doctrine:
    """A doctrine from a file path, or the id of a shipped doctrine (`european-shells`).

    Raises `DoctrineLoadError` with every error found (warnings are dropped: `validate`
    shows them).
    """
    from autonomy_game.doctrine.shipped import resolve_doctrine_argument

    resolved = resolve_doctrine_argument(path)
    result = check_doctrine_file(resolved, str(path))
    if result.errors or result.doctrine is None:
        raise DoctrineLoadError(result.errors)
    return result.doctrine


def _check(raw: bytes, display: str) -> DoctrineCheck:
    try:
        document = parse_yaml(raw, display)
    except YamlLoadError as error:
        return DoctrineCheck(display, error.errors)
    data, source_map = document.data, document.source_map
    if not isinstance(data, dict):
        message = (f"expected a mapping of keys (doctrine, id, spending, ...) at the top "
                   f"level, found {describe(data)}")
        return DoctrineCheck(display, [source_map.error((), message)])
    errors = ErrorList()
    DoctrineStructureChecker(source_map, errors).check(DOCTRINE, data, ())
    builder = _Builder(data, source_map, display, errors)
    doctrine = builder.build()
    warnings = list(builder.warnings)
    phases: list[tuple[int, Doctrine]] = []
    for first, phase_builder in _phase_builders(data, source_map, display, errors):
        phases.append((first, phase_builder.build()))
        warnings += phase_builder.warnings
    doctrine = dataclasses.replace(doctrine, phases=tuple(phases))
    if errors:
        return DoctrineCheck(display, errors.sorted(), sorted(set(warnings)))
    return DoctrineCheck(display, [], sorted(set(warnings)), doctrine)


def _phase_builders(data: dict[str, Any], source_map: SourceMap, display: str,
                    errors: ErrorList) -> list[tuple[int, _Builder]]:
    """A builder per phase over the doctrine's keys with the phase's on top; each reports at
    the phase's own lines. Phases must come in order of `from_turn`."""
    phases = data.get("phases")
    if not isinstance(phases, list):
        return []
    base = {k: v for k, v in data.items() if k != "phases"}
    result: list[tuple[int, _Builder]] = []
    last = 0
    for index, phase in enumerate(phases):
        if not isinstance(phase, dict):
            continue
        first = phase.get("from_turn")
        if not isinstance(first, int) or isinstance(first, bool):
            continue
        if first <= last:
            errors.add(source_map.error(("phases", index, "from_turn"),
                                        f"phases[{index}].from_turn: {first} must come after "
                                        f"the previous phase's turn {last}"))
        last = max(last, first)
        own = {k: v for k, v in phase.items() if k != "from_turn"}

        def where(path: DataPath, own: dict[str, Any] = own, index: int = index) -> DataPath:
            return ("phases", index, *path) if path and path[0] in own else path

        result.append((first, _Builder({**base, **own}, source_map, display, errors, where)))
    return result


def _number(value: Any, default: float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return default


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _Builder:
    """Reads checked data into a `Doctrine`, adding the checks the structure cannot make."""

    def __init__(self, data: dict[str, Any], source_map: SourceMap, display: str,
                 errors: ErrorList, where: Callable[[DataPath], DataPath] | None = None
                 ) -> None:
        self.data = data
        self.map = source_map
        self.display = display
        self.errors = errors
        self.warnings: list[ScenarioError] = []
        self.where = where if where is not None else (lambda path: path)

    def error(self, path: DataPath, message: str, *, at_key: bool = False) -> None:
        self.errors.add(self.map.error(self.where(path), message, at_key=at_key))

    def warn(self, path: DataPath, message: str, *, at_key: bool = False) -> None:
        self.warnings.append(self.map.error(self.where(path), message,
                                            at_key=at_key).as_warning())

    def build(self) -> Doctrine:
        d = self.data
        catalogue, strict = self._catalogue()
        procurement = _mapping(d.get("procurement"))
        shells = _mapping(d.get("shells"))
        council = _mapping(d.get("council"))
        events = _mapping(d.get("events"))
        protection = _mapping(d.get("hub_protection"))
        corridors = _mapping(d.get("corridors"))
        aid = d.get("aid_rounds")
        orders = self._orders()
        vote = council.get("vote", "ai") if isinstance(council.get("vote"), str) else "ai"
        self._unused(orders, vote)
        return Doctrine(
            id=d["id"] if isinstance(d.get("id"), str) else "",
            title=d["title"] if isinstance(d.get("title"), str) else "",
            description=d["description"] if isinstance(d.get("description"), str) else "",
            scenario=d["scenario"] if isinstance(d.get("scenario"), str) else None,
            seat=self._seat(d.get("seat")),
            kind=d["kind"] if isinstance(d.get("kind"), str) else "other",
            spending=self._spending(),
            orders=orders,
            domain_weights=self._weights(procurement.get("domains", "gaps"),
                                         ("procurement", "domains"), "domain"),
            procurement_european=_number(procurement.get("european_share"), 0.7),
            in_time=procurement.get("in_time", True) is not False,
            shells_european=_number(shells.get("european_share"), 1.0),
            protection_weights=self._weights(protection.get("kinds"),
                                             ("hub_protection", "kinds"), "protection kind")
            or {},
            protection_hubs=self._ids(protection.get("hubs"), ("hub_protection", "hubs"),
                                      "hub", catalogue.hubs, strict),
            corridor_routes=self._ids(corridors.get("routes"), ("corridors", "routes"),
                                      "corridor", catalogue.corridors, strict),
            aid_rounds=_number(aid, 0.0) if aid is not None else None,
            propose=self._propose(council.get("propose", "never"), catalogue, strict),
            only_if_passing=council.get("only_if_passing", True) is not False,
            vote=vote,
            threat_threshold=_number(council.get("threat_threshold"), 0.4),
            cost_limit=_number(council.get("cost_limit"), 0.1),
            votes=self._votes(council.get("votes"), catalogue, strict),
            event_default=events.get("default", "ai")
            if isinstance(events.get("default"), str) else "ai",
            event_choices=self._choices(events.get("choose"), catalogue, strict),
            path=self.display,
        )

    # -- pieces ----------------------------------------------------------------------------

    def _catalogue(self) -> tuple[Catalogue, bool]:
        scenario = self.data.get("scenario")
        if isinstance(scenario, str):
            found = scenario_catalogue(scenario)
            if found is not None:
                return found, True
            known = bundled_ids()
            self.warn(("scenario",), f"scenario: {scenario!r} is not a bundled scenario"
                                     f"{did_you_mean(scenario, known)}; its event and "
                                     "initiative ids are not checked")
        return bundled_catalogue(), False

    def _spending(self) -> SpendingRule:
        value = self.data.get("spending", "ai")
        rule, reason = parse_spending(value)
        if rule is None:
            if isinstance(value, str):  # other kinds were reported by the structure check
                self.error(("spending",), f"spending: {reason}: {value!r} (expected "
                           "hold, ai, max, match threat, '+0.1 per turn up to 3.5', "
                           "'-0.1 per turn down to 2', a number or a list of numbers)")
            return SpendingRule("hold")
        return rule

    def _orders(self) -> dict[str, float] | None:
        value = self.data.get("orders", "ai")
        if not isinstance(value, dict):
            return None
        shares = {lever: _number(value.get(lever), 0.0) for lever in LEVERS}
        total = sum(shares.values())
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool)
                      for v in value.values())
        if numeric and abs(total - 1.0) > SHARE_TOLERANCE:
            self.error(("orders",), f"orders: the shares sum to {total:g}; they are shares "
                       "of the seat's order money and must sum to 1", at_key=True)
        return shares

    def _unused(self, orders: dict[str, float] | None, vote: str) -> None:
        """Warn about settings that cannot take effect (a likely misunderstanding)."""
        sections = {"procurement": "procurement", "shells": "shells",
                    "hub_protection": "hub_protection", "corridors": "corridors"}
        for section, lever in sections.items():
            if section not in self.data:
                continue
            if orders is None:
                self.warn((section,), f"{section}: has no effect with `orders: ai` (the "
                          "advisor's orders are kept); give the shares under `orders`",
                          at_key=True)
            elif orders.get(lever, 0.0) == 0:
                self.warn((section,), f"{section}: has no effect, `orders` puts no money "
                          f"into {lever}", at_key=True)
        council = _mapping(self.data.get("council"))
        for key, rule in (("threat_threshold", "threat"), ("cost_limit", "cost")):
            if key in council and vote != rule:
                self.warn(("council", key), f"council.{key}: has no effect unless "
                          f"`vote: {rule}`", at_key=True)

    def _weights(self, value: Any, path: DataPath, noun: str) -> dict[str, float] | None:
        if not isinstance(value, dict):
            return None
        weights = {k: _number(v, 0.0) for k, v in value.items() if isinstance(k, str)}
        if weights and sum(weights.values()) <= 0:
            self.error(path, f"{'.'.join(map(str, path))}: every {noun} weight is 0; give at "
                       "least one a positive weight")
        return weights

    def _initiative(self, name: str, path: DataPath, catalogue: Catalogue, strict: bool,
                    at_key: bool = False) -> None:
        if name in catalogue.initiatives:
            return
        where = f" in scenario {self.data['scenario']!r}" if strict else " in any bundled scenario"
        message = (f"unknown initiative {name!r}{where}"
                   f"{did_you_mean(name, sorted(catalogue.initiatives))}")
        (self.error if strict else self.warn)(path, message, at_key=at_key)

    def _seat(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        states = base_catalogue().states
        if states and value not in states and re.fullmatch(r"[A-Z]{2}", value):
            self.warn(("seat",), f"seat: {value!r} is not a member state of the base data"
                                 f"{did_you_mean(value, sorted(states))}")
        return value

    def _ids(self, value: Any, path: DataPath, noun: str, known: frozenset[str],
             strict: bool) -> tuple[str, ...] | None:
        """A list of hub or corridor ids (checked like initiatives), or None for `own`."""
        if not isinstance(value, list):
            return None
        where = f" in scenario {self.data['scenario']!r}" if strict else " in any bundled scenario"
        for index, name in enumerate(value):
            if isinstance(name, str) and name not in known:
                (self.error if strict else self.warn)(
                    (*path, index), f"unknown {noun} {name!r}{where}"
                                    f"{did_you_mean(name, sorted(known))}")
        return tuple(v for v in value if isinstance(v, str))

    def _propose(self, value: Any, catalogue: Catalogue, strict: bool) -> str | tuple[str, ...]:
        if isinstance(value, list):
            names = tuple(v for v in value if isinstance(v, str))
            for index, name in enumerate(value):
                if isinstance(name, str):
                    self._initiative(name, ("council", "propose", index), catalogue, strict)
            return names
        return value if isinstance(value, str) else "never"

    def _votes(self, value: Any, catalogue: Catalogue, strict: bool) -> dict[str, str]:
        if not isinstance(value, dict):
            return {}
        for name in value:
            if isinstance(name, str):
                self._initiative(name, ("council", "votes", name), catalogue, strict, True)
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}

    def _choices(self, value: Any, catalogue: Catalogue, strict: bool) -> dict[str, str]:
        if not isinstance(value, dict):
            return {}
        report = self.error if strict else self.warn
        where = f" in scenario {self.data['scenario']!r}" if strict else " in any bundled scenario"
        for event, option in value.items():
            if not isinstance(event, str) or not isinstance(option, str):
                continue
            path = ("events", "choose", event)
            options = catalogue.events.get(event)
            if options is None:
                report(path, f"unknown event {event!r}{where}"
                             f"{did_you_mean(event, sorted(catalogue.events))}", at_key=True)
            elif not options:
                report(path, f"event {event!r} offers no choice; nothing to pick", at_key=True)
            elif option not in options:
                report(path, f"event {event!r} has no option {option!r} (its options: "
                             f"{', '.join(options)}){did_you_mean(option, options)}")
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
