"""The learner's plan as an iCalendar feed, built with the icalendar library.

Every event's UID is derived from what it is (a phase's start, a slump's month, a checklist's
window) and whose plan it is, never from its dates: when the plan moves, calendar apps
update the event instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .plan import Plan
from .schedule import DatedItem, Outlook, PlannedPhase

UID_DOMAIN = "roadmap.calendar"
ONE_DAY = dt.timedelta(days=1)


def _uid(user_id: int, what: str) -> str:
    return f"{what}-u{user_id}@{UID_DOMAIN}"


def _event(uid: str, summary: str, start: dt.date, end: dt.date | None = None,
           description: str = "", url: str = "") -> Event:  # fmt: skip
    """An all-day event from ``start`` to ``end`` inclusive (dates, so no time zones)."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", (end or start) + ONE_DAY)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a plan, not a meeting: never blocks time
    return event


def _phases(plan: Plan, outlook: Outlook) -> list[PlannedPhase]:
    """The plan's phases, re-dated from the current one on if the learner is behind."""
    redated = {p.key: p for p in outlook.phases}
    return [redated.get(p.key, p) for p in plan.phases]


def _item_window_key(dated: DatedItem) -> str:
    meta = dated.item.meta
    window = meta.get("week_from") or meta.get("day_from") or meta.get("due_arc_month") or 0
    return f"{dated.item.checklist_key}-{window}"


def plan_calendar(
    *, user_id: int, name: str, plan: Plan, outlook: Outlook, dated: list[DatedItem],
    specialization_due: dt.date | None, today: dt.date,
) -> bytes:  # fmt: skip
    site = settings.SITE_URL
    calendar = Calendar()
    calendar.add("prodid", "-//Roadmap//AI Expert Roadmap plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{name}'s roadmap plan")
    calendar.add("x-published-ttl", "PT12H")
    dashboard = f"{site}{reverse('learners:dashboard')}"

    for phase in _phases(plan, outlook):
        calendar.add_component(
            _event(
                _uid(user_id, f"phase-{phase.key}-start"),
                f"{phase.title} begins",
                phase.start_date,
                url=dashboard,
            )
        )
        calendar.add_component(_event(_uid(user_id, f"phase-{phase.key}-end"),
                                      f"{phase.title} ends", phase.end_date - ONE_DAY,
                                      url=dashboard))  # fmt: skip
    for slump in plan.slumps:
        calendar.add_component(_event(
            _uid(user_id, f"slump-month-{slump.arc_month}"),
            f"The month-{slump.arc_month} slump", slump.start_date, slump.end_date - ONE_DAY,
            description=f"People quit here, thinking “{slump.thought}” {slump.advice} "
                        "If you know these slumps are coming, they hurt less.",
        ))  # fmt: skip
    if specialization_due:
        calendar.add_component(_event(
            _uid(user_id, "specialization-decision"), "Decide your specialization",
            specialization_due, description="The roadmap: pick one direction by month 4.",
            url=f"{site}{reverse('curriculum:specializations')}",
        ))  # fmt: skip

    check_in = _event(
        _uid(user_id, "weekly-check-in"), "Weekly check-in: hours and one honest sentence",
        _next_sunday(plan.start_date), url=f"{site}{reverse('checklists:check_ins')}",
    )  # fmt: skip
    check_in.add("rrule", {"freq": "weekly", "until": plan.end_date})
    calendar.add_component(check_in)

    monday = today - dt.timedelta(days=today.weekday())
    open_items = [d for d in dated if d.item.is_open or d.end >= monday]
    for _, group in groupby(sorted(open_items, key=_item_window_key), key=_item_window_key):
        group = list(group)
        first = group[0]
        start, end = first.start, first.end
        if all(d.item.is_open for d in group) and end < monday:
            start, end = monday, monday + dt.timedelta(days=6)  # re-dated, never overdue
        page = f"{site}{reverse('curriculum:page', args=[first.item.page_slug])}"
        lines = [f"- {d.item.text}{' (done)' if not d.item.is_open else ''}" for d in group]
        calendar.add_component(_event(
            _uid(user_id, f"items-{_item_window_key(first)}"),
            f"{first.item.checklist_title or first.item.page_title}: {first.label}",
            start, end, description="\n".join(lines), url=f"{page}#item-{first.item.key}",
        ))  # fmt: skip
    return calendar.to_ical()


def _next_sunday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(6 - day.weekday()) % 7)
