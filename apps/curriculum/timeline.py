"""Geometry for the server-rendered SVG pictures of an arc of months: the roadmap's own
12 months, or a learner's plan scaled to their bucket and hours."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 960
LEFT = 16
RIGHT = 16
BAND_Y = 40
BAND_HEIGHT = 56
PHASE_COLOURS = ["#1f6feb", "#8250df", "#bf3989", "#bc4c00"]


@dataclass(frozen=True)
class Segment:
    """A phase on the month axis: it runs from ``start`` to ``end`` months (0 = the start)."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    label: str
    months: str
    colour: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    kind: str  # "slump" or "today"


@dataclass(frozen=True)
class ArcPicture:
    width: int
    height: int
    bands: list[Band]
    ticks: list[Tick]
    markers: list[Marker]
    summary: str
    band_y: int = BAND_Y
    band_height: int = BAND_HEIGHT


def _fit(text: str, width: float, char_width: float) -> str:
    """Shorten a band's label to what its width holds; the text alternative has it in full."""
    room = int((width - 12) / char_width)
    if len(text) <= room:
        return text
    return text[: room - 1].rstrip() + "…" if room >= 4 else ""


def month_span_label(start: float, end: float) -> str:
    """Months 0.0–2.0 are "Months 1–2"; a fractional plan rounds to whole months."""
    first = math.floor(start) + 1
    last = max(first, math.ceil(end - 1e-9))
    return f"Month {first}" if first == last else f"Months {first}–{last}"


def arc_picture(
    segments: list[Segment],
    total_months: float,
    slumps: list[tuple[float, str]] = (),
    today: float | None = None,
) -> ArcPicture:
    """Lay phases out on a month axis. ``slumps`` are (position, label) pairs; ``today`` is
    the position of today's marker, if any, clamped to the axis."""
    usable = WIDTH - LEFT - RIGHT
    per_month = usable / total_months

    def x_at(month: float) -> float:
        return round(LEFT + min(max(month, 0), total_months) * per_month, 1)

    bands = [
        Band(
            x=x_at(segment.start),
            width=round((segment.end - segment.start) * per_month, 1),
            label=_fit(segment.title, (segment.end - segment.start) * per_month, 8.6),
            months=_fit(
                month_span_label(segment.start, segment.end),
                (segment.end - segment.start) * per_month,
                7.2,
            ),
            colour=PHASE_COLOURS[index % len(PHASE_COLOURS)],
        )
        for index, segment in enumerate(segments)
    ]
    whole_months = math.ceil(total_months - 1e-9)
    step = 1 if whole_months <= 18 else 3
    ticks = [
        Tick(x=x_at(month - 0.5), label=str(month))
        for month in range(1, whole_months + 1)
        if month == 1 or month % step == 0
    ]
    markers = [Marker(x=x_at(position), label=label, kind="slump") for position, label in slumps]
    summary = "; ".join(f"{band.months}: {band.label}" for band in bands) + "."
    if slumps:
        summary += " Slumps to expect: " + ", ".join(label for _, label in slumps) + "."
    if today is not None:
        markers.append(Marker(x=x_at(today), label="Today", kind="today"))
    return ArcPicture(
        width=WIDTH, height=170, bands=bands, ticks=ticks, markers=markers, summary=summary
    )
