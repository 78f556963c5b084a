"""`extends:` — a scenario written over shared base data.

An author should not retype 27 states, so a scenario names a base file and states only what
differs. Resolution reads the chain of bases (each relative to the file that names it, or
`base:NAME` for the bundled `scenarios/data/NAME.yaml`), refuses cycles and over-long chains,
and deep-merges: mappings key by key (the scenario wins), lists and scalars replaced whole.
Positions are merged the same way, so a problem in the base is reported in the base file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autonomy_game.scenario.errors import ErrorList, ScenarioError
from autonomy_game.scenario.positions import DataPath, SourceMap
from autonomy_game.scenario.yaml_loader import (
    LoadedYaml,
    YamlLoadError,
    load_yaml_file,
    parse_yaml,
)

MAX_EXTENDS_DEPTH = 8
BASE_PREFIX = "base:"
_BASE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


@dataclass
class MergedDocument:
    """The merged data, where each value came from, and the raw bytes of every file read."""

    data: dict[str, Any]
    source_map: SourceMap
    raws: list[bytes] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    warnings: list[ScenarioError] = field(default_factory=list)


def deep_merge(base: Any, over: Any) -> Any:
    """Mappings merged key by key with `over` winning; anything else: `over` replaces `base`."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = deep_merge(base[key], value) if key in base else value
        return merged
    return over


def merge_source_maps(base: SourceMap, over: SourceMap, data: Any) -> SourceMap:
    """Positions for the merged `data`: the scenario's where it wrote the value, else the base's."""
    merged = SourceMap(texts={**base.texts, **over.texts}, fallback=over.fallback)

    def walk(value: Any, path: DataPath) -> None:
        for source in (over, base):
            if path in source.values:
                merged.values[path] = source.values[path]
                break
        for source in (over, base):
            if path in source.keys:
                merged.keys[path] = source.keys[path]
                break
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(data, ())
    return merged


def bundled_base_path(name: str) -> Path | None:
    """`base:eu27` -> the bundled `scenarios/data/eu27.yaml`, or None if not shipped."""
    from autonomy_game.resources import data_path

    try:
        return data_path("scenarios", "data", f"{name}.yaml")
    except (FileNotFoundError, ValueError):
        return None


NOT_BASES = frozenset({"glossary"})  # scenarios/data files that hold no base data


def bundled_base_names() -> list[str]:
    """The names `base:NAME` accepts: the bundled `scenarios/data/*.yaml`."""
    from autonomy_game.resources import data_path

    try:
        folder = data_path("scenarios", "data")
    except (FileNotFoundError, ValueError):
        return []
    return sorted(p.stem for p in Path(folder).glob("*.yaml") if p.stem not in NOT_BASES)


def display_path(path: Path) -> str:
    """A path as short as it can honestly be: relative to the working directory if inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def resolve_extends(document: LoadedYaml, path: Path, errors: ErrorList,
                    stored_bases: list[bytes] | None = None) -> MergedDocument | None:
    """Merge `document` (read from `path`) over its chain of bases.

    Problems go to `errors`; None means a base could not be read, and validating the scenario
    without it would only bury that one cause under many missing-key errors. With
    `stored_bases` (a save's copy of the chain, in order) no file is read: the k-th `extends`
    is the k-th stored base, whatever it names.
    """
    data = document.data
    chain: list[Path] = [_identity(path)]
    layers: list[tuple[dict[str, Any], SourceMap]] = [(data, document.source_map)]
    raws, files = [document.raw], [path]
    current, current_path = document, path
    while isinstance(current.data, dict) and "extends" in current.data:
        reference = current.data["extends"]
        where: DataPath = ("extends",)
        if len(chain) > MAX_EXTENDS_DEPTH:
            errors.add(current.source_map.error(
                where, f"extends: more than {MAX_EXTENDS_DEPTH} files deep"))
            return None
        if stored_bases is not None:
            step = len(chain) - 1
            if step >= len(stored_bases) or not isinstance(reference, str):
                errors.add(current.source_map.error(where, "extends: the stored copy holds no "
                                                           "base for this file"))
                return None
            base_path = identity = Path(f"{reference} (stored copy {step + 1})")
            reader: Any = lambda display, raw=stored_bases[step]: parse_yaml(raw, display)  # noqa: E731
        else:
            located = _locate_base(reference, current_path, current.source_map, errors)
            if located is None:
                return None
            base_path, identity = located, _identity(located)
            reader = lambda display, target=located: load_yaml_file(target, display)  # noqa: E731
        if identity in chain:
            names = " -> ".join(display_path(p) for p in [*files, base_path])
            errors.add(current.source_map.error(where, f"extends: a cycle ({names})"))
            return None
        try:
            base = reader(_base_display(base_path, current_path, reference))
        except YamlLoadError as error:
            errors.extend(error.errors)
            errors.add(current.source_map.error(
                where, f"extends: the base file {reference!r} cannot be used (see its errors)"))
            return None
        if not isinstance(base.data, dict):
            errors.add(base.source_map.error((), "a base data file must be a mapping of keys"))
            return None
        chain.append(identity)
        layers.append((base.data, base.source_map))
        raws.append(base.raw)
        files.append(base_path)
        current, current_path = base, base_path
    merged_data: Any = {}
    merged_map = SourceMap(fallback=document.source_map.fallback)
    for layer_data, layer_map in reversed(layers):
        without_extends = {k: v for k, v in layer_data.items() if k != "extends"}
        merged_data = deep_merge(merged_data, without_extends)
        merged_map = merge_source_maps(merged_map, layer_map, merged_data)
    if "extends" in data:
        merged_data["extends"] = data["extends"]
        merged_map.values[("extends",)] = document.source_map.value(("extends",))
        merged_map.keys[("extends",)] = document.source_map.key(("extends",))
    warnings = redefinitions(layers, [display_path(f) for f in files])
    return MergedDocument(merged_data, merged_map, raws, files, warnings)


# Tables whose entries are keyed by id; a scenario that writes an id its base already has
# changes the base's entry (key by key). Restating a few figures is the documented way to
# adjust one (`PL: {gdp: 900}`); writing a whole new entry (with its `name`) under an id the
# author did not know was taken is the silent mistake `override: true` makes explicit.
ID_TABLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("states",), "state"), (("neighbours",), "neighbour"), (("network", "hubs"), "hub"),
    (("network", "corridors"), "corridor"), (("initiatives",), "initiative"),
)


def _table(data: Any, path: tuple[str, ...]) -> dict[Any, Any]:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def redefinitions(layers: list[tuple[dict[str, Any], SourceMap]],
                  names: list[str]) -> list[ScenarioError]:
    """Warnings for entries that redefine (with a `name`) an id of a lower layer without
    `override: true`."""
    found: list[ScenarioError] = []
    for upper in range(len(layers) - 1):
        data, source_map = layers[upper]
        for path, noun in ID_TABLES:
            for ident, entry in _table(data, path).items():
                if not isinstance(entry, dict) or "name" not in entry or entry.get("override"):
                    continue
                for lower in range(upper + 1, len(layers)):
                    base_entry = _table(layers[lower][0], path).get(ident)
                    if isinstance(base_entry, dict):
                        was = base_entry.get("name", ident)
                        message = (f"{'.'.join(path)}.{ident}: {noun} {ident!r} is already "
                                   f"defined in {names[lower]} ({was}); this entry replaces "
                                   f"its figures. Add `override: true` if that is meant, or "
                                   f"choose a new id")
                        found.append(source_map.error((*path, ident), message, at_key=True)
                                     .as_warning())
                        break
    return found


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _base_display(base_path: Path, from_path: Path, reference: str) -> str:
    if reference.startswith(BASE_PREFIX):
        return display_path(base_path)
    return os.path.normpath(str(from_path.parent / reference))


def _locate_base(reference: Any, from_path: Path, source_map: SourceMap,
                 errors: ErrorList) -> Path | None:
    where: DataPath = ("extends",)
    if not isinstance(reference, str) or not reference.strip():
        errors.add(source_map.error(where, "extends: expected the path of a base data file "
                                           "(e.g. data/eu27.yaml) or base:NAME"))
        return None
    if reference.startswith(BASE_PREFIX):
        name = reference[len(BASE_PREFIX):]
        if not _BASE_NAME.fullmatch(name):
            errors.add(source_map.error(where, f"extends: {reference!r} is not a valid base "
                                               "name (expected e.g. base:eu27)"))
            return None
        found = bundled_base_path(name)
        if found is None:
            bases = ", ".join(f"{BASE_PREFIX}{b}" for b in bundled_base_names()) or "none"
            errors.add(source_map.error(where, f"extends: no bundled base data named {name!r} "
                                               f"(bundled: {bases})"))
        return found
    base_path = from_path.parent / reference
    if not base_path.is_file():
        problem = "is a directory" if base_path.is_dir() else "no such file"
        errors.add(source_map.error(where, f"extends: cannot read {reference!r}: {problem} "
                                           f"(looked for {display_path(base_path)})"))
        return None
    return base_path

