"""Geometry for the server-rendered SVG picture of the 12-month arc."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 960
LEFT = 16
RIGHT = 16
BAND_Y = 40
BAND_HEIGHT = 56
PHASE_COLOURS = ["#1f6feb", "#8250df", "#bf3989", "#bc4c00"]


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


def arc_picture(phases, demoralizing_months, total_months: int = 12) -> ArcPicture:
    """Lay the phases out on a month axis; ``phases`` need month_start, month_end and title."""
    usable = WIDTH - LEFT - RIGHT
    per_month = usable / total_months

    def x_at(month: float) -> float:
        return round(LEFT + month * per_month, 1)

    bands = [
        Band(
            x=x_at(phase.month_start - 1),
            width=round((phase.month_end - phase.month_start + 1) * per_month, 1),
            label=phase.title,
            months=f"Months {phase.months_label}",
            colour=PHASE_COLOURS[index % len(PHASE_COLOURS)],
        )
        for index, phase in enumerate(phases)
    ]
    ticks = [Tick(x=x_at(month - 0.5), label=str(month)) for month in range(1, total_months + 1)]
    markers = [
        Marker(x=x_at(month.month - 0.5), label=f"Month {month.month}: slump")
        for month in demoralizing_months
    ]
    summary = "; ".join(f"{band.months}: {band.label}" for band in bands) + "."
    if markers:
        months = ", ".join(str(month.month) for month in demoralizing_months)
        summary += f" The months people most often quit: {months}."
    return ArcPicture(
        width=WIDTH, height=170, bands=bands, ticks=ticks, markers=markers, summary=summary
    )
