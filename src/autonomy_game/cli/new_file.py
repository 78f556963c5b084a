"""Writing a starter file (`new-scenario`, `new-doctrine`): one name check, never overwrite.

Both commands write a YAML template for an author; they share the same rules and messages so a
teacher sees the same errors from either.
"""

from __future__ import annotations

import sys
from pathlib import Path


def bad_yaml_name(prog: str, path_arg: str) -> bool:
    """Report (and return True) when `path_arg` does not end in .yaml or .yml."""
    if Path(path_arg).name.endswith((".yaml", ".yml")):
        return False
    print(f"{prog}: error: {path_arg}: the file name must end in .yaml", file=sys.stderr)
    return True


def already_exists(prog: str, path_arg: str) -> int:
    """Report that `path_arg` exists; the exit status 1."""
    print(f"{prog}: error: {path_arg} already exists; not overwriting it", file=sys.stderr)
    return 1


def write_new(prog: str, path_arg: str, text: str) -> int:
    """Create `path_arg` holding `text` (never overwriting); the command's exit status."""
    try:
        with Path(path_arg).open("x", encoding="utf-8") as stream:  # "x": never overwrite
            stream.write(text)
    except FileExistsError:
        return already_exists(prog, path_arg)
    except OSError as error:
        print(f"{prog}: error: {path_arg}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {path_arg}; check it with: autonomy-game validate {path_arg}")
    return 0
