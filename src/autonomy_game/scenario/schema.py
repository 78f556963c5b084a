"""The JSON Schema of the scenario format, for editors (autocomplete, hover help, checks).

`schema.json` beside this module is generated from `format_spec.py` by `build_schema()` and
committed, so that it ships inside the package and can be pointed at from a scenario's first
line (`# yaml-language-server: $schema=...`). A test keeps the committed file identical to
what `build_schema()` makes; regenerate it with `python -m autonomy_game.scenario.schema`.
It is draft-07, the draft editors' YAML plugins support fully.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from autonomy_game.scenario.format_spec import SCENARIO, SCENARIO_MARKERS
from autonomy_game.scenario.spec import (
    Const,
    Expression,
    Flag,
    Number,
    OneOf,
    Record,
    Seq,
    Spec,
    Table,
    Text,
)

SCHEMA_PATH = Path(__file__).with_name("schema.json")
SCHEMA_ID = "https://autonomy-game.invalid/scenario-format-1.schema.json"


def load_schema() -> dict[str, Any]:
    """The shipped schema."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_text() -> str:
    """The schema as the file holds it: indented JSON with a final newline."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def build_schema() -> dict[str, Any]:
    """Generate the schema from the format description."""
    return schema_document(_Generator, SCENARIO, SCHEMA_ID, "Autonomy scenario (format 1)")


def schema_document(generator: type[_Generator], spec: Spec, schema_id: str,
                    title: str) -> dict[str, Any]:
    """A whole draft-07 schema for `spec` (shared with the doctrine format's schema)."""
    definitions: dict[str, Any] = {}
    body = generator(definitions).convert(spec, top=True)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": schema_id,
        "title": title,
        **body,
        "definitions": dict(sorted(definitions.items())),
    }


# Texts without a pattern of their own: no control characters (C0 but tab and line feed in
# multi-line texts, DEL, C1), as the validator checks them.
ONE_LINE_TEXT = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
MULTILINE_TEXT = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"

class _Generator:
    def __init__(self, definitions: dict[str, Any]) -> None:
        self.definitions = definitions

    def convert(self, spec: Spec, top: bool = False) -> dict[str, Any]:
        if spec.name and not top:
            if spec.name not in self.definitions:
                self.definitions[spec.name] = {}  # placeholder against recursion
                self.definitions[spec.name] = self._body(spec, top)
            ref: dict[str, Any] = {"$ref": f"#/definitions/{spec.name}"}
            return ref
        return self._body(spec, top)

    def _body(self, spec: Spec, top: bool) -> dict[str, Any]:
        schema: dict[str, Any] = {"description": spec.description} if spec.description else {}
        if isinstance(spec, Number):
            schema["type"] = "integer" if spec.integer else "number"
            if spec.low is not None:
                schema["minimum"] = spec.low
            if spec.high is not None:
                schema["maximum"] = spec.high
        elif isinstance(spec, Text):
            schema["type"] = "string"
            if spec.pattern:
                schema["pattern"] = spec.pattern
            else:  # printable text only (engine/untrusted.py; surrogates are not JSON text)
                schema["pattern"] = MULTILINE_TEXT if spec.multiline else ONE_LINE_TEXT
            schema["maxLength"] = spec.max_length
        elif isinstance(spec, Flag):
            schema["type"] = "boolean"
        elif isinstance(spec, OneOf):
            schema["type"] = "string"
            schema["enum"] = list(spec.values)
        elif isinstance(spec, Const):
            schema["enum"] = list(spec.values)
        elif isinstance(spec, Expression):
            schema["type"] = ["string", "number", "boolean"]
            schema["maxLength"] = spec.max_length
            schema["minLength"] = 1
            if spec.number_low is not None:
                schema["minimum"] = spec.number_low
            if spec.number_high is not None:
                schema["maximum"] = spec.number_high
        elif isinstance(spec, Seq):
            schema["type"] = "array"
            schema["items"] = self.convert(spec.item)
            if spec.min_items:
                schema["minItems"] = spec.min_items
            if spec.max_items is not None:
                schema["maxItems"] = spec.max_items
        elif isinstance(spec, Table):
            schema["type"] = "object"
            schema["propertyNames"] = self._key(spec.key)
            schema["additionalProperties"] = self.convert(spec.value)
            if spec.max_items is not None:
                schema["maxProperties"] = spec.max_items
        elif isinstance(spec, Record):
            self._record(spec, schema, top)
        return schema

    @staticmethod
    def _key(spec: Text | OneOf) -> dict[str, Any]:
        if isinstance(spec, OneOf):
            return {"enum": list(spec.values)}
        return {"pattern": spec.pattern} if spec.pattern else {}

    def _record(self, spec: Record, schema: dict[str, Any], top: bool) -> None:
        schema["type"] = "object"
        properties: dict[str, Any] = {}
        for name, field in spec.fields.items():
            prop = self.convert(field.spec)
            if field.default is not None:
                prop = {**prop, "default": field.default} if "$ref" not in prop \
                    else {"allOf": [prop], "default": field.default}
            properties[name] = prop
        schema["properties"] = properties
        required = [name for name, field in spec.fields.items() if field.required]
        if required and not spec.overridable:
            schema["required"] = required
        schema["additionalProperties"] = False
        scenario_only = [name for name, field in spec.fields.items() if field.scenario_only]
        if top and scenario_only:
            # A file with any scenario key is a scenario and needs them all; else base data.
            schema["if"] = {"anyOf": [{"required": [key]} for key in SCENARIO_MARKERS]}
            schema["then"] = {"required": scenario_only}


def main(argv: list[str] | None = None) -> int:
    """`python -m autonomy_game.scenario.schema [--check]`: regenerate (or check) schema.json."""
    return write_or_check(argv, SCHEMA_PATH, schema_text())


def write_or_check(argv: list[str] | None, path: Path, text: str) -> int:
    """Write `text` to the committed schema file, or with `--check` report if it differs."""
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
