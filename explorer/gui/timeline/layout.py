"""How tall the timeline's lanes are drawn, without Qt.

A lane is a point row (day glyphs, and the lane's header) over packed rows of periods
(brackets for a month, quarter, half or year; bars for a run of days). Roomy, the rows
carry their periods' labels; when the lanes do not fit, they are drawn denser, down to a
readable minimum, and past that the view scrolls (issue 17: 3 of 12 lanes showed, with no
scrollbar).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Density:
    """The rows of a lane at one density.

    Attributes
    ----------
    point_row : float
        The glyph row, which also holds the lane's icon and name.
    span_row : float
        Each packed row of brackets and bars.
    max_rows : int
        Packed rows drawn; more wrap onto these.
    labelled : bool
        Brackets carry their period's label (2022年第一季度) where it fits.
    padding : float
        Below the last row, above the lane's separator.
    """

    point_row: float
    span_row: float
    max_rows: int
    labelled: bool
    padding: float

    def lane_height(self, span_rows: int) -> float:
        return self.point_row + min(span_rows, self.max_rows) * self.span_row + self.padding


# Roomiest first. The last is the readable minimum: a 9 pt lane name and a glyph of
# radius 5 still fit in its 20 px point row.
DENSITIES: tuple[Density, ...] = (
    Density(point_row=30, span_row=16, max_rows=6, labelled=True, padding=4),
    Density(point_row=26, span_row=14, max_rows=3, labelled=True, padding=3),
    Density(point_row=22, span_row=6, max_rows=3, labelled=False, padding=2),
    Density(point_row=20, span_row=5, max_rows=2, labelled=False, padding=2),
)
ROOMY, COMPACT = DENSITIES[0], DENSITIES[-1]


def choose_density(span_rows: Sequence[int], room: float) -> Density:
    """The roomiest density at which lanes packing ``span_rows`` rows fit in ``room``
    pixels; the most compact when none does (the view then scrolls)."""
    for density in DENSITIES:
        if content_height(density, span_rows) <= room:
            return density
    return COMPACT


def content_height(density: Density, span_rows: Sequence[int]) -> float:
    """The height of lanes packing ``span_rows`` rows each, drawn at ``density``."""
    return float(sum(density.lane_height(rows) for rows in span_rows))
