"""A learner's personal plan: the 12-month arc scaled to their bucket and weekly hours.

Pure functions, no database. The rules come from the roadmap's text:
- each bucket has a total duration ("Reality: 12-18 months"); the plan uses the middle of it;
- bucket A's AI-specific layer is "the last 4-6 months"; for the other buckets the AI-specific
  phases keep the share of the arc they have in the text (months 3-12 of 12);
- the first phase is the one "before the AI-specific phases": it takes the rest;
- the AI-specific phases split their time in the proportions of the 12-month arc;
- part-time: "Add 50-100% to every timeline. 15-20 hours/week sustained beats 40 hours/week":
  40 hours a week is full time (+0%), 20 hours adds 50%, 15 hours or fewer adds 100%, with
  straight lines in between.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

DAYS_PER_MONTH = 365.25 / 12
FULL_TIME_HOURS = 40
# (hours per week, percent added to the timeline), in increasing hours.
PART_TIME_POINTS = [(15, 100.0), (20, 50.0), (40, 0.0)]
SLUMP_WARNING_DAYS = 14


@dataclass(frozen=True)
class BucketSpec:
    letter: str
    months_min: int
    months_max: int
    ai_months_min: int | None = None
    ai_months_max: int | None = None


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    title: str
    month_start: int  # in the 12-month arc, 1-based and inclusive
    month_end: int


@dataclass(frozen=True)
class SlumpSpec:
    month: int  # the month of the 12-month arc people quit in
    thought: str
    advice: str


@dataclass(frozen=True)
class PlannedPhase:
    key: str
    title: str
    start: float  # months from the start date
    end: float
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class PlannedSlump:
    arc_month: int
    start: float
    end: float
    start_date: dt.date
    end_date: dt.date
    thought: str
    advice: str


@dataclass(frozen=True)
class Plan:
    start_date: dt.date
    hours_per_week: int
    extra_percent: float
    total_months: float
    months_before_ai: float
    phases: tuple[PlannedPhase, ...]
    slumps: tuple[PlannedSlump, ...]
    arc_months: int

    @property
    def months_count(self) -> int:
        """The number of calendar months the plan touches: 7.5 months is "of 8"."""
        return math.ceil(self.total_months - 1e-9)

    @property
    def end_date(self) -> dt.date:
        return self.phases[-1].end_date


def date_after(start: dt.date, months: float) -> dt.date:
    return start + dt.timedelta(days=round(months * DAYS_PER_MONTH))


def months_between(start: dt.date, day: dt.date) -> float:
    return (day - start).days / DAYS_PER_MONTH


def part_time_extra_percent(hours_per_week: int) -> float:
    """How much longer than the text's timeline the plan runs at this many hours a week."""
    if hours_per_week <= 0:
        raise ValueError("hours_per_week must be positive")
    (low_hours, low_extra) = PART_TIME_POINTS[0]
    if hours_per_week <= low_hours:
        return low_extra
    for (h1, e1), (h2, e2) in zip(PART_TIME_POINTS, PART_TIME_POINTS[1:], strict=False):
        if hours_per_week <= h2:
            return e1 + (e2 - e1) * (hours_per_week - h1) / (h2 - h1)
    return 0.0


def _middle(low: int, high: int) -> float:
    return (low + high) / 2


def build_plan(
    *,
    bucket: BucketSpec,
    phases: list[PhaseSpec],
    slumps: list[SlumpSpec],
    start_date: dt.date,
    hours_per_week: int,
) -> Plan:
    if not phases:
        raise ValueError("a plan needs the arc's phases")
    phases = sorted(phases, key=lambda phase: phase.month_start)
    arc_months = phases[-1].month_end
    extra = part_time_extra_percent(hours_per_week)
    stretch = 1 + extra / 100

    total = _middle(bucket.months_min, bucket.months_max) * stretch
    ai_arc_months = arc_months - (phases[0].month_end - phases[0].month_start + 1)
    if bucket.ai_months_min is not None and bucket.ai_months_max is not None:
        ai_total = _middle(bucket.ai_months_min, bucket.ai_months_max) * stretch
    else:
        ai_total = total * ai_arc_months / arc_months
    before_ai = total - ai_total

    planned = []
    position = 0.0
    for index, phase in enumerate(phases):
        arc_length = phase.month_end - phase.month_start + 1
        length = before_ai if index == 0 else ai_total * arc_length / ai_arc_months
        planned.append(
            PlannedPhase(
                key=phase.key,
                title=phase.title,
                start=position,
                end=position + length,
                start_date=date_after(start_date, position),
                end_date=date_after(start_date, position + length),
            )
        )
        position += length

    plan = Plan(
        start_date=start_date,
        hours_per_week=hours_per_week,
        extra_percent=extra,
        total_months=total,
        months_before_ai=before_ai,
        phases=tuple(planned),
        slumps=(),
        arc_months=arc_months,
    )
    scaled_slumps = []
    for slump in sorted(slumps, key=lambda s: s.month):
        start = arc_to_plan(plan, phases, slump.month - 1)
        end = arc_to_plan(plan, phases, slump.month)
        scaled_slumps.append(
            PlannedSlump(
                arc_month=slump.month,
                start=start,
                end=end,
                start_date=date_after(start_date, start),
                end_date=date_after(start_date, end),
                thought=slump.thought,
                advice=slump.advice,
            )
        )
    return replace(plan, slumps=tuple(scaled_slumps))


def arc_to_plan(plan: Plan, phases: list[PhaseSpec], arc_position: float) -> float:
    """Where a point of the 12-month arc (0 = its start, 12 = its end) falls in this plan:
    the same fraction of the way through the same phase."""
    for spec, planned in zip(phases, plan.phases, strict=True):
        start, end = spec.month_start - 1, spec.month_end
        if arc_position <= end:
            fraction = max(arc_position - start, 0) / (end - start)
            return planned.start + fraction * (planned.end - planned.start)
    return plan.total_months


@dataclass(frozen=True)
class Position:
    """Where today falls in a plan."""

    months_elapsed: float
    month_number: int  # 1-based month of the plan today is in; 0 before the start
    phase_index: int | None  # None before the start
    started: bool
    finished: bool
    days_until_start: int


def position_on(plan: Plan, today: dt.date) -> Position:
    elapsed = months_between(plan.start_date, today)
    if elapsed < 0:
        return Position(elapsed, 0, None, False, False, (plan.start_date - today).days)
    finished = elapsed >= plan.total_months
    phase_index = len(plan.phases) - 1
    for index, phase in enumerate(plan.phases):
        if elapsed < phase.end:
            phase_index = index
            break
    return Position(elapsed, int(elapsed) + 1, phase_index, True, finished, 0)


def current_phase_index(position: Position, phase_ids: list, confirmed_ids) -> int:
    """The phase a learner is in: where the plan puts today, or further if they confirmed
    the readiness signal of every phase before it (confirming moves them on early)."""
    confirmed_through = next(
        (index for index, pid in enumerate(phase_ids) if pid not in confirmed_ids), len(phase_ids)
    )
    return min(max(position.phase_index or 0, confirmed_through), len(phase_ids) - 1)


def slump_near(plan: Plan, today: dt.date) -> PlannedSlump | None:
    """The slump that has begun or begins within two weeks, if any."""
    for slump in plan.slumps:
        warn_from = slump.start_date - dt.timedelta(days=SLUMP_WARNING_DAYS)
        if warn_from <= today < slump.end_date:
            return slump
    return None
