"""docs/base-data.md, written from the bundled base data itself.

An author who extends `base:eu27` needs its ids (a hub to strike, a corridor to cut, an
initiative to make available) and its key figures, and must know which ids are taken before
defining new ones. A hand-written list drifts from the data; this one is generated, and a test
fails when the committed file is out of date.

Regenerate with: `PYTHONPATH=src python -m autonomy_game.scenario.base_docs`
"""

from __future__ import annotations

import sys
from pathlib import Path

from autonomy_game.engine.parameters import PARAMETERS
from autonomy_game.scenario.model import Scenario

BASE = "eu27"
DOC = Path(__file__).resolve().parents[3] / "docs" / "base-data.md"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _flags(state: object) -> str:
    names = [("nato", "NATO"), ("pesco", "PESCO"), ("neutral", "neutral"),
             ("nuclear_sharing", "nuclear sharing")]
    return ", ".join(label for attr, label in names if getattr(state, attr)) or "—"


def render(scenario: Scenario, name: str = BASE) -> str:
    """The whole page for base data `scenario` (loaded from `scenarios/data/NAME.yaml`)."""
    out = [f"# Base data `base:{name}`", "",
           "Generated from `scenarios/data/eu27.yaml` by "
           "`PYTHONPATH=src python -m autonomy_game.scenario.base_docs`; a test keeps it "
           "current. Every id below is taken: a scenario that extends this base and writes an "
           "entry with a `name` under one of them redefines it (write `override: true` to mean "
           "it; see docs/scenario-format.md, *Base data and `extends`*). Sources of the "
           "figures are in the data file (`sources`, `field_sources`) and docs/data-sources.md.",
           ""]
    out += ["## Member states", "",
            "Code, name, population (million), GDP (€ bn), defence spending (% GDP, base year "
            "2024; 2025 where the data has NATO's estimate), flags.", ""]
    rows = []
    for code, s in scenario.states.items():
        pct_2025 = "" if s.defence_pct_2025 is None else f"{s.defence_pct_2025:g}"
        rows.append([f"`{code}`", s.name, f"{s.population:g}", f"{s.gdp:g}",
                     f"{s.defence_pct:g}", pct_2025, _flags(s)])
    out += _table(["code", "name", "population", "GDP", "defence % 2024", "defence % 2025",
                   "flags"], rows)
    out += ["", "## Neighbours", "",
            "Non-member countries drawn on the map (hubs may lie in them; they do not play).", ""]
    out += _table(["code", "name"], [[f"`{c}`", n.name] for c, n in scenario.neighbours.items()])
    out += ["", "## Hubs", "",
            "Read and written in expressions as `hub.ID.health`, `hub.ID.air_defence`, "
            "`hub.ID.cyber`, `hub.ID.microgrid`; struck with `strike(\"ID\", 0.5)`. Capacity in "
            "thousand tonnes a quarter.", ""]
    out += _table(["id", "name", "country", "kind", "capacity"],
                  [[f"`{h.id}`", h.name, h.country, h.kind, f"{h.capacity:g}"]
                   for h in scenario.hubs.values()])
    out += ["", "## Corridors", "",
            "Read in expressions as `corridor.ID.flow`, `corridor.ID.open` and "
            "`corridor.ID.capacity` (the last two writable). Capacity in thousand tonnes a "
            "quarter; the path runs to the Ukrainian border.", ""]
    out += _table(["id", "name", "mode", "capacity", "path"],
                  [[f"`{c.id}`", c.name, c.mode, f"{c.capacity:g}", " → ".join(c.path)]
                   for c in scenario.corridors.values()])
    out += ["", "## Initiatives", "",
            "Made playable by a scenario's `available_initiatives`; read as "
            "`initiative.ID.adopted`, `.delivered`, `.progress`, `.participants`. Cost in € bn; "
            "lead in quarters.", ""]
    out += _table(["id", "name", "rule", "PESCO", "cost", "lead", "funding", "requires"],
                  [[f"`{i.id}`", i.name, i.rule, "yes" if i.pesco else "", f"{i.cost:g}",
                    i.lead, i.funding, ", ".join(i.requires)]
                   for i in scenario.initiatives.values()])
    out += ["", "## Parameters", "",
            "Model constants a scenario may set under `parameters:` (defaults, not truths: "
            "each is a judgement).", ""]
    out += _table(["name", "default", "range", "meaning"],
                  [[f"`{k}`", f"{p.default:g}", f"{p.low:g} – {p.high:g}", p.meaning]
                   for k, p in PARAMETERS.items()])
    return "\n".join(out) + "\n"


def current_text() -> str:
    """The page as the bundled base data makes it now."""
    from autonomy_game.scenario.bundled import resolve_scenario_argument
    from autonomy_game.scenario.validate import check_file

    result = check_file(resolve_scenario_argument(f"base:{BASE}"))
    if result.errors or result.scenario is None:
        raise RuntimeError(f"base:{BASE} does not validate: {result.errors[:3]}")
    return render(result.scenario)


def main() -> int:
    DOC.write_text(current_text(), encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
