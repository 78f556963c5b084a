"""Line charts as inline SVG, so the debrief page prints with no script and no network."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

# Okabe-Ito colours with distinct dash patterns: readable in print and by colour-blind readers.
STYLES = (("#0072B2", ""), ("#E69F00", "6 3"), ("#009E73", "2 2"), ("#CC79A7", "8 3 2 3"),
          ("#D55E00", "4 4"), ("#56B4E9", "1 3"))


def line_chart(title: str, labels: list[str], series: dict[str, list[float]],
               width: int = 640, height: int = 240, low: float = 0.0, high: float = 1.0,
               tick: Callable[[float], str] = lambda v: f"{v:.0%}") -> str:
    """Values over turns as an SVG line chart with a legend and quarter labels: shares (0-1)
    by default, or any scale from `low` to `high` with `tick` writing its labels (a
    scenario's own indicator, in its unit)."""
    span = (high - low) or 1.0
    left, right, top, bottom = 44, 28, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(labels), 2)

    def x(k: int) -> float:
        return left + plot_w * k / (count - 1)

    def y(v: float) -> float:
        return top + plot_h * (1 - min(max((v - low) / span, 0.0), 1.0))

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}">',
             f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>']
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        value = low + share * span
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" class="tick" '
                     f'text-anchor="end">{escape(tick(value))}</text>')
    step = max(1, len(labels) // 8)
    for k in range(0, len(labels), step):
        parts.append(f'<text x="{x(k):.1f}" y="{height - bottom + 16}" class="tick" '
                     f'text-anchor="middle">{escape(labels[k])}</text>')
    for n, (name, values) in enumerate(series.items()):
        colour, dash = STYLES[n % len(STYLES)]
        points = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in enumerate(values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2.5"{dash_attr}/>')
        lx = left + n * (plot_w / max(len(series), 1))
        parts.append(f'<line x1="{lx:.1f}" x2="{lx + 22:.1f}" y1="{height - 8}" '
                     f'y2="{height - 8}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        parts.append(f'<text x="{lx + 26:.1f}" y="{height - 4}" class="legend">'
                     f'{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
