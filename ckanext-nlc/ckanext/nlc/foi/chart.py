"""Server-rendered SVG chart: requests per topic per quarter, publication dates marked.

No JavaScript and no CDN; the SVG has a title and description, and the page
shows the same figures as a table (the text alternative).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.nlc.vocab import quarter_bounds
from markupsafe import Markup, escape

LABEL_W = 250
COL_W = 96
ROW_H = 28
BAR_H = 22
TOP = 46
BAR_COLOUR = "#0b4f8a"  # 8.3:1 on white
MARK_COLOUR = "#942514"  # 7.9:1 on white


def _x_for(day: dt.date, quarters: list[str]) -> float | None:
    """Horizontal position of a date on the quarter axis, None when outside it."""
    for i, label in enumerate(quarters):
        start, end = quarter_bounds(label)
        if start <= day < end:
            return LABEL_W + COL_W * (i + (day - start).days / (end - start).days)
    return None


def _short(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def render(dash: dict[str, Any], *, chart_id: str = "foi-chart") -> Markup:
    """The chart as an inline ``<svg>`` element."""
    quarters: list[str] = list(dash["quarters"])
    rows: list[dict[str, Any]] = dash["top_topics"]
    peak = max([n for r in rows for n in r["by_quarter"].values()] or [0]) or 1
    width = LABEL_W + COL_W * max(len(quarters), 1) + 20
    height = TOP + ROW_H * max(len(rows), 1) + 10
    marked = sum(1 for r in rows if r.get("published_date"))
    partial_q = list(dash.get("partial_quarters") or ())
    title = "Requests per topic per quarter, with publication dates"
    desc = (
        f"{len(rows)} most-requested topics, {len(quarters)} quarters ({', '.join(quarters)}); "
        f"bar height is the number of requests (largest {peak}); a red diamond and line mark when "
        f"a dataset answering the topic was published ({marked} topics). "
        + (f"Partial quarters, hatched: {', '.join(sorted(partial_q))}. " if partial_q else "")
        + "The same figures are in the table that follows."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nlc-foi-chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    partial = set(dash.get("partial_quarters") or ())
    out.append(
        '<defs><pattern id="nlc-foi-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<rect width="3" height="6" fill="{BAR_COLOUR}"/></pattern></defs>'
    )
    for i, label in enumerate(quarters):
        x = LABEL_W + COL_W * i
        shown = f"{label} (partial)" if label in partial else label
        out.append(f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{height - 10}" stroke="#b1b4b6"/>')
        out.append(
            f'<text x="{x + COL_W / 2}" y="{TOP - 14}" text-anchor="middle" font-size="12" '
            f'fill="#0b0c0c">{escape(shown)}</text>'
        )
    out.append(
        f'<text x="8" y="18" font-size="12" fill="#0b0c0c">'
        f"Bar: requests in the quarter (largest {peak}).</text>"
        f'<path d="M{LABEL_W + 4} 14 l5 -5 l5 5 l-5 5 z" fill="{MARK_COLOUR}"/>'
        f'<text x="{LABEL_W + 20}" y="18" font-size="12" fill="#0b0c0c">dataset published</text>'
    )
    for n, row in enumerate(rows):
        y = TOP + ROW_H * n
        out.append(f'<g class="nlc-foi-chart-row" data-topic="{escape(row["topic"])}">')
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + ROW_H / 2 + 4}" text-anchor="end" font-size="13" '
            f'fill="#0b0c0c">{escape(_short(str(row["rank"]) + ". " + row["label"]))}</text>'
        )
        for i, label in enumerate(quarters):
            count = int(row["by_quarter"].get(label, 0))
            h = BAR_H * count / peak
            x = LABEL_W + COL_W * i + COL_W * 0.2
            fill = "url(#nlc-foi-hatch)" if label in partial else BAR_COLOUR
            note = " (partial quarter)" if label in partial else ""
            out.append(
                f'<rect class="nlc-foi-bar" x="{x:.1f}" y="{y + ROW_H - 3 - h:.1f}" '
                f'width="{COL_W * 0.6:.1f}" height="{h:.1f}" fill="{fill}" stroke="{BAR_COLOUR}">'
                f"<title>{escape(row['label'])}, {escape(label)}{note}: {count} requests</title></rect>"
            )
        published = row.get("published_date")
        if published:
            x = _x_for(dt.date.fromisoformat(published), quarters)
            if x is not None:
                out.append(
                    f'<g class="nlc-foi-published"><line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" '
                    f'y2="{y + ROW_H - 2}" stroke="{MARK_COLOUR}" stroke-width="2" stroke-dasharray="3 2"/>'
                    f'<path d="M{x:.1f} {y + 1} l5 5 l-5 5 l-5 -5 z" fill="{MARK_COLOUR}"/>'
                    f"<title>{escape(row['label'])}: published {escape(published)}</title></g>"
                )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))
