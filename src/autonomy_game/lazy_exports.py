"""Lazy package exports (PEP 562): a package names its public API without importing it.

`autonomy_game.scenario` and `autonomy_game.doctrine` list which submodule holds each public
name; the submodule is imported on first use, so importing one light module of the package
(e.g. `scenario.model` from the engine) does not pull in the loader.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_getattr(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` serving `exports` (name -> submodule)."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
