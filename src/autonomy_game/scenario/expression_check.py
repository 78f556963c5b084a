"""Compiling every expression of a scenario once, at load time, to report its errors.

The expression language (engine/expressions.py) reports an error with a character offset into
the expression; here that offset becomes a line and column in the file, so an author sees
`us-withdrawal.yaml:88:27: error: events[3].when: unknown name 'cohesoin'`. A goal or
objective that names nothing that changes in play is decided before the game starts, which
is always a mistake, so it is reported too.
"""

from __future__ import annotations

import dataclasses

from autonomy_game.scenario.build import ExpressionSite
from autonomy_game.scenario.errors import ErrorList
from autonomy_game.scenario.model import Scenario
from autonomy_game.scenario.positions import SourceMap, render_path

STATIC_GOAL = (
    "names nothing that changes during play, so it is decided before the game starts; use "
    "names that move, such as cohesion, deterrence, turn or PL.defence_pct"
)


def check_expressions(scenario: Scenario, sites: list[ExpressionSite], source_map: SourceMap,
                      errors: ErrorList) -> None:
    """Compile each site against the scenario's names; report errors at their exact spot."""
    from autonomy_game.engine import expressions

    try:
        names = expressions.NameTable.for_scenario(scenario)
    except Exception as error:  # a scenario odd enough to upset the name table is reported
        errors.add(source_map.error((), f"cannot check expressions: {error}"))
        return
    each_names = None
    for site in sites:
        where = render_path(site.path)
        table = names
        if site.each and scenario.members:
            if each_names is None:  # `each.` checked as the first member: any would do
                each_names = dataclasses.replace(names, each=scenario.members[0])
            table = each_names
        compile_site = (expressions.compile_statement if site.statement
                        else expressions.compile_expression)
        try:
            text = site.text.replace("{state}", "the state") if site.each else site.text
            compiled = compile_site(text, table)
        except expressions.ExpressionError as error:
            errors.add(source_map.error(site.path, f"{where}: {error.message}",
                                        offset=error.offset, value_text=site.text))
            continue
        except Exception as error:  # never a traceback for an author, whatever they wrote
            errors.add(source_map.error(site.path, f"{where}: cannot be compiled "
                                                   f"({type(error).__name__}: {error})"))
            continue
        if site.goal and not getattr(compiled, "is_dynamic", True):
            errors.add(source_map.error(site.path, f"{where}: {STATIC_GOAL}"))
