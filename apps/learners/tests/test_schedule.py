"""The dated plan: items dated from their anchors, this week's budget, re-dating when behind."""

import datetime as dt

from apps.learners import schedule
from apps.learners.plan import BucketSpec, PhaseSpec, build_plan

PHASES = [
    PhaseSpec("foundation", "Foundation", 1, 2),
    PhaseSpec("hands-on-ml", "Hands-on ML and DL", 3, 5),
    PhaseSpec("specialization-portfolio", "Specialization + portfolio", 6, 9),
    PhaseSpec("job-search", "Job search", 10, 12),
]
START = dt.date(2026, 1, 5)  # a Monday


def make_plan(hours=15):
    return build_plan(bucket=BucketSpec("C", 6, 9), phases=PHASES, slumps=[],
                      start_date=START, hours_per_week=hours)  # fmt: skip


_ids = iter(range(1, 10_000))


def item(key, phase="foundation", kind="skills", checklist="c", **fields):
    meta = fields.pop("meta", {})
    return schedule.PlanItem(next(_ids), key, f"Text of {key}", "page", 2, "Page", phase,
                             checklist, kind, meta, **fields)  # fmt: skip


MATH = [
    item("three-blue", kind="plan", meta={"anchor": "plan", "effort_hours": 6, "week_from": 1,
                                          "week_to": 2}),
    item("dl-book", kind="plan", meta={"anchor": "plan", "week_from": 3, "week_to": 4}),
]  # fmt: skip


def test_effort_from_the_text_else_the_kind_default_and_projects_in_weeks():
    assert MATH[0].effort(15) == 6
    assert item("x", kind="reading").effort(15) == 2.0
    assert item("x", kind="done").effort(15) == 0.5
    project = item("demo", kind="plan", meta={"weeks_min": 4, "weeks_max": 6})
    assert project.effort(15) == 75  # 5 weeks at 15 h
    assert schedule.hours_label(0.1) == "~6 min" and schedule.hours_label(6) == "~6 h"


def test_items_are_dated_from_their_anchor():
    oss = [item(f"oss-{w}", checklist="oss", kind="plan",
                meta={"anchor": "checklist", "week_from": w, "week_to": w}) for w in (1, 2)]  # fmt: skip
    job = item("first90", kind="plan", meta={"anchor": "job", "day_from": 31, "day_to": 60})
    due = item("footprint", kind="plan", meta={"due_arc_month": 6})
    plan = make_plan()
    dated = schedule.date_items([*MATH, *oss, job, due], plan=plan, phase_specs=PHASES,
                                job_started_on=None)  # fmt: skip
    by_key = {d.item.key: d for d in dated}
    assert by_key["three-blue"].start == START and by_key["three-blue"].end == START + dt.timedelta(
        days=13
    )
    assert by_key["three-blue"].label == "Weeks 1-2 of your plan"
    assert by_key["dl-book"].start == START + dt.timedelta(weeks=2)
    assert "oss-1" not in by_key  # the OSS plan is dated from the week the learner starts it
    assert "first90" not in by_key  # no job yet
    assert by_key["footprint"].label.startswith("by ")
    # "By month 6" is scheduled from when its page's phase begins, not from day one.
    assert by_key["footprint"].start == plan.phases[0].start_date  # item() puts it in foundation

    started = dt.date(2026, 6, 1)
    oss[0] = oss[0]._replace(state="in_progress", started_on=started)
    dated = schedule.date_items([*oss, job], plan=plan, phase_specs=PHASES,
                                job_started_on=dt.date(2027, 3, 1))  # fmt: skip
    by_key = {d.item.key: d for d in dated}
    assert by_key["oss-2"].start == started + dt.timedelta(weeks=1)
    assert by_key["first90"].start == dt.date(2027, 3, 31)
    assert by_key["first90"].label == "Days 31-60 of your first job"


def test_week_one_schedules_the_math_plan_then_fills_the_hours():
    items = [*MATH] + [item(f"py-{n}") for n in range(20)]
    plan = make_plan(hours=15)
    dated = schedule.date_items(items, plan=plan, phase_specs=PHASES, job_started_on=None)
    week = schedule.this_week(items, dated, phase_key="foundation", today=START,
                              hours_per_week=15, has_job=False)  # fmt: skip
    keys = [e.item.key for e in week.entries]
    assert keys[0] == "three-blue"
    assert "dl-book" not in keys  # weeks 3-4: not yet
    assert week.hours >= 15 and week.hours - week.entries[-1].hours < 15
    assert not any(e.carried for e in week.entries)


def test_a_learner_behind_gets_a_re_dated_plan_not_a_wall_of_overdue_items():
    done_long_ago = dt.date(2026, 1, 10)
    items = [*MATH] + [item(f"py-{n}", kind="skills") for n in range(40)]
    items[2] = items[2]._replace(state="done", done_on=done_long_ago)
    plan = make_plan(hours=15)
    today = plan.phases[0].end_date - dt.timedelta(days=7)
    dated = schedule.date_items(items, plan=plan, phase_specs=PHASES, job_started_on=None)
    week = schedule.this_week(items, dated, phase_key="foundation", today=today,
                              hours_per_week=15, has_job=False)  # fmt: skip
    # The math plan's weeks are long gone: carried into this week, labelled as moved.
    assert week.entries[0].item.key == "three-blue" and week.entries[0].carried
    assert week.hours < 15 + 6
    view = schedule.outlook(plan=plan, phase_index=0, items=items, today=today, hours_per_week=15)
    remaining = 6 + 2 + 39 * 1.5
    assert view.remaining_hours == remaining
    assert not view.pace_measured and view.pace == 15  # nothing done in the last four weeks
    assert view.projected_end == today + dt.timedelta(days=round(7 * remaining / 15))
    assert view.behind and view.behind_days == (view.projected_end - plan.phases[0].end_date).days
    # Later phases move by as much; the current one keeps its start.
    assert view.phases[0].start_date == plan.phases[0].start_date
    assert view.phases[1].start_date == plan.phases[1].start_date + dt.timedelta(
        days=view.behind_days
    )


def test_pace_is_measured_from_the_last_four_weeks():
    plan = make_plan(hours=15)
    today = START + dt.timedelta(weeks=6)
    items = [item(f"d-{n}", state="done", done_on=today - dt.timedelta(days=3)) for n in range(8)]
    items += [item(f"o-{n}") for n in range(4)]
    view = schedule.outlook(plan=plan, phase_index=0, items=items, today=today, hours_per_week=15)
    assert view.pace_measured and view.pace == 8 * 1.5 / 4
    assert view.remaining_hours == 6


def test_first_ninety_days_only_with_a_job_and_milestones():
    first90 = item("learn", phase="job-search", kind="plan",
                   meta={"anchor": "job", "day_from": 1, "day_to": 30})  # fmt: skip
    other = item("apply", phase="job-search")
    week = schedule.this_week([first90, other], [], phase_key="job-search", today=START,
                              hours_per_week=15, has_job=False)  # fmt: skip
    assert [e.item.key for e in week.entries] == ["apply"]
    plan = make_plan()
    due = plan.phases[1].start_date
    found = schedule.milestones(plan=plan, today=due - dt.timedelta(days=10), specialization_due=due,
                                has_specialization=False, job_search_index=3,
                                job_search_what="Apply.", outlook_phases=plan.phases)  # fmt: skip
    assert [m.title for m in found] == ["Decide your specialization"]
    near_job = plan.phases[3].start_date - dt.timedelta(days=7)
    found = schedule.milestones(plan=plan, today=near_job, specialization_due=due,
                                has_specialization=True, job_search_index=3,
                                job_search_what="Apply.", outlook_phases=plan.phases)  # fmt: skip
    assert [m.title for m in found] == ["Job search begins"]
    during = schedule.milestones(plan=plan, today=plan.phases[3].start_date + dt.timedelta(days=3),
                                 specialization_due=due, has_specialization=True,
                                 job_search_index=3, job_search_what="Apply.",
                                 outlook_phases=plan.phases)  # fmt: skip
    assert [(m.title, m.ongoing) for m in during] == [("Job search", True)]
