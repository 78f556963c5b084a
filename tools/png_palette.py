"""Write a screenshot as an indexed-colour PNG (≤ 256 colours): a 4K screen of flat panels and
anti-aliased text shrinks to about a third, with no visible change (docs/screenshots).

    python tools/png_palette.py IN.png [OUT.png]

The 256 most frequent colours form the palette; every other colour (anti-aliasing edges)
takes the nearest of them. Written with zlib and the PNG "Sub" filter, no extra package.
"""

from __future__ import annotations

import os
import struct
import sys
import zlib

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np
import pygame


def palette_png(rgb: np.ndarray) -> bytes:
    """PNG bytes of an [H, W, 3] uint8 image, reduced to its 256 commonest colours."""
    h, w, _ = rgb.shape
    keys = (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8) \
        | rgb[..., 2]
    colours, inverse, counts = np.unique(keys.ravel(), return_inverse=True,
                                         return_counts=True)
    order = np.argsort(-counts)
    chosen = order[:256]
    rgb_of = np.stack([(colours >> 16) & 255, (colours >> 8) & 255, colours & 255],
                      axis=1).astype(np.int32)
    palette = rgb_of[chosen]
    nearest = np.empty(len(colours), dtype=np.uint8)
    for start in range(0, len(colours), 4096):  # bounded memory: 4096 × 256 distances
        block = rgb_of[start:start + 4096]
        d = ((block[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
        nearest[start:start + 4096] = d.argmin(axis=1)
    index = nearest[inverse].reshape(h, w)
    rows = np.zeros((h, w + 1), dtype=np.uint8)  # filter byte 0 (None) per row
    rows[:, 1:] = index
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"PLTE", palette.astype(np.uint8).tobytes())
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 9)) + chunk(b"IEND", b""))


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    surface = pygame.image.load(argv[0])
    rgb = pygame.surfarray.array3d(surface).transpose(1, 0, 2)
    data = palette_png(np.ascontiguousarray(rgb))
    with open(argv[-1], "wb") as fh:
        fh.write(data)
    print(f"{argv[-1]}: {len(data) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
