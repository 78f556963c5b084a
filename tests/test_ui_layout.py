"""Every view at 1280×720, 1920×1080 and 3840×2160, with the projector preset off and on:
no text cut short, off the window or on top of other text, and text big enough to read
from the back of a classroom (issue 13)."""

from __future__ import annotations

import pytest

from autonomy_game.ui.screenshot import VIEWS, build_app
from tests.support.layout_audit import SIZES, audit_frame, resize

PRESETS = (False, True)


@pytest.fixture(scope="module")
def scenario():
    from autonomy_game.scenario import load_scenario

    return load_scenario("us-withdrawal")


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_keeps_its_text_whole_readable_and_apart(scenario, view):
    app = build_app(scenario, view, SIZES[0], turns=3)
    problems: list[str] = []
    smallest: dict[tuple, int] = {}
    for size in SIZES:
        for projector in PRESETS:
            resize(app, size, projector)
            found = audit_frame(app, view)
            problems += found.problems()
            smallest[size, projector] = found.min_px
    assert not problems, "\n".join(problems)
    # The projector preset: nothing under 16 px on a 1280×720 projector.
    assert smallest[SIZES[0], True] >= 16
    assert smallest[SIZES[0], False] >= 12
    # Scaling is continuous: 4K is the 1280×720 picture at three times the pixels, not an
    # island in an empty screen.
    for projector in PRESETS:
        assert smallest[SIZES[2], projector] >= 3 * smallest[SIZES[0], projector] - 3


def test_auto_scale_is_continuous_up_to_three_at_4k():
    from autonomy_game.ui.app import auto_scale
    from autonomy_game.ui.theme import PROJECTOR_BOOST

    assert auto_scale((1280, 720)) == 1.0
    assert auto_scale((1920, 1080)) == 1.5
    assert auto_scale((2560, 1440)) == 2.0
    assert auto_scale((3840, 2160)) == 3.0
    assert auto_scale((3840, 1080)) == 1.5  # the short side decides: the layout must fit
    assert auto_scale((1280, 720), projector=True) == pytest.approx(PROJECTOR_BOOST)
    assert auto_scale((800, 600)) == 1.0  # never below the designed size


def test_the_text_audit_catches_cut_and_overlapping_text():
    """The checks above can fail: a label squeezed into too little room is reported."""
    from autonomy_game.scenario import load_scenario
    from autonomy_game.ui.widgets import Frame

    app = build_app(load_scenario("tutorial"), "map", SIZES[0])
    original = Frame.label

    def squeezed(self, text, pos, size="body", weight="regular", colour="text",
                 anchor="topleft", max_width=None, tip=None, tip_title=None):
        return original(self, text, (10, 10), size, weight, colour, "topleft",
                        min(max_width or 60, 60), tip, tip_title)

    Frame.label = squeezed
    try:
        found = audit_frame(app, "map")
    finally:
        Frame.label = original
    assert found.cut and found.overlaps


def test_briefing_markup_gives_headings_and_paragraphs():
    from autonomy_game.scenario import load_scenario
    from autonomy_game.ui.text import briefing_blocks

    blocks = briefing_blocks("THE SITUATION. For seventy\nyears it held.\n\n## What to watch\n\n"
                             "U.S. commitment falls.\n- one\n- two\n\nNATO'S ROLE. It grows.")
    assert blocks == [("heading", "The situation"), ("paragraph", "For seventy years it held."),
                      ("heading", "What to watch"),
                      ("paragraph", "U.S. commitment falls.\n- one\n- two"),
                      ("heading", "Nato's role"), ("paragraph", "It grows.")]
    briefing = load_scenario("us-withdrawal").briefing
    headings = [text for kind, text in briefing_blocks(briefing) if kind == "heading"]
    assert headings[:2] == ["The situation", "The mechanics that matter"]
    assert not any(text.split(".")[0].isupper() and len(text.split(".")[0]) > 3
                   for kind, text in briefing_blocks(briefing) if kind == "paragraph")


def test_lens_scale_widens_to_fit_the_quarter_and_keeps_its_ends_off_the_sea():
    import numpy as np

    from autonomy_game.ui.lenses import LENSES, lens_by_key
    from autonomy_game.ui.theme import load_theme

    defence = lens_by_key("defence")
    assert defence.span(np.array([1.0, 2.0, 3.0])) == (0.5, 4.5)  # the fixed range
    lo, hi = defence.span(np.array([1.0, 4.6, 5.2]))
    assert lo == 0.5 and 5.2 <= hi <= 5.5  # widened in half-point steps, not saturated
    assert defence.shade(4.6, (lo, hi)) < defence.shade(5.2, (lo, hi))
    theme = load_theme()

    def distance(a, b):
        return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5

    for lens in LENSES:
        low = theme.ramp(lens.ramp, lens.shade(lens.lo))
        for background in ("sea", "land_other", "land_eu_out"):
            assert distance(low, theme.c(background)) > 40, (lens.key, background)


def test_tutorial_hints_sit_beside_what_they_describe_with_arrows():
    """The tutorial's first lesson names the top bar, the map and the state panel: it is a
    card over the map, nothing is dimmed, and each part named is outlined (issue 13)."""
    from autonomy_game.scenario import load_scenario
    from autonomy_game.ui import hints, hud

    app = build_app(load_scenario("tutorial"), "event", SIZES[0])
    scene = app.top
    assert scene.name == "event" and not scene.dim
    assert [part for _, part in scene._hint_targets()] == ["top", "map", "side"]
    problems = []
    for size in SIZES:
        for projector in PRESETS:
            resize(app, size, projector)
            problems += audit_frame(app, "event").problems()
            from autonomy_game.ui.widgets import Frame

            frame = Frame(app.surface, app.services.theme, app.services.text,
                          app.services.glossary)
            card = hints.card_rect(frame, 10_000)
            rects = hud.layout(app.surface, frame)
            assert not card.colliderect(rects["top"]) and not card.colliderect(rects["side"])
            assert not card.colliderect(rects["bottom"])
            # The outline of the top bar is drawn in the focus colour.
            top = rects["top"]
            assert tuple(app.surface.get_at((top.centerx, top.y + 1)))[:3] == \
                app.services.theme.c("focus")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("view", VIEWS)
def test_a_dense_displays_larger_scale_keeps_every_view_whole(scenario, view):
    """A small window on a high-DPI display gets up to DPI_HEADROOM more than the window's
    fit (ui/app.py auto_scale), with the preset off and on (they do not stack): the views
    must hold that too."""
    from autonomy_game.ui.app import DPI_HEADROOM

    app = build_app(scenario, view, SIZES[0], turns=3)
    app.dpi = 400.0  # a phone-class density: the full headroom
    problems: list[str] = []
    for size in SIZES[:2]:
        for projector in PRESETS:
            resize(app, size, projector)
            fit = min(size[0] / 1280, size[1] / 720)
            assert app.services.theme.scale == pytest.approx(fit * DPI_HEADROOM)
            problems += audit_frame(app, view).problems()
    assert not problems, "\n".join(problems)
