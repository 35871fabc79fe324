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
    # The same arc drawn top to bottom, for phone screens: x and width become y and height.
    tall: TallArc | None = None


# The phone layout: months run down the left, phases are blocks, markers are labelled on the right.
TALL_WIDTH = 360
TALL_TOP = 12
TALL_PER_MONTH = 34
TALL_BAND_X = 40
TALL_BAND_WIDTH = 196
TALL_LABEL_X = 246


@dataclass(frozen=True)
class TallArc:
    width: int
    height: int
    bands: list[Band]  # x is the top, width the height
    ticks: list[Tick]  # x is the y of the label
    markers: list[Marker]  # x is the y of the line
    band_x: int = TALL_BAND_X
    band_width: int = TALL_BAND_WIDTH
    label_x: int = TALL_LABEL_X


def _tall_arc(segments: list[Segment], total_months: float, ticks_at: list[int],
              markers: list[tuple[float, str, str]]) -> TallArc:  # fmt: skip
    per_month = TALL_PER_MONTH if total_months <= 14 else max(12.0, 480 / total_months)

    def y_at(month: float) -> float:
        return round(TALL_TOP + min(max(month, 0), total_months) * per_month, 1)

    bands = [
        Band(
            x=y_at(segment.start),
            width=round((segment.end - segment.start) * per_month - 2, 1),
            label=_fit(segment.title, TALL_BAND_WIDTH, 8.2),
            months=month_span_label(segment.start, segment.end)
            if (segment.end - segment.start) * per_month >= 44 else "",
            colour=PHASE_COLOURS[index % len(PHASE_COLOURS)],
        )
        for index, segment in enumerate(segments)
    ]  # fmt: skip
    return TallArc(
        width=TALL_WIDTH,
        height=int(y_at(total_months)) + TALL_TOP,
        bands=bands,
        ticks=[Tick(x=y_at(month - 0.5) + 4, label=str(month)) for month in ticks_at],
        markers=[Marker(x=y_at(at), label=label, kind=kind) for at, label, kind in markers],
    )


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
    tall_markers = [(position, label, "slump") for position, label in slumps]
    if today is not None:
        markers.append(Marker(x=x_at(today), label="Today", kind="today"))
        tall_markers.append((today, "Today", "today"))
    tall = _tall_arc(
        segments,
        total_months,
        [month for month in range(1, whole_months + 1) if month == 1 or month % step == 0],
        tall_markers,
    )
    return ArcPicture(
        width=WIDTH, height=170, bands=bands, ticks=ticks, markers=markers, summary=summary,
        tall=tall,
    )  # fmt: skip
