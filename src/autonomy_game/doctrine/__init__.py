"""Doctrine files: scripted strategies for one seat, written in YAML without Python.

Public API (imported lazily, so the engine's `DoctrinePolicy` can import the plain `Doctrine`
record without the loader):

- `load_doctrine(path_or_id) -> Doctrine`, raising `DoctrineLoadError(errors)`;
- `check_doctrine_file(path) -> DoctrineCheck` (errors, warnings, doctrine), never raising;
- `shipped_doctrines() -> {id: path}`; `Doctrine`, `SpendingRule`.

The format: docs/doctrine-format.md. This package never imports pygame.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "load_doctrine": "load",
    "check_doctrine_file": "load",
    "check_doctrine_bytes": "load",
    "is_doctrine_document": "load",
    "DoctrineCheck": "load",
    "DoctrineLoadError": "load",
    "DoctrineWarning": "load",
    "Doctrine": "model",
    "SpendingRule": "model",
    "shipped_doctrines": "shipped",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'autonomy_game.doctrine' has no attribute {name!r}")
    return getattr(importlib.import_module(f"autonomy_game.doctrine.{module}"), name)
