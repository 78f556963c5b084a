"""The end screen: every defeat that held is marked, the values that decided each goal are
shown, and the debrief is written beside the saves and opened with one click."""

from __future__ import annotations

from autonomy_game.ui.screenshot import build_app
from tests.test_ui_support import small_scenario


def test_the_end_screen_writes_the_debrief_beside_the_saves_and_opens_it(tmp_path, monkeypatch):
    from autonomy_game.ui.scenes import end

    opened = []
    monkeypatch.setattr(end, "open_in_browser", opened.append)
    app = build_app(small_scenario(), "end")
    app.services.autosave_path = tmp_path / "class.json"
    app.render()
    assert app.top.name == "end"
    zone = app.find(("debrief",))
    assert zone is not None, "no Write debrief button on the end screen"
    app.apply(app.top.on_action(("debrief",), zone.rect.center))
    page = tmp_path / "class.html"
    assert page.exists() and page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert opened == [page]
    assert str(page) in app.services.session.saved_note
    app.render()  # the note is drawn without error


def test_the_end_screen_marks_every_defeat_that_held():
    """Issue 10: two defeat conditions at once; the second read "✓ Defeat avoided"."""
    from autonomy_game.ui.scenes.end import goal_rows
    from tests.test_debrief import _two_defeats_at_once

    game = _two_defeats_at_once()
    rows = [r for r in goal_rows(game) if r.label.startswith("Defeat")]
    assert [r.status for r in rows] == ["hit", "hit"]
    assert all("crossed by" in r.values for r in rows)
