"""The JSON Schema of the doctrine format, for editors (autocomplete, hover help, checks).

Generated from `format_spec.DOCTRINE` by the scenario schema's generator (plus `anyOf` for
`Either` values) and committed as `schema.json` beside this module, so it ships in the
package; a test keeps it identical to `build_schema()`. Regenerate with
`python -m autonomy_game.doctrine.schema`; print it with `autonomy-game schema --doctrine`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from autonomy_game.doctrine.format_spec import DOCTRINE, Either
from autonomy_game.scenario.schema import _Generator
from autonomy_game.scenario.spec import Spec

SCHEMA_PATH = Path(__file__).with_name("schema.json")
SCHEMA_ID = "https://autonomy-game.invalid/doctrine-format-1.schema.json"


class _DoctrineGenerator(_Generator):
    def _body(self, spec: Spec, top: bool) -> dict[str, Any]:
        if isinstance(spec, Either):
            schema: dict[str, Any] = {"description": spec.description} if spec.description \
                else {}
            schema["anyOf"] = [self.convert(option) for option in spec.options]
            return schema
        return super()._body(spec, top)


def build_schema() -> dict[str, Any]:
    """Generate the schema from the format description."""
    definitions: dict[str, Any] = {}
    body = _DoctrineGenerator(definitions).convert(DOCTRINE, top=True)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Autonomy doctrine (format 1)",
        **body,
        "definitions": dict(sorted(definitions.items())),
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m autonomy_game.doctrine.schema [--check]`: regenerate (or check) schema.json."""
    args = sys.argv[1:] if argv is None else argv
    text = schema_text()
    if "--check" in args:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is out of date", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
