"""The job-search funnel: how far each application got, as rates beside the text's."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from .markup import funnel_svg
from .rubrics import APPLICATION_VERDICT_CODES

# Stages in order; an application counts for every stage up to the furthest it reached.
STAGES = [
    ("applied", "Applied"),
    ("replied", "Replied"),
    ("first_round", "First round"),
    ("final_round", "Final round"),
    ("offer", "Offer"),
]
STAGE_DATE = {"replied": "replied_on", "first_round": "first_round_on",
              "final_round": "final_round_on", "offer": "offer_on"}  # fmt: skip
# The text's typical rates (page 11, "The application math"), keyed by stage.
TEXT_RATE_KEYS = {"replied": "reply_rate", "first_round": "first_round_rate", "offer": "offer_rate"}


def furthest_stage(application) -> int:
    """Index in STAGES of the furthest stage reached, by the stage or by a stage date."""
    reached = 0
    order = [key for key, _ in STAGES]
    if application.stage in order:
        reached = order.index(application.stage)
    for key, field in STAGE_DATE.items():
        if getattr(application, field):
            reached = max(reached, order.index(key))
    return reached


@dataclass(frozen=True)
class FunnelRow:
    key: str
    label: str
    count: int
    rate: float  # percent of all applications
    text_min: float | None
    text_max: float | None
    width: float  # bar width for the picture
    y: float
    text_x_min: float | None
    text_width: float | None


@dataclass(frozen=True)
class Funnel:
    rows: list[FunnelRow]
    total: int
    summary: str
    width: int = 640
    label_width: int = 120
    row_height: int = 36
    bar_offset: int = 0  # how far below its label a row's bar starts (0: beside it)
    # The same funnel for a phone: each stage's name on its own line above its bar.
    narrow: Funnel | None = None

    @property
    def height(self) -> int:
        return self.row_height * len(self.rows) + 24

    def svg(self) -> SafeString:
        """The figure: both pictures and the caption (markup.funnel_svg)."""
        return funnel_svg(self)


def funnel(applications, application_math: dict) -> Funnel:
    counts = [0] * len(STAGES)
    for application in applications:
        for index in range(furthest_stage(application) + 1):
            counts[index] += 1
    wide = _funnel(counts, application_math, width=640, label_width=120, row_height=36)
    narrow = _funnel(counts, application_math, width=360, label_width=0, row_height=50,
                     bar_offset=22)  # fmt: skip
    return Funnel(**{**wide.__dict__, "narrow": narrow})


def _funnel(counts: list[int], application_math: dict, *, width: int, label_width: int,
            row_height: int, bar_offset: int = 0) -> Funnel:  # fmt: skip
    """Lay the funnel out at one size. The counts go at the right edge, clear of the bars and
    of the dashed boxes of the text's typical rates."""
    total = counts[0]
    plot = width - label_width - 80
    rows = []
    for index, ((key, label), count) in enumerate(zip(STAGES, counts, strict=True)):
        rate = 100 * count / total if total else 0.0
        rate_key = TEXT_RATE_KEYS.get(key)
        low = application_math.get(f"{rate_key}_min") if rate_key else None
        high = application_math.get(f"{rate_key}_max") if rate_key else None
        rows.append(
            FunnelRow(
                key=key,
                label=label,
                count=count,
                rate=round(rate, 1),
                text_min=low,
                text_max=high,
                width=round(plot * rate / 100, 1),
                y=index * row_height + 8 + bar_offset,
                text_x_min=round(label_width + plot * low / 100, 1) if low is not None else None,
                text_width=round(plot * (high - low) / 100, 1) if low is not None else None,
            )  # fmt: skip
        )
    parts = [f"{row.label}: {row.count} ({row.rate:g}%)" for row in rows]
    summary = f"{total} application{'s' if total != 1 else ''}. " + "; ".join(parts) + "."
    return Funnel(rows=rows, total=total, summary=summary, width=width, label_width=label_width,
                  row_height=row_height, bar_offset=bar_offset)  # fmt: skip


# "Can split replies by verdict, once there are at least 10 applications": fewer than that and
# a reply rate per verdict is noise.
MIN_APPLICATIONS_FOR_SPLIT = 10


@dataclass(frozen=True)
class VerdictRow:
    code: str
    label: str
    applications: int
    replies: int

    @property
    def rate(self) -> float:
        return round(100 * self.replies / self.applications, 1) if self.applications else 0.0


@dataclass(frozen=True)
class VerdictSplit:
    rows: list[VerdictRow]
    total: int


def replies_by_verdict(applications) -> VerdictSplit | None:
    """Replies by the verdict of each application's rubric, from 10 applications on."""
    applications = list(applications)
    if len(applications) < MIN_APPLICATIONS_FOR_SPLIT:
        return None
    counts = {code: [0, 0] for code, _ in APPLICATION_VERDICT_CODES}
    for application in applications:
        tally = counts[application.verdict.code]
        tally[0] += 1
        tally[1] += furthest_stage(application) >= 1
    rows = [
        VerdictRow(code, label, *counts[code])
        for code, label in APPLICATION_VERDICT_CODES
        if counts[code][0]
    ]
    return VerdictSplit(rows=rows, total=len(applications))
