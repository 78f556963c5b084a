"""Which events, options and initiatives exist: what a doctrine's ids are checked against.

Read straight from the bundled scenario files and base data as plain YAML (no scenario is
built, so checking a doctrine takes milliseconds). A doctrine that names its `scenario` is
held to that scenario's ids (errors); one that does not is checked against every bundled
scenario, and an id found in none is only a warning (it may be meant for the author's own
scenario).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from autonomy_game.scenario.bundled import bundled_scenarios
from autonomy_game.scenario.merge import bundled_base_path
from autonomy_game.scenario.yaml_loader import YamlLoadError, load_yaml_file


@dataclass(frozen=True)
class Catalogue:
    """Event ids with their option ids, and initiative ids, of one or more scenarios."""

    events: dict[str, tuple[str, ...]] = field(default_factory=dict)
    initiatives: frozenset[str] = frozenset()
    hubs: frozenset[str] = frozenset()
    corridors: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()


def _read(path: Any) -> dict[str, Any]:
    try:
        data = load_yaml_file(path).data
    except YamlLoadError:
        return {}
    return data if isinstance(data, dict) else {}


def _events(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for event in data.get("events") or []:
        if isinstance(event, dict) and isinstance(event.get("id"), str):
            choices = event.get("choices") or []
            found[event["id"]] = tuple(c["id"] for c in choices
                                       if isinstance(c, dict) and isinstance(c.get("id"), str))
    return found


def _initiatives(data: dict[str, Any]) -> set[str]:
    own = data.get("initiatives")
    return {k for k in own if isinstance(k, str)} if isinstance(own, dict) else set()


def _network(data: dict[str, Any], part: str) -> set[str]:
    network = data.get("network")
    own = network.get(part) if isinstance(network, dict) else None
    return {k for k in own if isinstance(k, str)} if isinstance(own, dict) else set()


@functools.lru_cache(maxsize=1)
def base_catalogue() -> Catalogue:
    """The bundled base data's initiatives, hubs and corridors (no events)."""
    path = bundled_base_path("eu27")
    data = _read(path) if path is not None else {}
    states = data.get("states")
    codes = frozenset(k for k in states if isinstance(k, str)) if isinstance(states, dict) \
        else frozenset()
    return Catalogue({}, frozenset(_initiatives(data)), frozenset(_network(data, "hubs")),
                     frozenset(_network(data, "corridors")), codes)


@functools.cache
def scenario_catalogue(scenario_id: str) -> Catalogue | None:
    """The catalogue of one bundled scenario, None if there is no such bundled scenario."""
    for info in bundled_scenarios():
        if info.id == scenario_id:
            data = _read(info.path)
            base = base_catalogue()
            return Catalogue(_events(data), base.initiatives | _initiatives(data),
                             base.hubs | _network(data, "hubs"),
                             base.corridors | _network(data, "corridors"))
    return None


@functools.lru_cache(maxsize=1)
def bundled_catalogue() -> Catalogue:
    """Every bundled scenario's events (options merged by event id) and initiatives."""
    events: dict[str, tuple[str, ...]] = {}
    base = base_catalogue()
    initiatives, hubs, corridors = set(base.initiatives), set(base.hubs), set(base.corridors)
    for info in bundled_scenarios():
        one = scenario_catalogue(info.id)
        if one is None:
            continue
        for event, options in one.events.items():
            events[event] = tuple(dict.fromkeys((*events.get(event, ()), *options)))
        initiatives |= one.initiatives
        hubs |= one.hubs
        corridors |= one.corridors
    return Catalogue(events, frozenset(initiatives), frozenset(hubs), frozenset(corridors))


def bundled_ids() -> list[str]:
    return [info.id for info in bundled_scenarios()]
