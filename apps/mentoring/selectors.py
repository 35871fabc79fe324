"""Reads for mentors and mentees. A mentor only ever reaches a learner through an active
mentorship in which they are the mentor: anything else is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone

from apps.checklists.models import ItemProgress, ItemState, PhaseConfirmation, ProgressEvent
from apps.checklists.selectors import roadmap_items
from apps.curriculum.models import DemoralizingMonth, Phase
from apps.learners.models import LearnerProfile
from apps.learners.plan import current_phase_index, position_on
from apps.learners.selectors import plan_for
from apps.portfolio import selectors as portfolio_selectors

from . import people
from .models import MENTORS_TURN, OPEN_STATES, MentorProfile, Mentorship, Review

STUCK_AFTER = dt.timedelta(days=14)
BEHIND_BY_POINTS = 20  # percentage points of progress behind the share of the plan elapsed


def mentor_profile(*, user) -> MentorProfile | None:
    return MentorProfile.objects.filter(user=user).first()


def has_plan(*, user) -> bool:
    return LearnerProfile.objects.filter(user=user).exists()


def has_profile(*, user) -> bool:
    """Whether the account has told the site a name and time zone, as learner or mentor."""
    return has_plan(user=user) or MentorProfile.objects.filter(user=user).exists()


def own_mentorship(*, user, pk: int) -> Mentorship:
    """An active mentorship the user is part of, as learner or mentor; else 404."""
    mentorship = (
        Mentorship.objects.active()
        .select_related(*people.related("learner"), *people.related("mentor"))
        .filter(Q(learner=user) | Q(mentor=user), pk=pk)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship.")
    return mentorship


def mentee_mentorship(*, mentor, learner_id: int) -> Mentorship:
    mentorship = (
        Mentorship.objects.active()
        .select_related("learner")
        .filter(mentor=mentor, learner_id=learner_id)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentee.")
    return mentorship


def inbox(*, mentor) -> list[Review]:
    """Reviews waiting on this mentor, oldest first."""
    return list(
        Review.objects.filter(
            mentorship__mentor=mentor, mentorship__ended_at__isnull=True, state__in=MENTORS_TURN
        )
        .select_related("item", "project", *people.related("mentorship__learner"))
        .order_by("state_since")
    )


@dataclass
class MenteeRow:
    mentorship: Mentorship
    name: str
    phase: str
    month: int
    months: int
    done: int
    counted: int
    percent: int
    last_activity: dt.datetime | None
    open_reviews: int
    stuck: bool
    stuck_reason: str


SORTS = {
    "name": lambda r: r.name.lower(),
    "phase": lambda r: (r.phase, r.month),
    "month": lambda r: r.month,
    "progress": lambda r: r.percent,
    "activity": lambda r: r.last_activity or dt.datetime.min.replace(tzinfo=dt.UTC),
    "stuck": lambda r: not r.stuck,
    "reviews": lambda r: -r.open_reviews,
}


def mentees(*, mentor, today: dt.date, sort: str = "name") -> list[MenteeRow]:
    """Every active mentee with phase, month, progress, last activity, a stuck flag and open
    reviews, in a fixed number of queries however many mentees there are."""
    mentorships = list(Mentorship.objects.active().filter(mentor=mentor).select_related("learner"))
    rows = mentee_rows(mentorships=mentorships, today=today)
    key = SORTS.get(sort, SORTS["name"])
    return sorted(rows, key=key, reverse=sort in {"progress", "activity"})


def mentee_rows(*, mentorships: list[Mentorship], today: dt.date) -> list[MenteeRow]:
    """The rows of ``mentees`` for any mentorships, of one mentor or of many: the same fixed
    number of queries either way."""
    learner_ids = [m.learner_id for m in mentorships]
    profiles = {
        p.user_id: p
        for p in LearnerProfile.objects.filter(user_id__in=learner_ids).select_related("bucket")
    }
    phases = list(Phase.objects.all())
    slumps = list(DemoralizingMonth.objects.all())
    counted_items = roadmap_items().count()
    tallies: dict[int, dict[str, int]] = {}
    for user_id, state, n in (
        ItemProgress.objects.filter(user_id__in=learner_ids, item__in=roadmap_items())
        .values_list("user_id", "state")
        .annotate(n=Count("id"))
    ):
        tallies.setdefault(user_id, {})[state] = n
    last = dict(
        ProgressEvent.objects.filter(user_id__in=learner_ids)
        .values_list("user_id")
        .annotate(last=Max("at"))
    )
    confirmed: dict[int, set[int]] = {}
    for user_id, phase_id in PhaseConfirmation.objects.filter(user_id__in=learner_ids).values_list(
        "user_id", "phase_id"
    ):
        confirmed.setdefault(user_id, set()).add(phase_id)
    open_reviews = dict(
        Review.objects.filter(mentorship__in=mentorships, state__in=OPEN_STATES)
        .values_list("mentorship_id")
        .annotate(n=Count("id"))
    )
    now = timezone.now()
    rows = []
    for mentorship in mentorships:
        profile = profiles.get(mentorship.learner_id)
        states = tallies.get(mentorship.learner_id, {})
        done = states.get(ItemState.DONE, 0)
        counted = counted_items - states.get(ItemState.NOT_APPLICABLE, 0)
        percent = round(100 * done / counted) if counted else 0
        phase, month, months, elapsed_share = "Not onboarded", 0, 0, 0.0
        if profile:
            plan = plan_for(profile=profile, phases=phases, slumps=slumps)
            position = position_on(plan, today)
            # The same phase the learner's own dashboard shows.
            index = current_phase_index(
                position, [p.pk for p in phases], confirmed.get(mentorship.learner_id, set())
            )
            phase = phases[index].title
            month, months = position.month_number, plan.months_count
            elapsed_share = max(0.0, min(1.0, position.months_elapsed / plan.total_months))
        last_activity = last.get(mentorship.learner_id)
        reasons = []
        if last_activity is None or now - last_activity > STUCK_AFTER:
            reasons.append("no activity for two weeks")
        if profile and percent < 100 * elapsed_share - BEHIND_BY_POINTS:
            reasons.append("behind their plan")
        rows.append(
            MenteeRow(
                mentorship=mentorship,
                name=profile.display_name if profile else mentorship.learner.email,
                phase=phase,
                month=month,
                months=months,
                done=done,
                counted=counted,
                percent=percent,
                last_activity=last_activity,
                open_reviews=open_reviews.get(mentorship.pk, 0),
                stuck=bool(reasons),
                stuck_reason=" and ".join(reasons),
            )
        )
    return rows


@dataclass
class Digest:
    mentor: object
    inbox: list[Review]
    stuck: list[MenteeRow]


def digests(*, mentors, today: dt.date) -> list[Digest]:
    """The weekly digest of each of these mentors, in a fixed number of queries for them all."""
    by_mentor = {mentor.pk: Digest(mentor, [], []) for mentor in mentors}
    for review in (
        Review.objects.filter(
            mentorship__mentor__in=list(by_mentor),
            mentorship__ended_at__isnull=True,
            state__in=MENTORS_TURN,
        )
        .select_related("item", "project", "mentorship__learner__learner")
        .order_by("state_since")
    ):
        by_mentor[review.mentorship.mentor_id].inbox.append(review)
    mentorships = list(
        Mentorship.objects.active()
        .filter(mentor__in=list(by_mentor))
        .select_related("learner")
        .order_by("pk")
    )
    for row in mentee_rows(mentorships=mentorships, today=today):
        if row.stuck:
            by_mentor[row.mentorship.mentor_id].stuck.append(row)
    return list(by_mentor.values())


def mentee_extras(*, mentorship: Mentorship) -> dict:
    """Beside the mentee's checklist: reviews of their projects, the records they share
    with this mentor, and the mentor's private notes."""
    learner = mentorship.learner
    shared = portfolio_selectors.shared_records(
        learner=learner,
        portfolio=mentorship.shares_portfolio,
        papers=mentorship.shares_papers,
        job_search=mentorship.shares_job_search,
    )
    return {
        "project_reviews": list(
            mentorship.reviews.filter(project__isnull=False)
            .exclude(state="withdrawn")
            .select_related("project")
            .order_by("-state_since")
        ),
        "shared": shared,
        "notes": list(mentorship.notes.all()),
    }


def learner_mentorships(*, learner):
    return list(
        Mentorship.objects.active()
        .filter(learner=learner)
        .select_related(*people.related("mentor"))
    )


def reviews_for_items(*, learner, item_ids) -> dict[int, Review]:
    """The latest review of each of the learner's items, for badges beside them."""
    latest: dict[int, Review] = {}
    for review in (
        Review.objects.filter(mentorship__learner=learner, item_id__in=list(item_ids))
        .exclude(state="withdrawn")
        .select_related(*people.related("state_by"))
        .order_by("state_since")
    ):
        latest[review.item_id] = review
    return latest


def review_for(*, user, pk: int) -> Review:
    """A review is visible to its learner and its mentor, while the mentorship lasts."""
    review = (
        Review.objects.select_related(
            "mentorship__learner", "mentorship__mentor", "item", "project"
        )
        .filter(pk=pk)
        .filter(
            Q(mentorship__learner=user)
            | Q(mentorship__mentor=user, mentorship__ended_at__isnull=True)
        )
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    return review


def with_item_reviews(*, learner, checklists) -> list[Mentorship]:
    """Give each item on a page its latest review (``item.my_review``); return the learner's
    mentorships, for the "ask for review" form. Two queries."""
    mentorships = learner_mentorships(learner=learner)
    items = [item for checklist in checklists for item in checklist.items.all()]
    latest = reviews_for_items(learner=learner, item_ids=[item.pk for item in items])
    for item in items:
        item.my_review = latest.get(item.pk)
    return mentorships


def learner_reviews(*, learner) -> list[Review]:
    """Every review the learner asked for, newest change first."""
    return list(
        Review.objects.filter(mentorship__learner=learner)
        .select_related(
            "item", "project", *people.related("mentorship__mentor"), *people.related("state_by")
        )
        .order_by("-state_since")
    )
