"""The learner's dated plan, week by week. Pure functions, no database.

- Items the text schedules are dated from their anchor (fixtures/README.md, "Effort and
  dates"): the plan's start ("Weeks 1-2" of the math plan), the week the learner starts a
  checklist (the 4-week OSS plan), the first job's start (days 1-30/31-60/61-90), or a month of
  the arc ("By month 6").
- "This week" holds what the text schedules for now, then the next undone items of the
  current phase, as many as the learner's hours per week fit, by each item's effort.
- Falling behind re-dates the plan from the learner's pace instead of listing overdue items:
  anything scheduled for a week already gone is carried into this week (or later, if the
  week is full), and the current phase's end moves to when the remaining work fits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from apps.curriculum.models import effort_hours

from .plan import PhaseSpec, Plan, PlannedPhase, arc_to_plan, date_after

PACE_WINDOW_DAYS = 28  # pace is measured over the last four weeks
DONE = "done"
CLOSED_STATES = {"done", "not_applicable"}


class PlanItem(NamedTuple):
    """One thing to do, with the learner's state on it (a tuple: one per item per request)."""

    id: int
    key: str
    text: str
    page_slug: str
    page_number: int
    page_title: str
    phase_key: str
    checklist_key: str
    kind: str
    meta: dict
    state: str = "not_started"
    started_on: dt.date | None = None
    done_on: dt.date | None = None
    checklist_title: str = ""
    checklist_id: int = 0
    page_id: int = 0
    phase_id: int = 0

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def anchor(self) -> str:
        return str(self.meta.get("anchor") or "")

    def effort(self, hours_per_week: int) -> float:
        """Hours: the text's estimate, a project's weeks at the learner's hours, or the
        default for the kind."""
        weeks_min, weeks_max = self.meta.get("weeks_min"), self.meta.get("weeks_max")
        if isinstance(weeks_min, int | float) and isinstance(weeks_max, int | float):
            return (weeks_min + weeks_max) / 2 * hours_per_week
        return effort_hours(self.meta, self.kind)


@dataclass(frozen=True)
class DatedItem:
    item: PlanItem
    start: dt.date
    end: dt.date  # inclusive
    label: str  # the text's words for when: "Weeks 1-2 of your plan"


def _span(unit: str, low: int, high: int) -> str:
    return f"{unit} {low}" if low == high else f"{unit}s {low}-{high}"


def date_items(
    items: list[PlanItem],
    *,
    plan: Plan,
    phase_specs: list[PhaseSpec],
    job_started_on: dt.date | None,
) -> list[DatedItem]:
    """Every item the text schedules, dated for this learner. Items anchored on a checklist
    the learner has not started yet, or on a job they do not have yet, stay undated."""
    checklist_start: dict[str, dt.date] = {}
    for item in items:
        day = item.started_on or item.done_on
        if day and (item.checklist_key not in checklist_start or day < checklist_start[
            item.checklist_key
        ]):  # fmt: skip
            checklist_start[item.checklist_key] = day
    phase_start = {phase.key: phase.start_date for phase in plan.phases}
    dated = []
    for item in items:
        meta = item.meta
        if "due_arc_month" in meta:
            # Due by a month of the arc; scheduled from when its page's phase begins.
            due = date_after(plan.start_date, arc_to_plan(plan, phase_specs, meta["due_arc_month"]))
            start = phase_start.get(item.phase_key, plan.start_date)
            dated.append(DatedItem(item, min(start, due), due, f"by {due:%-d %b %Y}"))
            continue
        if "week_from" not in meta and "day_from" not in meta:
            continue
        anchor = {
            "plan": plan.start_date,
            "checklist": checklist_start.get(item.checklist_key),
            "job": job_started_on,
        }.get(item.anchor)
        if anchor is None:
            continue
        if "week_from" in meta:
            low, high = meta["week_from"], meta.get("week_to", meta["week_from"])
            start = anchor + dt.timedelta(weeks=low - 1)
            end = anchor + dt.timedelta(weeks=high, days=-1)
            where = {"plan": "of your plan", "checklist": "since you started this list"}
            label = f"{_span('Week', low, high)} {where.get(item.anchor, '')}".strip()
        elif "day_from" in meta:
            low, high = meta["day_from"], meta.get("day_to", meta["day_from"])
            start = anchor + dt.timedelta(days=low - 1)
            end = anchor + dt.timedelta(days=high - 1)
            label = f"{_span('Day', low, high)} of your first job"
        else:
            continue
        dated.append(DatedItem(item, start, end, label))
    return sorted(dated, key=lambda d: (d.start, d.item.page_number))


@dataclass(frozen=True)
class Outlook:
    """The current phase's end, planned and at the learner's pace."""

    phase: PlannedPhase
    remaining_hours: float
    pace: float  # hours of roadmap work per week
    pace_measured: bool  # from the last four weeks; else the planned hours per week
    projected_end: dt.date
    behind_days: int
    phases: tuple[PlannedPhase, ...]  # the plan from this phase on, re-dated

    @property
    def behind(self) -> bool:
        return self.behind_days > 0


def outlook(
    *,
    plan: Plan,
    phase_index: int,
    items: list[PlanItem],
    today: dt.date,
    hours_per_week: int,
) -> Outlook:
    """Where the current phase ends if the learner keeps their pace: the effort of what is
    left in it, at the hours a week they actually did over the last four weeks (or at their
    planned hours if they did none). Later phases move by as much as this one is late."""
    phase = plan.phases[phase_index]
    remaining = sum(
        i.effort(hours_per_week) for i in items if i.phase_key == phase.key and i.is_open
    )
    since = max(today - dt.timedelta(days=PACE_WINDOW_DAYS), plan.start_date)
    window_weeks = max((today - since).days, 7) / 7
    done_recently = sum(
        i.effort(hours_per_week)
        for i in items
        if i.state == DONE and i.done_on and since <= i.done_on <= today
    )
    pace = done_recently / window_weeks
    measured = pace > 0
    if not measured:
        pace = float(hours_per_week)
    projected = today + dt.timedelta(days=round(7 * remaining / pace))
    behind = max((projected - phase.end_date).days, 0)
    shift = dt.timedelta(days=behind)
    redated = tuple(
        PlannedPhase(
            key=p.key,
            title=p.title,
            start=p.start,
            end=p.end,
            start_date=p.start_date + (shift if index > phase_index else dt.timedelta()),
            end_date=p.end_date + shift,
        )
        for index, p in enumerate(plan.phases)
        if index >= phase_index
    )
    return Outlook(phase, remaining, pace, measured, projected, behind, redated)


@dataclass(frozen=True)
class WeekEntry:
    item: PlanItem
    hours: float
    when: str = ""  # the text's schedule for it, if it has one
    carried: bool = False  # scheduled for a week already gone, re-dated to this one

    @property
    def effort_label(self) -> str:
        return hours_label(self.hours)


def hours_label(hours: float) -> str:
    if hours < 1:
        return f"~{max(round(hours * 60), 1)} min"
    return f"~{hours:.1f}".removesuffix(".0") + " h"


@dataclass
class Week:
    monday: dt.date
    sunday: dt.date
    budget: int
    entries: list[WeekEntry] = field(default_factory=list)
    later: int = 0  # scheduled items that did not fit: they move to the next weeks

    @property
    def hours(self) -> float:
        return sum(entry.hours for entry in self.entries)


def this_week(
    items: list[PlanItem],
    dated: list[DatedItem],
    *,
    phase_key: str,
    today: dt.date,
    hours_per_week: int,
    has_job: bool,
) -> Week:
    """What the text schedules for now first (including what was scheduled for weeks
    already gone), then the current phase's next undone items, until the week's hours are
    used; always at least one thing."""
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    week = Week(monday, sunday, hours_per_week)
    dated_by_id = {d.item.id: d for d in dated}
    scheduled = [d for d in dated if d.item.is_open and d.start <= sunday]
    later_dated = {d.item.id for d in dated if d.start > sunday}

    hours = 0.0  # the entries' hours so far (``week.hours``, kept as they are added)

    def fits() -> bool:
        return not week.entries or hours < hours_per_week

    for entry in scheduled:
        if not fits():
            week.later += 1
            continue
        week.entries.append(
            WeekEntry(entry.item, entry.item.effort(hours_per_week), entry.label,
                      carried=entry.end < monday)
        )  # fmt: skip
        hours += week.entries[-1].hours
    for item in items:
        if not fits():
            break
        if (
            item.phase_key != phase_key
            or not item.is_open
            or item.id in dated_by_id
            or item.id in later_dated
            or (item.anchor == "job" and not has_job)
        ):
            continue
        week.entries.append(WeekEntry(item, item.effort(hours_per_week)))
        hours += week.entries[-1].hours
    return week


@dataclass(frozen=True)
class Milestone:
    day: dt.date
    title: str
    detail: str
    ongoing: bool = False  # a phase under way since ``day``, not a deadline


def milestones(
    *,
    plan: Plan,
    today: dt.date,
    specialization_due: dt.date,
    has_specialization: bool,
    job_search_index: int,
    job_search_what: str,
    outlook_phases: tuple[PlannedPhase, ...],
    horizon_days: int = 42,
) -> list[Milestone]:
    """Dates the text sets that fall within the next six weeks, or have passed undone."""
    found = []
    if not has_specialization and specialization_due <= today + dt.timedelta(days=horizon_days):
        found.append(Milestone(specialization_due, "Decide your specialization",
                               "The text: pick one direction by month 4 of the arc."))  # fmt: skip
    job_search = next(
        (p for p in outlook_phases if p.key == plan.phases[job_search_index].key),
        plan.phases[job_search_index],
    )
    if job_search.start_date <= today + dt.timedelta(days=horizon_days) and today < (
        job_search.end_date
    ):
        started = job_search.start_date <= today
        found.append(Milestone(job_search.start_date,
                               job_search.title if started else f"{job_search.title} begins",
                               job_search_what, ongoing=started))  # fmt: skip
    return sorted(found, key=lambda m: m.day)
