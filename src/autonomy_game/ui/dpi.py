"""The display's pixel density, for the automatic UI scale (issue 13: "chosen from the
window's size and the display's DPI").

pygame-ce has no call for it (`pygame.display` gives sizes and refresh rates only; the
`_sdl2.video.Window` class has none either), so this asks SDL itself, the library pygame
loaded, through ctypes: `SDL_GetDisplayDPI(display, &ddpi, &hdpi, &vdpi)`. SDL's own notes
warn that hardware reports are not always reliable; values outside a plausible range are
treated as unknown, and every failure (no SDL found, the call unsupported as under the dummy
and offscreen drivers, a display index out of range) gives None: the scale then follows the
window size alone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from pathlib import Path

REFERENCE_DPI = 96.0  # what the 1280×720 layout is drawn for (1.0 = 96 px to the inch)
PLAUSIBLE_DPI = (50.0, 700.0)  # outside this a reported DPI is a driver's guess


def _loaded_sdl_path() -> str | None:
    """The SDL2 library this process already loaded (pygame's own copy), else a bundled
    or system one."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                name = line.rsplit(" ", 1)[-1].strip()
                if "libSDL2-2" in Path(name).name or Path(name).name.startswith("libSDL2.so"):
                    return name
    except OSError:
        pass  # not Linux
    try:
        import pygame
    except ImportError:  # pragma: no cover - pygame is a dependency
        return None
    here = Path(pygame.__file__).parent
    patterns = ("SDL2.dll", "libSDL2*.dylib", "libSDL2*.so*")
    for folder in (here, here / ".dylibs", here.parent / "pygame_ce.libs"):
        for pattern in patterns:
            found = sorted(folder.glob(pattern))
            if found:
                return str(found[0])
    return ctypes.util.find_library("SDL2")


@functools.lru_cache(maxsize=1)
def _sdl():
    path = _loaded_sdl_path()
    if path is None:
        return None
    try:
        lib = ctypes.CDLL(path)
        call = lib.SDL_GetDisplayDPI
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int] + [ctypes.POINTER(ctypes.c_float)] * 3
    call.restype = ctypes.c_int
    return call


def plausible(dpi: float | None) -> float | None:
    """`dpi` if it is a believable display density, else None."""
    if dpi is None or not PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
        return None
    return float(dpi)


def display_dpi(display: int | None = None) -> float | None:
    """The horizontal DPI SDL reports for `display` (default: the one showing the focused
    window, else the first), None when unknown. Call after the display is set up; never
    raises."""
    try:
        call = _sdl()
        if call is None:
            return None
        index = _window_display() if display is None else int(display)
        d, h, v = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if call(index, ctypes.byref(d), ctypes.byref(h), ctypes.byref(v)) != 0:
            return None
        return plausible(h.value or d.value)
    except Exception:  # a foreign call on an unknown platform: never fatal
        return None


def _window_display() -> int:
    """The display of the window with keyboard focus (SDL_GetWindowDisplayIndex), else 0."""
    path = _loaded_sdl_path()
    if path is None:
        return 0
    lib = ctypes.CDLL(path)
    lib.SDL_GetKeyboardFocus.restype = ctypes.c_void_p
    window = lib.SDL_GetKeyboardFocus()
    if not window:
        return 0
    lib.SDL_GetWindowDisplayIndex.argtypes = [ctypes.c_void_p]
    lib.SDL_GetWindowDisplayIndex.restype = ctypes.c_int
    return max(int(lib.SDL_GetWindowDisplayIndex(window)), 0)
