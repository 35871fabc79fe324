"""Geometry for the activity heatmap and the weekly hours chart (server-rendered SVG)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe

from apps.core.html import escape

CELL = 12
GAP = 3
HEATMAP_LEFT = 30
HEATMAP_TOP = 20
LEVEL_COLOURS = ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"]
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec"]  # fmt: skip


class Cell(NamedTuple):  # a tuple: 371 of them per dashboard
    x: int
    y: int
    day: dt.date
    changes: int
    colour: str


class GridDay(NamedTuple):
    """A day's place in the year grid, with its cell written out for each number of changes
    below ``_WRITTEN_OUT``, and the start of it for any more (the top colour)."""

    day: dt.date
    x: int
    y: int
    written: tuple[str, ...]
    busy: str


_WRITTEN_OUT = 12  # above 10 changes the colour no longer changes: only the number does


def _rect_start(x: int, y: int, day: dt.date, changes: int) -> str:
    return (
        f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2" '
        f'fill="{LEVEL_COLOURS[_level(changes)]}"><title>{WEEKDAY_NAMES[day.weekday()]} '
        f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}: "
    )


def _rect_end(changes: int) -> str:
    return f'{changes} change{"" if changes == 1 else "s"}</title></rect>'


class YearGrid(NamedTuple):
    """Everything in the picture that depends only on the day it ends on: the same for
    every learner, so built once per day and process (``_year_grid``)."""

    days: tuple[GridDay, ...]
    months: tuple[tuple[int, str], ...]
    month_labels: str


@lru_cache(maxsize=4)
def _year_grid(today: dt.date, weeks: int) -> YearGrid:
    first = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks - 1)
    days, months, last_month = [], [], None
    day = first
    while day <= today:
        x = HEATMAP_LEFT + (day - first).days // 7 * (CELL + GAP)
        y = HEATMAP_TOP + day.weekday() * (CELL + GAP)
        written = tuple(_rect_start(x, y, day, n) + _rect_end(n) for n in range(_WRITTEN_OUT))
        days.append(GridDay(day, x, y, written, _rect_start(x, y, day, _WRITTEN_OUT)))
        if day.day <= 7 and day.weekday() == 0 and day.month != last_month:
            months.append((x, MONTH_NAMES[day.month - 1]))
            last_month = day.month
        day += dt.timedelta(days=1)
    labels = "".join(
        f'<text x="{x}" y="12" class="chart-label">{escape(label)}</text>' for x, label in months
    )
    return YearGrid(tuple(days), tuple(months), labels)


@dataclass
class Heatmap:
    width: int
    height: int
    grid: YearGrid
    activity: dict[dt.date, int]
    active_days: int
    total_changes: int
    summary: str

    @property
    def months(self) -> tuple[tuple[int, str], ...]:
        return self.grid.months

    @cached_property
    def cells(self) -> list[Cell]:
        return [
            Cell(d.x, d.y, d.day, n, LEVEL_COLOURS[_level(n)])
            for d in self.grid.days
            for n in (self.activity.get(d.day, 0),)
        ]

    @cached_property
    def svg(self) -> SafeString:
        """The picture as one string: 371 cells through the template engine cost a third of
        the dashboard's rendering. Each day's cell is written out already (``YearGrid``)."""
        get = self.activity.get
        parts = [
            f'<svg viewBox="0 0 {self.width} {self.height}" width="{self.width}" '
            f'height="{self.height}" role="img" aria-labelledby="heatmap-title heatmap-desc" '
            'class="heatmap">\n'
            '    <title id="heatmap-title">Your activity over the last year</title>\n'
            f'    <desc id="heatmap-desc">{escape(self.summary)}</desc>\n    ',
            self.grid.month_labels,
            '\n    <text x="0" y="40" class="chart-label">Mon</text>\n'
            '    <text x="0" y="85" class="chart-label">Thu</text>\n'
            '    <text x="0" y="115" class="chart-label">Sun</text>\n    ',
            *(d.written[n] if (n := get(d.day, 0)) < _WRITTEN_OUT else d.busy + _rect_end(n)
              for d in self.grid.days),
            "\n  </svg>",
        ]  # fmt: skip
        return mark_safe("".join(parts))  # noqa: S308 — numbers, dates and escaped text only


def _level(changes: int) -> int:
    if changes == 0:
        return 0
    if changes <= 2:
        return 1
    if changes <= 5:
        return 2
    if changes <= 10:
        return 3
    return 4


def heatmap(activity: dict[dt.date, int], today: dt.date, weeks: int = 53) -> Heatmap:
    """A year of days as a grid: a column per week (Monday at the top), a cell per day."""
    grid = _year_grid(today, weeks)
    first = grid.days[0].day
    shown = [n for day, n in activity.items() if n and first <= day <= today]
    active, total = len(shown), sum(shown)
    summary = (
        f"{active} active day{'s' if active != 1 else ''} and {total} change"
        f"{'s' if total != 1 else ''} in the last year."
    )
    return Heatmap(
        width=HEATMAP_LEFT + weeks * (CELL + GAP),
        height=HEATMAP_TOP + 7 * (CELL + GAP) + 4,
        grid=grid,
        activity=activity,
        active_days=active,
        total_changes=total,
        summary=summary,
    )


def active_weeks(activity: dict[dt.date, int], check_in_weeks: set[dt.date], today: dt.date,
                 weeks: int = 12) -> tuple[int, int]:  # fmt: skip
    """How many of the last ``weeks`` weeks (this one included) had any activity."""
    this_monday = today - dt.timedelta(days=today.weekday())
    mondays = {this_monday - dt.timedelta(weeks=n) for n in range(weeks)}
    first = this_monday - dt.timedelta(weeks=weeks - 1)
    active = {
        day - dt.timedelta(days=day.weekday()) for day, n in activity.items() if n and day >= first
    }
    active |= check_in_weeks
    return len(mondays & active), weeks


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    hours: Decimal | None
    week: dt.date


@dataclass(frozen=True)
class HoursChart:
    width: int
    height: int
    bars: list[Bar]
    planned_y: float
    planned: int
    top: float
    summary: str
    baseline: float

    @cached_property
    def svg(self) -> SafeString:
        """The figure as one string, as includes/hours_chart.html wrote it."""
        summary, baseline = escape(self.summary), _number(self.baseline)
        parts = [
            '<figure class="chart-figure">\n'
            '  <div class="chart-scroll" tabindex="0" role="region" aria-label="Hours per week '
            '(scrolls sideways on small screens)">\n'
            f'  <svg viewBox="0 0 {self.width} {self.height}" role="img" '
            'aria-labelledby="hours-title hours-desc" class="hours-chart">\n'
            '    <title id="hours-title">Hours per week against your plan</title>\n'
            f'    <desc id="hours-desc">{summary}</desc>\n'
            f'    <line x1="40" x2="{self.width}" y1="{baseline}" y2="{baseline}" '
            'class="axis"></line>\n    '
        ]
        for bar in self.bars:
            rect = ""
            if bar.hours is not None:
                met = " bar-met" if bar.hours >= self.planned else ""
                rect = (
                    f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" '
                    f'class="bar{met}"><title>Week of {escape(bar.label)}: {_number(bar.hours)} '
                    "hours</title></rect>"
                )
            parts.append(
                f"\n    <g>\n      {rect}\n"
                f'      <text x="{int(bar.x) + 8}" y="{int(self.baseline) + 16}" '
                f'class="chart-label" text-anchor="middle">{escape(bar.label)}</text>\n'
                "    </g>\n    "
            )
        parts.append("\n    ")
        if self.planned:
            parts.append(
                f'\n    <line x1="40" x2="{self.width}" y1="{self.planned_y}" '
                f'y2="{self.planned_y}" class="planned-line"></line>\n'
                f'    <text x="36" y="{int(self.planned_y) + 4}" text-anchor="end" '
                f'class="chart-label">{self.planned} h</text>\n    '
            )
        parts.append(
            "\n  </svg>\n  </div>\n"
            f"  <figcaption>{summary} The dashed line is your planned {self.planned} hours a "
            "week.</figcaption>\n</figure>\n"
        )
        return mark_safe("".join(parts))  # noqa: S308 — numbers and escaped text only


def _number(value) -> str:
    """A number as the template engine prints it (Decimal places kept, no exponent)."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def hours_chart(hours_by_week: dict[dt.date, Decimal], planned: int, today: dt.date,
                weeks: int = 12) -> HoursChart:  # fmt: skip
    width, height, left, bottom, top_pad = 640, 220, 40, 30, 16
    this_monday = today - dt.timedelta(days=today.weekday())
    mondays = [this_monday - dt.timedelta(weeks=n) for n in reversed(range(weeks))]
    top = max([float(planned), *[float(h) for h in hours_by_week.values()], 1.0]) * 1.15
    plot_height = height - bottom - top_pad
    slot = (width - left) / weeks

    def y_of(hours: float) -> float:
        return round(top_pad + plot_height * (1 - hours / top), 1)

    bars = []
    for index, monday in enumerate(mondays):
        hours = hours_by_week.get(monday)
        value = float(hours) if hours is not None else 0.0
        bars.append(Bar(
            x=round(left + index * slot + slot * 0.15, 1), y=y_of(value),
            width=round(slot * 0.7, 1), height=round(plot_height * value / top, 1),
            label=monday.strftime("%-d %b"), hours=hours, week=monday,
        ))  # fmt: skip
    logged = [b for b in bars if b.hours is not None]
    met = sum(1 for b in logged if b.hours >= planned)
    summary = (
        f"Hours per week over the last {weeks} weeks against your plan of {planned}: "
        f"{len(logged)} week{'s' if len(logged) != 1 else ''} logged, {met} at or above plan."
    )
    return HoursChart(width, height, bars, y_of(planned), planned, top, summary,
                      baseline=height - bottom)  # fmt: skip
