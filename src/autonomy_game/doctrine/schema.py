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
from autonomy_game.scenario.schema import _Generator, schema_document, write_or_check
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
    return schema_document(_DoctrineGenerator, DOCTRINE, SCHEMA_ID,
                           "Autonomy doctrine (format 1)")


def schema_text() -> str:
    """The schema as the file holds it: indented JSON with a final newline."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m autonomy_game.doctrine.schema [--check]`: regenerate (or check) schema.json."""
    return write_or_check(argv, SCHEMA_PATH, schema_text())


if __name__ == "__main__":
    sys.exit(main())
