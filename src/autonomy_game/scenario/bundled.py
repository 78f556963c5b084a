"""The scenarios shipped with the game, and how a command-line argument names one.

A bundled scenario is `scenarios/<id>.yaml` (found through `resources.data_path`, so it works
from a checkout and from an installed wheel); its id is the file name. Base data under
`scenarios/data/` is not a scenario and is not listed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from autonomy_game.scenario.errors import ScenarioError, ScenarioLoadError
from autonomy_game.scenario.structure import did_you_mean
from autonomy_game.scenario.yaml_loader import YamlLoadError, load_yaml_file


@dataclass(frozen=True)
class ScenarioInfo:
    """What the start screen and `autonomy-game list` show before loading a scenario."""

    id: str
    title: str
    turns: int
    path: Path


def scenarios_dir() -> Path | None:
    """The bundled `scenarios/` directory, or None in a broken install."""
    from autonomy_game.resources import data_path

    try:
        return data_path("scenarios")
    except FileNotFoundError:
        return None


def bundled_scenarios() -> list[ScenarioInfo]:
    """Every bundled scenario, by file name; a file that cannot be read is still listed (with
    its id as title) so that `validate` and the tests notice it."""
    directory = scenarios_dir()
    if directory is None or not directory.is_dir():
        return []
    infos = []
    for path in sorted(directory.glob("*.yaml")):
        title, turns = path.stem, 0
        try:
            data = load_yaml_file(path).data
        except YamlLoadError:
            data = None
        if isinstance(data, dict):
            title = data["title"] if isinstance(data.get("title"), str) else title
            raw_turns = data.get("turns")
            turns = raw_turns if isinstance(raw_turns, int) and not isinstance(raw_turns, bool) \
                else 0
        infos.append(ScenarioInfo(path.stem, title, turns, path))
    return infos


def looks_like_path(argument: str) -> bool:
    """`us-withdrawal` is an id; `my.yaml`, `./x` and `dir/x` are paths."""
    if argument.endswith((".yaml", ".yml")) or "/" in argument or os.sep in argument:
        return True
    try:
        return Path(argument).exists()
    except (OSError, ValueError):  # a NUL character, a name too long...
        return True


def resolve_scenario_argument(argument: str | Path) -> Path:
    """A path for a path, the bundled file for an id; raises `ScenarioLoadError` for an
    unknown id."""
    if isinstance(argument, Path) or looks_like_path(argument):
        return Path(argument)
    from autonomy_game.resources import data_path
    from autonomy_game.scenario.merge import BASE_PREFIX, bundled_base_names, bundled_base_path

    if argument.startswith(BASE_PREFIX):  # the same name `extends:` takes
        name = argument[len(BASE_PREFIX):]
        found = bundled_base_path(name)
        if found is not None:
            return found
        bases = [f"{BASE_PREFIX}{b}" for b in bundled_base_names()]
        message = (f"no bundled base data {argument!r}"
                   f"{did_you_mean(argument, bases)} (bundled: {', '.join(bases)})")
        raise ScenarioLoadError([ScenarioError(argument, 1, 1, message)])

    try:
        return data_path("scenarios", f"{argument}.yaml")
    except (FileNotFoundError, ValueError):
        pass
    known = [info.id for info in bundled_scenarios()]
    listing = f" (bundled: {', '.join(known)})" if known else ""
    message = f"no bundled scenario {argument!r}{did_you_mean(argument, known)}{listing}"
    raise ScenarioLoadError([ScenarioError(argument, 1, 1, message)])
