"""The automatic UI scale from the window's size and the display's DPI (issue 13), as a pure
function, and the DPI probe's clean fallback where SDL does not know it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autonomy_game.ui.app import BASE_H, BASE_W, DPI_HEADROOM, auto_scale
from autonomy_game.ui.dpi import REFERENCE_DPI, display_dpi, plausible
from autonomy_game.ui.theme import MAX_SCALE, MIN_SCALE, PROJECTOR_BOOST

sizes = st.tuples(st.integers(640, 7680), st.integers(360, 4320))
dpis = st.none() | st.floats(50, 700)


def _fit(size):
    return min(max(min(size[0] / BASE_W, size[1] / BASE_H), MIN_SCALE), MAX_SCALE)


def test_known_screens_get_the_scale_a_reader_needs():
    assert auto_scale((1280, 720), dpi=96) == 1.0  # the reference
    assert auto_scale((1920, 1080), dpi=None) == 1.5  # unknown DPI: the size decides
    assert auto_scale((1920, 1080), dpi=92) == 1.5  # a 24" monitor
    # A 13" laptop at 1920×1080 (166 DPI): text for 96 DPI would be 42 % smaller; raised
    # towards 166/96 = 1.73 as far as the headroom allows.
    assert auto_scale((1920, 1080), dpi=166) == pytest.approx(1.5 * DPI_HEADROOM)
    assert auto_scale((1920, 1080), dpi=160) == pytest.approx(160 / 96)
    # A 1280×720 window on a 27" 4K monitor (163 DPI): raised, within the headroom.
    assert auto_scale((1280, 720), dpi=163) == pytest.approx(DPI_HEADROOM)
    # 4K on a 65" television (68 DPI) or a projector: never lowered below the fit.
    assert auto_scale((3840, 2160), dpi=68) == 3.0
    # The projector preset and a dense display do not stack: the larger applies.
    assert auto_scale((1280, 720), True, dpi=157) == pytest.approx(PROJECTOR_BOOST)
    assert auto_scale((1920, 1080), True, dpi=110) == pytest.approx(1.5 * PROJECTOR_BOOST)


@given(sizes, dpis, st.booleans())
def test_the_scale_never_falls_below_the_windows_fit_nor_exceeds_its_headroom(size, dpi,
                                                                              projector):
    scale = auto_scale(size, projector, dpi)
    fit = _fit(size)
    assert fit * (PROJECTOR_BOOST if projector else 1.0) - 1e-9 <= scale
    assert scale <= fit * max(DPI_HEADROOM, PROJECTOR_BOOST) + 1e-9
    if dpi is None or dpi <= REFERENCE_DPI * fit:
        assert scale == auto_scale(size, projector)  # the DPI only ever raises it


@given(sizes, st.floats(50, 700), st.floats(50, 700))
def test_a_denser_display_never_gets_a_smaller_scale(size, a, b):
    low, high = sorted((a, b))
    assert auto_scale(size, dpi=low) <= auto_scale(size, dpi=high)


@given(dpis, sizes, sizes)
def test_a_larger_window_never_gets_a_smaller_fit(dpi, a, b):
    small = (min(a[0], b[0]), min(a[1], b[1]))
    large = (max(a[0], b[0]), max(a[1], b[1]))
    assert _fit(small) <= _fit(large)
    if dpi is None:
        assert auto_scale(small, dpi=dpi) <= auto_scale(large, dpi=dpi)


def test_implausible_dpi_reports_count_as_unknown():
    assert plausible(None) is None
    assert plausible(0.0) is None and plausible(10.0) is None and plausible(5000.0) is None
    assert plausible(110.0) == 110.0


def test_the_probe_falls_back_to_unknown_where_sdl_cannot_say():
    """Under the dummy driver SDL_GetDisplayDPI is unsupported: None, no exception, and the
    app's scale follows the window alone; a display index that does not exist is None too."""
    from autonomy_game.ui import env
    from autonomy_game.ui.app import App, Services, Settings

    env.headless_display()
    assert display_dpi() is None
    assert display_dpi(99) is None
    app = App(Services.create(settings=Settings(autosave=False)), (1920, 1080), window=False)
    assert app.dpi is None and app.services.theme.scale == 1.5
