"""Doctrine files: scripted strategies for one seat, written in YAML without Python.

Public API (imported lazily, so the engine's `DoctrinePolicy` can import the plain `Doctrine`
record without the loader):

- `load_doctrine(path_or_id) -> Doctrine`, raising `DoctrineLoadError(errors)`;
- `check_doctrine_file(path) -> DoctrineCheck` (errors, warnings, doctrine), never raising;
- `shipped_doctrines() -> {id: path}`; `Doctrine`, `SpendingRule`.

The format: docs/doctrine-format.md. This package never imports pygame.
"""

from __future__ import annotations

from autonomy_game.lazy_exports import lazy_getattr

_EXPORTS = {
    "load_doctrine": "load",
    "check_doctrine_file": "load",
    "check_doctrine_bytes": "load",
    "is_doctrine_document": "load",
    "DoctrineCheck": "load",
    "DoctrineLoadError": "load",
    "Doctrine": "model",
    "SpendingRule": "model",
    "shipped_doctrines": "shipped",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_getattr(__name__, _EXPORTS)
