"""Reads for onboarding, the profile page and the dashboard. Each runs a fixed number of
queries whatever the number of learners or pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from apps.checklists import selectors as progress_selectors
from apps.checklists.charts import Heatmap, active_weeks, heatmap
from apps.checklists.models import PageRead, WeeklyCheckIn
from apps.checklists.selectors import ResumePoint, RoadmapProgress, Tally
from apps.curriculum.models import Bucket, DemoralizingMonth, HonestTestQuestion, Page, Phase
from apps.curriculum.timeline import ArcPicture, Segment, arc_picture

from .honest_test import TRAINING_ANSWER, BucketRule, Suggestion, suggest_bucket
from .models import LearnerProfile
from .plan import (
    BucketSpec,
    PhaseSpec,
    Plan,
    PlannedSlump,
    Position,
    SlumpSpec,
    arc_to_plan,
    build_plan,
    current_phase_index,
    date_after,
    position_on,
    slump_near,
)

SPECIALIZATION_BY_ARC_MONTH = 4


def learner_profile(*, user) -> LearnerProfile | None:
    if not user.is_authenticated:
        return None
    return (
        LearnerProfile.objects.select_related("user", "bucket", "specialization")
        .filter(user=user)
        .first()
    )


def home_without_plan(*, user) -> str:
    """Where an account without a plan of its own belongs. Mentors and editors are never
    walked through a learner's onboarding; anyone can still start a plan from their profile.
    (Reverse relations only: this app sits below mentoring.)"""
    if hasattr(user, "mentor_profile") or user.mentees.filter(ended_at__isnull=True).exists():
        return "mentoring:inbox"
    if user.is_staff:
        return "admin:index"
    return "learners:onboarding"


def honest_test_questions() -> list[HonestTestQuestion]:
    return list(HonestTestQuestion.objects.all())


def suggestion_for(*, answers: dict[str, bool], questions: list[HonestTestQuestion],
                   buckets: list[Bucket]) -> Suggestion:  # fmt: skip
    """``answers``: question key → yes, plus TRAINING_ANSWER for the training question."""
    keys = [q.key for q in questions if not q.is_training_question]
    return suggest_bucket(
        yes_count=sum(1 for key in keys if answers.get(key)),
        question_count=len(keys),
        can_train=bool(answers.get(TRAINING_ANSWER)),
        rules=[
            BucketRule(
                b.letter,
                b.title,
                b.test_min_yes,
                b.test_max_yes,
                b.test_needs_training,
                b.test_note,
            )  # fmt: skip
            for b in buckets
        ],
    )


def plan_for(*, profile: LearnerProfile, phases: list[Phase],
             slumps: list[DemoralizingMonth]) -> Plan:  # fmt: skip
    bucket = profile.bucket
    return build_plan(
        bucket=BucketSpec(
            bucket.letter,
            bucket.months_min,
            bucket.months_max,
            bucket.ai_months_min,
            bucket.ai_months_max,
        ),  # fmt: skip
        phases=_phase_specs(phases),
        slumps=[SlumpSpec(s.month, s.thought, s.advice) for s in slumps],
        start_date=profile.start_date,
        hours_per_week=profile.hours_per_week,
    )


def _phase_specs(phases: list[Phase]) -> list[PhaseSpec]:
    return [PhaseSpec(p.key, p.title, p.month_start, p.month_end) for p in phases]


@dataclass
class Activity:
    heatmap: Heatmap
    active_weeks: int
    weeks: int


@dataclass
class Dashboard:
    profile: LearnerProfile
    today: dt.date
    plan: Plan
    position: Position
    phase: Phase | None
    picture: ArcPicture
    slump: PlannedSlump | None
    next_page: Page | None
    specialization_due: dt.date
    needs_specialization: bool
    progress: RoadmapProgress
    phase_rows: list[tuple[Phase, Tally, dt.datetime | None]]
    resume: ResumePoint | None
    activity: Activity
    ahead_of_plan: bool


def learner_dashboard(*, profile: LearnerProfile, today: dt.date) -> Dashboard:
    user = profile.user
    phases = list(Phase.objects.all())
    slumps = list(DemoralizingMonth.objects.all())
    plan = plan_for(profile=profile, phases=phases, slumps=slumps)
    position = position_on(plan, today)
    confirmed = progress_selectors.confirmed_phases(user=user)
    phase_index = current_phase_index(position, [p.pk for p in phases], confirmed)
    plan_index = position.phase_index or 0
    phase = phases[phase_index]
    picture = arc_picture(
        [Segment(p.title, p.start, p.end) for p in plan.phases],
        total_months=plan.total_months,
        slumps=[
            (s.start + (s.end - s.start) / 2, f"Slump ({s.start_date:%b %Y})") for s in plan.slumps
        ],  # fmt: skip
        today=position.months_elapsed if position.started else 0,
    )
    due_months = arc_to_plan(plan, _phase_specs(phases), SPECIALIZATION_BY_ARC_MONTH)
    specialization_due = date_after(plan.start_date, due_months)
    progress = progress_selectors.roadmap_progress(user=user)
    next_page = (
        Page.objects.published()
        .filter(phase=phase)
        .exclude(pk__in=PageRead.objects.filter(user=user).values("page_id"))
        .order_by("number")
        .only("slug", "number", "title", "summary")
        .first()
    )
    since = today - dt.timedelta(weeks=53)
    activity = progress_selectors.activity_by_day(user=user, since=since)
    check_in_weeks = set(
        WeeklyCheckIn.objects.filter(user=user, week_start__gte=since).values_list(
            "week_start", flat=True
        )
    )
    active, weeks = active_weeks(activity, check_in_weeks, today)
    return Dashboard(
        profile=profile,
        today=today,
        plan=plan,
        position=position,
        phase=phase,
        picture=picture,
        slump=slump_near(plan, today),
        next_page=next_page,
        specialization_due=specialization_due,
        needs_specialization=profile.specialization_id is None and today >= specialization_due,
        progress=progress,
        phase_rows=[(p, progress.phases[p.pk], confirmed.get(p.pk)) for p in phases],
        resume=progress_selectors.resume_point(progress=progress),
        activity=Activity(heatmap(activity, today), active, weeks),
        ahead_of_plan=phase_index > plan_index,
    )
