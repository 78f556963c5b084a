"""Issue 11, texts: no lone surrogates, NUL, control characters or escape sequences; bounded
lengths per field (format and schema agree); wrapping linear in the text's length."""

from __future__ import annotations

import time
from pathlib import Path

import jsonschema
import pytest

from autonomy_game.scenario.format_spec import MAX_NAME, MAX_TEXT, MAX_TITLE
from autonomy_game.scenario.schema import build_schema
from tests.support.scenario_files import copy_base, errors_for, scenario_head


def head(title: str = "Test") -> str:
    return scenario_head(title=f'"{title}"')


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


@pytest.mark.parametrize("escape, said", [
    ("\\ud800", "a lone surrogate (U+D800), which is not a character"),
    ("\\0", "a NUL character (U+0000)"),
    ("\\e[31m", "an escape character (U+001B, which starts terminal control sequences)"),
    ("\\x9b31m", "the control character U+009B"),
    ("\\x07", "the control character U+0007"),
    ("\\n", "a line break"),
    ("\\t", "a tab"),
])
def test_a_title_with_a_refused_character_is_a_located_error(workdir, escape, said):
    errors = errors_for(workdir, head(f"Bad{escape}title"))
    suffix = " (this text must be one line)" if escape in ("\\n", "\\t") else ""
    assert errors == [f"s.yaml:3:8: error: title: the text holds {said} at character 4{suffix}"]


def test_a_text_field_allows_line_breaks_and_tabs_but_not_escapes(workdir):
    ok = head() + "events:\n  - {id: e, title: E, text: \"One\\n\\tTwo\"}\n"
    assert errors_for(workdir, ok) == []
    bad = head() + "events:\n  - {id: e, title: E, text: \"One\\e[2J\"}\n"
    assert errors_for(workdir, bad) == [
        "s.yaml:10:29: error: events[0].text: the text holds an escape character (U+001B, "
        "which starts terminal control sequences) at character 4"]


@pytest.mark.parametrize("field, limit", [("title", MAX_TITLE), ("text", MAX_TEXT)])
def test_texts_are_bounded_per_field(workdir, field, limit):
    def scenario(length: int) -> str:
        event = {"title": "E", "text": "", field: "x" * length}
        return head() + (f"events:\n  - {{id: e, title: \"{event['title']}\", "
                         f"text: \"{event['text']}\"}}\n")

    assert errors_for(workdir, scenario(limit)) == []
    errors = errors_for(workdir, scenario(limit + 1))
    assert len(errors) == 1
    assert f"events[0].{field}: the text is longer than {limit} characters" in errors[0]


def test_a_state_name_is_bounded(workdir):
    text = head() + f"states:\n  PL: {{name: \"{'P' * (MAX_NAME + 1)}\"}}\n"
    assert any(f"is longer than {MAX_NAME} characters" in e for e in errors_for(workdir, text))


@pytest.mark.parametrize("argument, said", [
    ("\\ud800", "a lone surrogate (U+D800), which is not a character"),
    ("\\x1b[31mred", "an escape character (U+001B, which starts terminal control sequences)"),
])
def test_a_message_effect_with_a_refused_character_is_a_located_error(workdir, argument, said):
    # In the expression the escape is Python's: the YAML text holds a backslash sequence.
    effect = f"message('{argument}')"
    text = head() + f"events:\n  - id: e\n    title: E\n    effects:\n      - \"{effect}\"\n"
    errors = errors_for(workdir, text.replace("\\", "\\\\"))
    assert errors == [f"s.yaml:13:18: error: events[0].effects[0]: the message holds {said} "
                      "at character 1"]


def test_a_raw_surrogate_in_an_expression_is_refused_before_parsing(workdir):
    text = head() + "events:\n  - {id: e, title: E, when: \"cohesion > 0.5 \\ud800\"}\n"
    errors = errors_for(workdir, text)
    assert len(errors) == 1 and "events[0].when: the text holds a lone surrogate" in errors[0]


def test_a_long_message_is_refused(workdir):
    effect = "message('" + "m" * 301 + "')"
    text = head() + f"events:\n  - id: e\n    title: E\n    effects:\n      - \"{effect}\"\n"
    errors = errors_for(workdir, text)
    assert len(errors) == 1 and "the message is longer than 300 characters" in errors[0]


def test_the_schema_states_the_same_text_rules():
    schema = build_schema()
    validator = jsonschema.Draft7Validator(schema)
    goal = {"when": "cohesion > 0.5", "text": "Win."}
    base = {"format": 1, "id": "test", "turns": 3, "goals": {"victory": goal, "partial": goal}}
    assert not list(validator.iter_errors({**base, "title": "Fine title"}))
    for bad in ("x" * (MAX_TITLE + 1), "Bad\x1b[31m", "Bad\x00", "Two\nlines"):
        assert list(validator.iter_errors({**base, "title": bad})), repr(bad)
    event = {"id": "e", "title": "E", "text": "One\n\tTwo"}
    assert not list(validator.iter_errors({**base, "title": "T", "events": [event]}))
    bad_event = {**event, "text": "x\x07"}
    assert list(validator.iter_errors({**base, "title": "T", "events": [bad_event]}))


# -- wrapping -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def text_cache():
    import pygame

    from autonomy_game.ui.text import TextCache
    from autonomy_game.ui.theme import load_theme

    pygame.font.init()
    cache = TextCache(load_theme())
    cache.font("body").size("warm up")
    cache.font("body").metrics("warm up")
    return cache


def _best_of_3_ms(cache, text: str, width: int) -> tuple[float, list[str]]:
    """Wrap and render every line with empty caches; the best of three runs, in CPU ms (so a
    busy machine does not fail it; alone, wall time is the same)."""
    best, lines = float("inf"), []
    for _ in range(3):
        cache.clear()
        started = time.process_time()
        lines = cache.wrap(text, width)
        for line in lines:
            cache.render(line)
        best = min(best, (time.process_time() - started) * 1000)
    return best, lines


@pytest.mark.parametrize("text", [
    "x" * 10_000,
    "".join(chr(0x61 + (k * 7) % 26) + ("ąéß"[k % 3] if k % 5 == 0 else "") for k in range(8_000)),
    "a" + "\u0301" * 1_000,  # 1 000 combining marks on one letter
    "word " * 2_000,
])
def test_a_long_text_wraps_and_renders_in_under_50_ms(text_cache, text):
    elapsed, lines = _best_of_3_ms(text_cache, text, 300)
    assert elapsed < 50, f"{elapsed:.1f} ms"
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    font = text_cache.font("body")
    assert all(font.size(line)[0] <= 300 for line in lines)


class _CountingFont:
    """A font that counts how many characters it was asked to measure: the wrapper's work."""

    def __init__(self, font) -> None:
        self.font, self.measured = font, 0

    def size(self, text):
        self.measured += len(text)
        return self.font.size(text)

    def metrics(self, text):
        self.measured += len(text)
        return self.font.metrics(text)

    def __getattr__(self, name):
        return getattr(self.font, name)


@pytest.mark.parametrize("text", [
    "y" * 20_000,
    "".join(chr(0x41 + k % 50) for k in range(20_000)),
    "a" + "\u0301" * 20_000,
    "word " * 4_000,
])
def test_wrapping_measures_each_character_a_bounded_number_of_times(text_cache, text):
    """Linear, not a budget: the old wrapper measured a 2 000-character word ~10^9 times."""
    text_cache.clear()
    key = ("regular", text_cache.px("body"))
    counting = _CountingFont(text_cache.font("body"))
    text_cache._fonts[key] = counting
    try:
        text_cache.wrap(text, 300)
    finally:
        text_cache._fonts[key] = counting.font
    assert counting.measured <= 3 * len(text)
