"""A Datasette plugin of `kavkaz serve`: any table, view or query as a line chart, one more export format (`.svg`).

Why our own and not a published chart plugin: the maintained ones (datasette-plot 0.1.0, datasette-dashboards
0.8.0) require Datasette 1.0 alphas, and datasette-vega's last release is years old; an SVG written here needs no
JavaScript and no new dependency. Every page of `kavkaz serve` offers it beside JSON and CSV: `…/monthly_counts.svg`
draws articles per month, one line per language; `…/casualties_per_year.svg` killed per year, one line per region.

The columns are read as: x — the first column that is neither a series nor a number (a month, a year, a day),
sorted, so the axis only goes forward; one line per value of the first series column present (`lang`, `region`,
`side`); y — the column named by `?_y=`, else the first numeric column.
"""

from __future__ import annotations

from html import escape
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

SERIES = ("lang", "region", "side")
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf")
WIDTH, HEIGHT, MARGIN = 960, 400, 56


def _numeric(rows: list[Any], column: str) -> bool:
    values = [row[column] for row in rows if row[column] is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def chart_columns(columns: list[str], rows: list[Any], wanted_y: str | None = None) -> tuple[str, str | None, str] | None:
    """(x, series, y) of a result, or None when it has nothing to draw."""
    if not rows:
        return None
    series = next((c for c in SERIES if c in columns), None)
    numbers = [c for c in columns if c != series and _numeric(rows, c)]
    others = [c for c in columns if c != series and c not in numbers]
    y = wanted_y if wanted_y in numbers else (numbers[0] if numbers else None)
    x = others[0] if others else None
    return (x, series, y) if x and y else None


def svg_chart(columns: list[str], rows: list[Any], wanted_y: str | None = None, title: str = "") -> str | None:
    chosen = chart_columns(columns, rows, wanted_y)
    if chosen is None:
        return None
    x, series, y = chosen
    xs = sorted({str(row[x]) for row in rows if row[x] is not None})
    lines: dict[str, dict[str, float]] = {}
    for row in rows:
        if row[x] is None or row[y] is None:
            continue
        name = str(row[series]) if series else y
        line = lines.setdefault(name, {})
        line[str(row[x])] = line.get(str(row[x]), 0) + row[y]
    top = max((v for line in lines.values() for v in line.values()), default=0) or 1
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def at(index: int, value: float) -> str:
        px = MARGIN + (plot_w * index / max(len(xs) - 1, 1))
        return f"{px:.1f},{MARGIN + plot_h - plot_h * value / top:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" '
             f'font-size="12"><title>{escape(title or f"{y} by {x}")}</title>',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
             f'<text x="{MARGIN}" y="{MARGIN - 24}" font-size="14">{escape(title or y)} — {escape(y)} by {escape(x)}'
             f'{escape(f", one line per {series}") if series else ""}</text>',
             f'<line x1="{MARGIN}" y1="{MARGIN + plot_h}" x2="{MARGIN + plot_w}" y2="{MARGIN + plot_h}" stroke="#333"/>',
             f'<line x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" y2="{MARGIN + plot_h}" stroke="#333"/>',
             f'<text x="{MARGIN - 6}" y="{MARGIN + 4}" text-anchor="end">{top:g}</text>',
             f'<text x="{MARGIN - 6}" y="{MARGIN + plot_h}" text-anchor="end">0</text>']
    for index in sorted({0, len(xs) // 2, len(xs) - 1}):
        parts.append(f'<text x="{at(index, 0).split(",")[0]}" y="{MARGIN + plot_h + 18}" text-anchor="middle">'
                     f"{escape(xs[index])}</text>")
    for number, (name, line) in enumerate(sorted(lines.items())):
        colour = COLOURS[number % len(COLOURS)]
        points = " ".join(at(i, line[value]) for i, value in enumerate(xs) if value in line)
        parts.append(f'<polyline class="series" data-series="{escape(name)}" fill="none" stroke="{colour}" '
                     f'stroke-width="1.5" points="{points}"/>')
        parts.append(f'<rect x="{MARGIN + plot_w - 150}" y="{MARGIN + 16 * number}" width="10" height="10" '
                     f'fill="{colour}"/><text x="{MARGIN + plot_w - 134}" y="{MARGIN + 9 + 16 * number}">'
                     f"{escape(name)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _can_render(columns: list[str]) -> bool:
    return len(columns) >= 2


async def _render(columns: list[str], rows: list[Any], request: Any, query_name: str | None,
                  table: str | None) -> Response:  # Datasette passes the arguments a renderer names
    svg = svg_chart(columns, rows, request.args.get("_y"), title=query_name or table or "")
    if svg is None:
        return Response.text("nothing to draw: a chart needs a column to run along (a month, a year) and a number",
                             status=400)
    return Response(svg, content_type="image/svg+xml; charset=utf-8")


@hookimpl
def register_output_renderer(datasette: Any) -> dict:
    return {"extension": "svg", "render": _render, "can_render": _can_render}
