"""Geometry for the server-rendered SVG pictures of an arc of months: the roadmap's own
12 months, or a learner's plan scaled to their bucket and hours."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from apps.core.html import escape

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


def _plus(number: float, offset: int) -> int:
    """What the template's ``add`` filter printed: the whole part, plus the offset."""
    return int(number) + offset


def arc_svg(picture: ArcPicture, *, svg_id: str, svg_title: str, caption: str = "") -> SafeString:
    """The picture as markup, identical to what ``includes/arc_svg.html`` renders: written in
    Python because the template's loops over bands, ticks and markers cost more than the rest
    of a page."""
    p, title, summary = picture, escape(svg_title), escape(picture.summary)
    band_bottom = p.band_y + p.band_height
    out = [
        '\n<figure class="arc-figure">\n'
        f'  <svg class="arc-svg arc-wide" viewBox="0 0 {p.width} {p.height}" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" preserveAspectRatio="xMidYMid meet">\n'
        f'    <title id="{svg_id}-title">{title}</title>\n'
        f'    <desc id="{svg_id}-desc">{summary}</desc>\n    '
    ]
    for band in p.bands:
        out.append(
            f'\n    <g>\n      <rect x="{band.x}" y="{p.band_y}" width="{band.width}" '
            f'height="{p.band_height}" rx="6" fill="{escape(band.colour)}"></rect>\n'
            f'      <text x="{_plus(band.x, 8)}" y="{p.band_y + 24}" class="arc-band-label">'
            f'{escape(band.label)}</text>\n'
            f'      <text x="{_plus(band.x, 8)}" y="{p.band_y + 44}" class="arc-band-months">'
            f'{escape(band.months)}</text>\n    </g>\n    '
        )
    out.append("\n    ")
    for tick in p.ticks:
        out.append(
            f'\n    <text x="{tick.x}" y="{band_bottom + 22}" class="arc-tick" '
            f'text-anchor="middle">{escape(tick.label)}</text>\n    '
        )
    out.append("\n    ")
    for marker in p.markers:
        out.append(f'\n    <g class="arc-marker arc-marker-{escape(marker.kind)}">\n      ')
        if marker.kind == "today":
            anchor = "start" if marker.x < 60 else "end" if marker.x > 900 else "middle"
            out.append(
                f'\n      <line x1="{marker.x}" x2="{marker.x}" y1="{p.band_y - 8}" '
                f'y2="{band_bottom + 30}"></line>\n'
                f'      <text x="{marker.x}" y="{band_bottom + 44}" text-anchor="{anchor}" '
                f'class="arc-marker-label">{escape(marker.label)}</text>\n      '
            )
        else:
            anchor = "start" if marker.x < 70 else "end" if marker.x > 890 else "middle"
            out.append(
                f'\n      <line x1="{marker.x}" x2="{marker.x}" y1="{p.band_y - 12}" '
                f'y2="{band_bottom + 4}"></line>\n'
                f'      <circle cx="{marker.x}" cy="{p.band_y - 16}" r="6"></circle>\n'
                f'      <text x="{marker.x}" y="{p.band_y - 26}" text-anchor="{anchor}" '
                f'class="arc-marker-label">{escape(marker.label)}</text>\n      '
            )
        out.append("\n    </g>\n    ")
    out.append(
        f'\n    <text x="{p.width - 16}" y="{p.height - 6}" text-anchor="end" '
        'class="arc-axis">Month of the plan</text>\n  </svg>\n  '
    )
    tall = p.tall
    if tall:
        out.append(
            f'\n  <svg class="arc-svg arc-narrow" viewBox="0 0 {tall.width} {tall.height}" '
            f'role="img" aria-labelledby="{svg_id}-tall-title {svg_id}-tall-desc">\n'
            f'    <title id="{svg_id}-tall-title">{title}</title>\n'
            f'    <desc id="{svg_id}-tall-desc">{summary}</desc>\n    '
        )
        out.extend(
            f'<text x="30" y="{tick.x}" class="arc-tick" text-anchor="end">'
            f"{escape(tick.label)}</text>"
            for tick in tall.ticks
        )
        out.append("\n    ")
        for band in tall.bands:
            out.append(
                f'\n    <g>\n      <rect x="{tall.band_x}" y="{band.x}" '
                f'width="{tall.band_width}" height="{band.width}" rx="6" '
                f'fill="{escape(band.colour)}"></rect>\n'
                f'      <text x="{tall.band_x + 10}" y="{_plus(band.x, 22)}" '
                f'class="arc-band-label">{escape(band.label)}</text>\n      '
            )
            if band.months:
                out.append(
                    f'<text x="{tall.band_x + 10}" y="{_plus(band.x, 40)}" '
                    f'class="arc-band-months">{escape(band.months)}</text>'
                )
            out.append("\n    </g>\n    ")
        out.append("\n    ")
        for marker in tall.markers:
            out.append(
                f'\n    <g class="arc-marker arc-marker-{escape(marker.kind)}">\n'
                f'      <line x1="{tall.band_x - 6}" x2="{tall.label_x - 4}" y1="{marker.x}" '
                f'y2="{marker.x}"></line>\n'
                f'      <text x="{tall.label_x}" y="{_plus(marker.x, 4)}" '
                f'class="arc-marker-label">{escape(marker.label)}</text>\n    </g>\n    '
            )
        out.append("\n  </svg>\n  ")
    out.append("\n  ")
    if caption:
        out.append(f"<figcaption>{escape(caption)}</figcaption>")
    out.append("\n</figure>\n")
    return mark_safe("".join(out))  # noqa: S308 — numbers and escaped text only
