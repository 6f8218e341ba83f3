"""Terminal tables that fit the terminal: long cells wrap (fold) instead of being cut.

Rich's default cuts a cell that cannot break at a space with an ellipsis, so at 80 columns
page paths became ``guides/vibration-analysis/index…`` and headers ``regene…``. Every aeoloop
table is built here, with ``overflow="fold"`` on every column: a long path continues on the
next line and stays copyable, whatever the width.
"""

from __future__ import annotations

from rich.table import Table


def table(*headers: str, whole: dict[str, list[str]] | None = None, show_lines: bool = False) -> Table:
    """A borderless table whose cells wrap at spaces and fold long words, never cut.

    ``whole`` names columns whose values (page paths) should stay on one line when the terminal
    allows: they get a minimum width of their longest value, at most 30 (so an 80-column terminal still fits).
    """
    out = Table(box=None, show_lines=show_lines)
    for header in headers:
        values = (whole or {}).get(header)
        min_width = min(max((len(v) for v in values), default=0), 30) if values else None
        out.add_column(header, overflow="fold", min_width=min_width)
    return out
