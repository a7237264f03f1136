"""What the report shows under a step, as HTML (every text escaped): a
failure's headline and the rows it compared, and a scenario's storyboard strip.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from harness.results.storyboard import Frame
from harness.run.failures import Comparison, Explanation


def storyboard_html(frames: list[Frame], report: Path) -> str:
    """A scenario's frames as a strip of captioned pictures (every text
    escaped); each picture links to its full-size file, relative to `report`."""
    figures = []
    for frame in frames:
        step = f'<span class="frame-step">{html.escape(frame.step)}</span>'
        where = f' title="{html.escape(frame.url, quote=True)}"' if frame.url else ""
        if frame.image:
            alt = html.escape(f"{frame.person}'s screen after: {frame.step}", quote=True)
            picture = f'<img alt="{alt}" src="data:image/jpeg;base64,{frame.image}">'
            if frame.full is not None:
                full = Path(os.path.relpath(frame.full.resolve(), report.resolve().parent))
                link = html.escape(full.as_posix(), quote=True)
                picture = f'<a href="{link}" title="the full-size picture">{picture}</a>'
            figures.append(
                f"<figure{where}>{picture}<figcaption>What {html.escape(frame.person)} saw"
                f"{step}{html.escape(frame.note)}</figcaption></figure>"
            )
        else:
            figures.append(
                f'<figure class="unchanged"><figcaption>{html.escape(frame.note)}{step}'
                "</figcaption></figure>"
            )
    return f'<div class="storyboard">{"".join(figures)}</div>'


def failure_html(told: Explanation) -> str:
    """The headline, and the rows compared as a two-column table with the
    rows that differ marked, as HTML (every text escaped)."""
    parts = [f'<div class="headline">{html.escape(told.headline)}</div>']
    if told.comparison is not None:
        parts.append(_comparison_html(told.comparison))
    return "".join(parts)


def _comparison_html(comparison: Comparison) -> str:
    rows = "".join(
        f'<tr class="{"differs" if row.differs else "same"}">'
        f'<td class="mark">{"≠" if row.differs else ""}</td>'
        f"<td>{html.escape(row.expected)}</td><td>{html.escape(row.actual)}</td></tr>"
        for row in comparison.rows
    )
    return (
        '<table class="comparison"><thead><tr><th></th><th>expected</th><th>shown</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
