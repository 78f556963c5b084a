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
