"""Scenario files written by tests next to a copy of the fixture base data.

Shared by the validation tests (tests/test_validate.py, tests/test_untrusted_*.py): each writes
a scenario after `scenario_head()` and checks the exact `path:line:col: error: message` lines.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from autonomy_game.scenario import check_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenario"


def scenario_head(turns: int = 3, title: str = "Test") -> str:
    """The first 8 lines of a valid scenario over `base.yaml`: what a test appends starts on
    line 9. `title` is written as given (quote it yourself to test odd characters)."""
    return (f"format: 1\nid: test\ntitle: {title}\nextends: base.yaml\nturns: {turns}\n"
            "goals:\n"
            "  victory: {when: \"cohesion > 0.5\", text: Win.}\n"
            "  partial: {when: \"cohesion > 0.3\", text: Muddle.}\n")


def copy_base(directory: Path) -> Path:
    """`directory` with the fixture `base.yaml` copied into it (the `workdir` fixtures)."""
    shutil.copy(FIXTURES / "base.yaml", directory / "base.yaml")
    return directory


def errors_for(workdir: Path, text: str, name: str = "s.yaml") -> list[str]:
    """Every error of `text` written as `workdir/name`, as printed (`name:line:col: ...`)."""
    path = workdir / name
    path.write_text(text, encoding="utf-8")
    return [str(error) for error in check_file(path, name).errors]
