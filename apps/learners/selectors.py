"""Reads for onboarding, the profile page and the dashboard. Each runs a fixed number of
queries whatever the number of learners or pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.checklists import selectors as progress_selectors
from apps.checklists.charts import Heatmap, active_weeks, heatmap
from apps.checklists.content import RoadmapContent, roadmap_content
from apps.checklists.selectors import ResumePoint, RoadmapProgress, Tally
from apps.core.db import model_columns, row_objects, written_sql
from apps.curriculum.models import (
    Bucket,
    DemoralizingMonth,
    HonestTestQuestion,
    Page,
    Phase,
    Specialization,
)
from apps.curriculum.revision import cached_content
from apps.curriculum.timeline import ArcPicture, Segment, arc_picture, arc_svg

from . import schedule
from .honest_test import TRAINING_ANSWER, BucketRule, Suggestion, suggest_bucket
from .models import CalendarFeed, LearnerProfile
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
PLAN_ARC_TITLE = "Your plan: the four phases scaled to your bucket and hours, with today marked"


def learner_profile(*, user) -> LearnerProfile | None:
    """The learner's profile with its user, bucket and specialization attached, by one query
    written out: the ORM's join compiled for longer than it ran, on every learner's page."""
    if not user.is_authenticated:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_profile_sql(), [user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    profile, bucket, specialization = row_objects(row, LearnerProfile, Bucket, Specialization)
    related = profile._state.fields_cache
    related["user"] = user
    related["bucket"] = bucket
    related["specialization"] = specialization
    return profile


@cache
def _profile_sql() -> str:
    return written_sql(  # names from the models, the user as a parameter
        f"SELECT {model_columns(LearnerProfile, 'profile')}, {model_columns(Bucket, 'bucket')}, "  # noqa: S608
        f"{model_columns(Specialization, 'specialization')} FROM {{profile}} AS profile "
        "JOIN {bucket} AS bucket ON bucket.id = profile.bucket_id "
        "LEFT JOIN {specialization} AS specialization "
        "ON specialization.id = profile.specialization_id WHERE profile.user_id = %s",
        profile=LearnerProfile, bucket=Bucket, specialization=Specialization,
    )  # fmt: skip


def profile_for_editing(*, user) -> LearnerProfile | None:
    """The profile page's profile, with ``calendar_token`` (the learner's calendar feed's
    token, None without one) read in the same query. The page needs no related rows. Written
    out: compiling the ORM's query with its subquery cost more than running it (profiled)."""
    with connection.cursor() as cursor:
        cursor.execute(_profile_for_editing_sql(), [user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    (profile,) = row_objects(row[:-1], LearnerProfile)
    profile.calendar_token = row[-1]
    return profile


@lru_cache(maxsize=1)
def _profile_for_editing_sql() -> str:
    return written_sql(
        f"SELECT {model_columns(LearnerProfile, 'p')}, "  # noqa: S608 - columns from the model
        "(SELECT token FROM {feeds} WHERE user_id = p.user_id) "
        "FROM {profiles} AS p WHERE p.user_id = %s",
        feeds=CalendarFeed,
        profiles=LearnerProfile,
    )


def home_without_plan(*, user) -> str:
    """Where an account without a plan of its own belongs, as a URL. Mentors and editors are
    never walked through a learner's onboarding; someone who signed up from an invitation goes
    back to it (even when they confirmed their address in another browser); anyone can still
    start a plan from their profile. (This app sits below mentoring: no import of it.)"""
    if hasattr(user, "mentor_profile") or user.mentees.filter(ended_at__isnull=True).exists():
        return reverse("mentoring:inbox")
    if user.is_staff:
        return reverse("admin:index")
    invitation = (
        django_apps.get_model("mentoring", "Invitation")
        .objects.filter(
            email__iexact=user.email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )
    if invitation is not None:
        return reverse("mentoring:invitation", args=[invitation.token])
    return reverse("learners:onboarding")


class PlacementContent(NamedTuple):
    """The content the honest test and the plan's form are made of: the same for everyone."""

    questions: list[HonestTestQuestion]
    buckets: list[Bucket]
    specializations: list[Specialization]


def _placement_content() -> PlacementContent:
    return PlacementContent(list(HonestTestQuestion.objects.all()), list(Bucket.objects.all()),
                            list(Specialization.objects.all()))  # fmt: skip


def placement_content() -> PlacementContent:
    """Read once per content revision (cached_content), shared read-only by every request."""
    return cached_content("learners:placement", _placement_content, copy=False)


def honest_test_questions() -> list[HonestTestQuestion]:
    return placement_content().questions


def buckets() -> list[Bucket]:
    return placement_content().buckets


def specializations() -> list[Specialization]:
    return placement_content().specializations


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


def plan_items(
    *, user, content: RoadmapContent | None = None, mine: dict | None = None
) -> list[schedule.PlanItem]:
    """Every thing to do, in roadmap order, with its effort facts and this learner's state
    and dates: the items from the content of the current revision, one query of the
    learner's own rows (or ``mine``, those rows read already)."""
    content = content or roadmap_content()
    if mine is None:
        mine = progress_selectors.learner_item_days(user=user)
    not_started = ("not_started", None, None)
    make = schedule.PlanItem._make
    return [
        make(head + mine.get(item_id, not_started) + tail)
        for item_id, head, tail in _plan_item_parts(content)
    ]


_item_parts: tuple[RoadmapContent | None, list] = (None, [])


def _plan_item_parts(content: RoadmapContent) -> list[tuple[int, tuple, tuple]]:
    """Each item's fields before and after the learner's (state, started, done), once per
    content object (shared by this process's requests until the revision changes)."""
    global _item_parts
    if _item_parts[0] is not content:
        _item_parts = (content, [
            (i.id, (i.id, i.key, i.text, i.page_slug, i.page_number, i.page_title, i.phase_key,
                    i.checklist_key, i.kind, i.meta),
             (i.checklist_title, i.checklist_id, i.page_id, i.phase_id))
            for i in content.items
        ])  # fmt: skip
    return _item_parts[1]


def plan_progress(items: list[schedule.PlanItem]) -> RoadmapProgress:
    """The learner's tallies from their plan items, which carry every counted item's state:
    no second read of the roadmap."""
    return progress_selectors.tally_progress(
        (i.id, i.checklist_id, i.page_id, i.phase_id, i.kind, i.state) for i in items
    )


@dataclass
class DatedPlan:
    """The plan with its dated items, re-dated for a learner who is behind."""

    plan: Plan
    position: Position
    phase_index: int
    items: list[schedule.PlanItem]
    dated: list[schedule.DatedItem]
    outlook: schedule.Outlook
    week: schedule.Week
    milestones: list[schedule.Milestone]
    specialization_due: dt.date


def dated_plan(
    *, profile: LearnerProfile, phases: Sequence[Phase], slumps: Sequence[DemoralizingMonth],
    confirmed: dict, today: dt.date, content: RoadmapContent | None = None,
    mine: dict | None = None,
) -> DatedPlan:  # fmt: skip
    """Everything "This week" and the calendar feed show."""
    plan = plan_for(profile=profile, phases=phases, slumps=slumps)
    position = position_on(plan, today)
    phase_index = current_phase_index(position, [p.pk for p in phases], confirmed)
    specs = _phase_specs(phases)
    items = plan_items(user=profile.user, content=content, mine=mine)
    dated = schedule.date_items(
        items, plan=plan, phase_specs=specs, job_started_on=profile.job_started_on
    )
    outlook = schedule.outlook(
        plan=plan, phase_index=phase_index, items=items, today=max(today, plan.start_date),
        hours_per_week=profile.hours_per_week,
    )  # fmt: skip
    week = schedule.this_week(
        items, dated, phase_key=phases[phase_index].key, today=max(today, plan.start_date),
        hours_per_week=profile.hours_per_week, has_job=profile.job_started_on is not None,
    )  # fmt: skip
    specialization_due = date_after(
        plan.start_date, arc_to_plan(plan, specs, SPECIALIZATION_BY_ARC_MONTH)
    )
    return DatedPlan(
        plan=plan,
        position=position,
        phase_index=phase_index,
        items=items,
        dated=dated,
        outlook=outlook,
        week=week,
        milestones=schedule.milestones(
            plan=plan,
            today=today,
            specialization_due=specialization_due,
            has_specialization=profile.specialization_id is not None,
            job_search_index=len(phases) - 1,
            job_search_what=phases[-1].what_you_do,
            outlook_phases=outlook.phases,
        ),  # fmt: skip
        specialization_due=specialization_due,
    )


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
    picture_svg: str
    slump: PlannedSlump | None
    next_page: Page | None
    specialization_due: dt.date
    needs_specialization: bool
    progress: RoadmapProgress
    phase_rows: list[tuple[Phase, Tally, dt.datetime | None]]
    resume: ResumePoint | None
    activity: Activity
    ahead_of_plan: bool
    dated: DatedPlan
    why: WhyThisLong


def learner_dashboard(*, profile: LearnerProfile, today: dt.date) -> Dashboard:
    user = profile.user
    content = roadmap_content()
    phases = content.phases
    since = today - dt.timedelta(weeks=53)
    record = progress_selectors.learner_record(user=user, since=since)
    confirmed = record.confirmed
    dated = dated_plan(
        profile=profile, phases=phases, slumps=content.slumps, confirmed=confirmed,
        today=today, content=content, mine=record.items,
    )  # fmt: skip
    plan, position, phase_index = dated.plan, dated.position, dated.phase_index
    plan_index = position.phase_index or 0
    phase = phases[phase_index]
    picture, picture_svg = _plan_arc(plan, position.months_elapsed if position.started else 0)
    progress = plan_progress(dated.items)
    read = record.pages_read
    next_page = next(
        (p for p in content.pages if p.phase_id == phase.pk and p.pk not in read), None
    )
    activity = record.activity
    active, weeks = active_weeks(activity, record.check_in_weeks, today)
    return Dashboard(
        profile=profile,
        today=today,
        plan=plan,
        position=position,
        phase=phase,
        picture=picture,
        picture_svg=picture_svg,
        slump=slump_near(plan, today),
        next_page=next_page,
        specialization_due=dated.specialization_due,
        needs_specialization=(
            profile.specialization_id is None and today >= dated.specialization_due
        ),
        progress=progress,
        phase_rows=[(p, progress.phases[p.pk], confirmed.get(p.pk)) for p in phases],
        resume=progress_selectors.resume_point(
            progress=progress,
            last_item_id=record.last_item_id,
            phase_id=phase.pk,
            content=content,
        ),
        activity=Activity(heatmap(activity, today), active, weeks),
        ahead_of_plan=phase_index > plan_index,
        dated=dated,
        why=why_this_long(plan=plan, bucket=profile.bucket),
    )


@lru_cache(maxsize=512)
def _plan_arc(plan: Plan, today: float) -> tuple[ArcPicture, str]:
    """The plan's picture and its markup: the same for every learner with this plan on this
    day (read-only, shared)."""
    picture = arc_picture(
        [Segment(p.title, p.start, p.end) for p in plan.phases],
        total_months=plan.total_months,
        slumps=[
            (s.start + (s.end - s.start) / 2, f"Slump ({s.start_date:%b %Y})") for s in plan.slumps
        ],  # fmt: skip
        today=today,
    )
    return picture, arc_svg(picture, svg_id="plan-arc", svg_title=PLAN_ARC_TITLE)


@dataclass(frozen=True)
class WhyThisLong:
    """The text's own rule for the plan's length."""

    bucket_letter: str
    bucket_title: str
    months_min: int
    months_max: int
    ai_months_min: int | None
    ai_months_max: int | None
    base_months: float
    hours_per_week: int
    extra_percent: float
    total_months: float

    @property
    def stretch_percent(self) -> float:
        return 100 + self.extra_percent


def why_this_long(*, plan: Plan, bucket: Bucket) -> WhyThisLong:
    return WhyThisLong(
        bucket.letter, bucket.title, bucket.months_min, bucket.months_max,
        bucket.ai_months_min, bucket.ai_months_max, (bucket.months_min + bucket.months_max) / 2,
        plan.hours_per_week, plan.extra_percent, plan.total_months,
    )  # fmt: skip


def calendar_feed(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_for_token(*, token: str) -> bytes | None:
    """The iCalendar feed behind a token, or None if no feed has it: dates in the learner's
    own time zone, the plan re-dated as their dashboard shows it."""
    feed = (
        CalendarFeed.objects.select_related("user__learner__bucket").filter(token=token).first()
        if token
        else None
    )
    profile = getattr(feed.user, "learner", None) if feed else None
    if profile is None:
        return None
    from .calendar import plan_calendar

    today = timezone.localtime(timezone=zoneinfo.ZoneInfo(profile.timezone)).date()
    content = roadmap_content()
    dated = dated_plan(
        profile=profile, phases=content.phases, slumps=content.slumps, content=content,
        confirmed=progress_selectors.confirmed_phases(user=profile.user), today=today,
    )  # fmt: skip
    return plan_calendar(
        user_id=profile.user_id, name=profile.display_name, plan=dated.plan,
        outlook=dated.outlook, dated=dated.dated,
        specialization_due=None if profile.specialization_id else dated.specialization_due,
        today=today,
    )  # fmt: skip
