"""Timeline maths without Qt: date ↔ x, adaptive ticks, lane packing, binning.

Time is a float day number (days since 1970-01-01); day ``d`` covers ``[d, d + 1)``, so an
event stated for July 2022 covers ``[day(2022-07-01), day(2022-08-01))`` and is drawn as a span
of that width, never as a made-up day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)
MIN_SPAN_DAYS = 2.0  # zoomed in as far as a couple of days across the view
MAX_SPAN_DAYS = 365.25 * 300  # and out to three centuries
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def to_day(value: date) -> int:
    """Day number of a date."""
    return (value - EPOCH).days


def from_day(day: float) -> date:
    """The date containing day number ``day``."""
    return EPOCH + timedelta(days=int(np.floor(day)))


@dataclass(frozen=True, slots=True)
class Viewport:
    """Days ``[start, end)`` shown across ``width`` pixels (starting at x = ``left``)."""

    start: float
    end: float
    width: float
    left: float = 0.0

    @property
    def span(self) -> float:
        return self.end - self.start

    @property
    def px_per_day(self) -> float:
        return self.width / self.span

    def x(self, day: float | np.ndarray) -> float | np.ndarray:
        """Pixel x of a day number (works on numpy arrays)."""
        return self.left + (day - self.start) * self.px_per_day

    def day_at(self, x: float) -> float:
        return self.start + (x - self.left) / self.px_per_day

    def zoomed(self, factor: float, around_x: float) -> Viewport:
        """Zoom by ``factor`` (> 1 zooms in) keeping the day under ``around_x`` in place."""
        anchor = self.day_at(around_x)
        span = min(MAX_SPAN_DAYS, max(MIN_SPAN_DAYS, self.span / factor))
        ratio = (around_x - self.left) / self.width
        return replace(self, start=anchor - ratio * span, end=anchor + (1 - ratio) * span)

    def panned(self, dx: float) -> Viewport:
        """Move the content ``dx`` pixels to the right (the view goes back in time)."""
        shift = dx / self.px_per_day
        return replace(self, start=self.start - shift, end=self.end - shift)

    def resized(self, width: float, left: float | None = None) -> Viewport:
        return replace(self, width=max(1.0, width), left=self.left if left is None else left)


def fit(first_day: float, last_day: float, width: float, left: float = 0.0) -> Viewport:
    """A viewport showing ``[first_day, last_day]`` with a 3 % margin on each side."""
    span = max(MIN_SPAN_DAYS, last_day - first_day)
    margin = span * 0.03
    return Viewport(first_day - margin, first_day + span + margin, max(1.0, width), left)


@dataclass(frozen=True, slots=True)
class Tick:
    """A tick at day ``day`` with its label; ``major`` ticks carry the coarser unit."""

    day: float
    label: str
    major: bool


# Tick levels from coarse to fine: (unit, step).
_LEVELS: tuple[tuple[str, int], ...] = (
    ("year", 100),
    ("year", 50),
    ("year", 20),
    ("year", 10),
    ("year", 5),
    ("year", 2),
    ("year", 1),
    ("month", 6),
    ("month", 3),
    ("month", 1),
    ("day", 10),
    ("day", 5),
    ("day", 2),
    ("day", 1),
)
_APPROX_DAYS = {"year": 365.25, "month": 30.44, "day": 1.0}


def tick_level(viewport: Viewport, min_spacing: float = 56.0) -> tuple[str, int]:
    """The finest tick level whose ticks stay ``min_spacing`` pixels apart."""
    chosen = _LEVELS[0]
    for unit, step in _LEVELS:
        if _APPROX_DAYS[unit] * step * viewport.px_per_day >= min_spacing:
            chosen = (unit, step)
    return chosen


def ticks(viewport: Viewport, language: str = "zh", min_spacing: float = 56.0) -> list[Tick]:
    """Ticks for the viewport, labelled the Chinese way (2022年 / 7月 / 30日) or in English.

    A tick is ``major`` when it starts the next coarser unit (a year among months, a month
    among days); its label then names that unit too (2022年 at January, 7月 at the 1st).
    """
    unit, step = tick_level(viewport, min_spacing)
    first, last = from_day(viewport.start), from_day(viewport.end)
    return [
        Tick(to_day(d), _label(d, unit, language), _is_major(d, unit))
        for d in _tick_dates(first, last, unit, step)
    ]


def _tick_dates(first: date, last: date, unit: str, step: int) -> Iterator[date]:
    if unit == "year":
        year = max(1, first.year - first.year % step)
        while year <= last.year:
            yield date(year, 1, 1)
            year += step
    elif unit == "month":
        index = first.year * 12 + (first.month - 1)
        index -= index % step
        while index <= last.year * 12 + last.month - 1:
            yield date(index // 12, index % 12 + 1, 1)
            index += step
    else:
        current = date(first.year, first.month, 1)
        while current <= last:
            days = calendar.monthrange(current.year, current.month)[1]
            for day in range(1, days + 1, step):
                if day != 1 and days - day + 1 < step / 2:
                    continue  # no tick crowding the next month's 1st
                candidate = current.replace(day=day)
                if first <= candidate <= last:
                    yield candidate
            current = current + timedelta(days=days)


def _is_major(d: date, unit: str) -> bool:
    if unit == "year":
        return d.year % 10 == 0
    if unit == "month":
        return d.month == 1
    return d.day == 1


def _label(d: date, unit: str, language: str) -> str:
    zh = language.startswith("zh")
    if unit == "year":
        return f"{d.year}年" if zh else str(d.year)
    if unit == "month":
        if d.month == 1:
            return f"{d.year}年" if zh else str(d.year)
        return f"{d.month}月" if zh else _MONTHS_EN[d.month - 1]
    if d.day == 1:
        if d.month == 1:
            return f"{d.year}年" if zh else str(d.year)
        return f"{d.month}月" if zh else _MONTHS_EN[d.month - 1]
    return f"{d.day}日" if zh else str(d.day)


def pack_rows(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Greedy interval partitioning: a row per item so that items in a row do not overlap.

    ``starts``/``ends`` are day numbers with ``ends > starts``; returns the row of each item
    (0 for the first row). Uses as few rows as the maximum overlap.
    """
    order = np.argsort(starts, kind="stable")
    rows = np.zeros(len(starts), dtype=np.int32)
    row_ends: list[float] = []
    for index in order:
        start = starts[index]
        for row, end in enumerate(row_ends):
            if end <= start:
                rows[index] = row
                row_ends[row] = ends[index]
                break
        else:
            rows[index] = len(row_ends)
            row_ends.append(ends[index])
    return rows


def bin_counts(days: np.ndarray, viewport: Viewport, bin_px: float) -> np.ndarray:
    """How many of ``days`` fall in each ``bin_px``-wide pixel bin across the viewport."""
    bins = max(1, int(np.ceil(viewport.width / bin_px)))
    x = np.asarray(viewport.x(days), dtype=np.float64) - viewport.left
    inside = (x >= 0) & (x < viewport.width)
    index = (x[inside] / bin_px).astype(np.int64)
    return np.bincount(index, minlength=bins)[:bins]


def duration_label(days: int, language: str = "zh") -> str:
    """A readable duration between milestones: 40 天, 3 个月, 1.5 年."""
    zh = language.startswith("zh")
    if days < 120:
        return f"{days} 天" if zh else f"{days} d"
    if days < 730:
        months = round(days / 30.44)
        return f"{months} 个月" if zh else f"{months} mo"
    years = round(days / 365.25, 1)
    return f"{years:g} 年" if zh else f"{years:g} y"
