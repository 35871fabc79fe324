"""Reads for mentors and mentees. A mentor only ever reaches a learner through an active
mentorship in which they are the mentor: anything else is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from apps.checklists.models import ItemProgress, ItemState, PhaseConfirmation, ProgressEvent
from apps.checklists.selectors import roadmap_items
from apps.curriculum.models import DemoralizingMonth, Phase
from apps.curriculum.revision import cached_content
from apps.learners.models import LearnerProfile
from apps.learners.plan import current_phase_index, position_on
from apps.learners.selectors import plan_for
from apps.portfolio import selectors as portfolio_selectors

from . import people
from .models import (
    FORMER_MENTOR,
    MENTORS_TURN,
    OPEN_STATES,
    EmailOptOut,
    Invitation,
    MentorNote,
    MentorProfile,
    Mentorship,
    Notification,
    Review,
    ReviewState,
)
from .pace import Pace, PhaseLoad, pace

STUCK_AFTER = dt.timedelta(days=14)
# What mentee rows read of each learner, so that names and plans cost no query per mentee.
MENTEE_RELATED = (*people.related("learner"), "learner__learner__bucket")
BEHIND_WEEKS = 2  # a mentee this far behind their dated plan needs attention


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
        .select_related(*MENTEE_RELATED)
        .filter(mentor=mentor, learner_id=learner_id)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentee.")
    return mentorship


def phases() -> list[Phase]:
    """The roadmap's phases, in order (shared: do not change them)."""
    return content_arc().phases


@dataclass(frozen=True)
class WaitingReview:
    """A review waiting on the mentor, as the inbox lists it."""

    pk: int
    item_id: int | None
    item_key: str | None
    subject: str
    learner_id: int
    learner_name: str
    state: str
    state_since: dt.datetime

    @property
    def state_label(self) -> str:
        return ReviewState(self.state).label


def inbox(*, mentor) -> list[WaitingReview]:
    """Reviews waiting on this mentor, oldest first. Only the columns the inbox shows: no
    model objects."""
    rows = (
        Review.objects.filter(
            mentorship__mentor=mentor, mentorship__ended_at__isnull=True, state__in=MENTORS_TURN
        )
        .order_by("state_since")
        .values_list(
            "pk",
            "item_id",
            "item__key",
            "item__text",
            "project__title",
            "mentorship__learner_id",
            "state",
            "state_since",
            *people.name_fields("mentorship__learner"),
        )
    )
    return [
        WaitingReview(
            pk,
            item_id,
            key,
            text if item_id else title,
            learner_id,
            people.name_of(*names),
            state,
            since,
        )
        for pk, item_id, key, text, title, learner_id, state, since, *names in rows
    ]


@dataclass
class Cell:
    """One mentee's completion of one phase, for the cohort grid."""

    phase: Phase
    done: int
    counted: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0

    @property
    def heat(self) -> int:
        """0 (nothing done) to 4 (complete): the cell's colour; the text says the same."""
        if not self.done:
            return 0
        if self.done >= self.counted:
            return 4
        return 1 + min(2, self.percent // 34)


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
    cells: list[Cell] = field(default_factory=list)
    waiting: int = 0  # reviews waiting on the mentor
    pace: Pace | None = None
    reasons: list[str] = field(default_factory=list)  # why this mentee needs attention

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)


SORTS = {
    # More reasons first; among equals, in the order they matter: stuck, waiting, behind.
    "attention": lambda r: (
        -len(r.reasons),
        "no activity" not in r.stuck_reason,
        -r.waiting,
        -(r.pace.weeks if r.pace else 0),
        r.name.lower(),
    ),
    "name": lambda r: r.name.lower(),
    "phase": lambda r: (r.phase, r.month),
    "month": lambda r: r.month,
    "progress": lambda r: r.percent,
    "activity": lambda r: r.last_activity or dt.datetime.min.replace(tzinfo=dt.UTC),
    "stuck": lambda r: not r.stuck,
    "reviews": lambda r: -r.open_reviews,
}


def mentees(*, mentor, today: dt.date, sort: str = "attention") -> list[MenteeRow]:
    """Every active mentee with their completion of each phase, where they are against their
    dated plan, last activity, reviews waiting on the mentor, and why they need attention
    (stuck, waiting on the mentor, behind plan). A fixed number of queries, however many
    mentees there are."""
    mentorships = list(for_mentee_rows(Mentorship.objects.active().filter(mentor=mentor)))
    rows = mentee_rows(mentorships=mentorships, today=today)
    key = SORTS.get(sort, SORTS["attention"])
    return sorted(rows, key=key, reverse=sort in {"progress", "activity"})


def for_mentee_rows(mentorships):
    """What ``mentee_rows`` reads with the mentorships themselves: the learner's names and
    plan, and their latest event, by one index probe each (a MAX over their history would
    read every event of every mentee)."""
    latest_event = ProgressEvent.objects.filter(user=OuterRef("learner_id")).order_by("-at")
    return mentorships.select_related(*MENTEE_RELATED).annotate(
        last_event=Subquery(latest_event.values("at")[:1])
    )


@dataclass(frozen=True)
class ContentArc:
    """What the mentor's pages read of the roadmap's content: its phases and slump months
    and, for each checklist progress counts (those of roadmap_items), its phase; the items
    each phase counts."""

    phases: list[Phase]
    slumps: list[DemoralizingMonth]
    phase_of: dict[int, int]
    counted_by_phase: dict[int, int]


def _read_arc() -> ContentArc:
    phase_of: dict[int, int] = {}
    counted_by_phase: dict[int, int] = {}
    for checklist_id, phase_id, n in (
        roadmap_items()
        .order_by()
        .values_list("checklist_id", "checklist__page__phase_id")
        .annotate(n=Count("id"))
    ):
        phase_of[checklist_id] = phase_id
        counted_by_phase[phase_id] = counted_by_phase.get(phase_id, 0) + n
    slumps = list(DemoralizingMonth.objects.all())
    return ContentArc(list(Phase.objects.all()), slumps, phase_of, counted_by_phase)


def content_arc() -> ContentArc:
    """The same for everyone until the content changes: kept under the content revision
    (shared: nobody changes it)."""
    return cached_content("mentoring:arc", _read_arc, copy=False)


def mentee_rows(*, mentorships: list[Mentorship], today: dt.date) -> list[MenteeRow]:
    """The rows of ``mentees`` for any mentorships (read by ``for_mentee_rows``), of one
    mentor or of many: the same fixed number of queries either way."""
    learner_ids = [m.learner_id for m in mentorships]
    arc = content_arc()
    phases, phase_of, counted_by_phase = arc.phases, arc.phase_of, arc.counted_by_phase
    # Progress is tallied by checklist (one join, not four), each checklist then placed in
    # its phase.
    tallies: dict[int, dict[tuple[int, str], int]] = {}
    for user_id, checklist_id, state, n in (
        ItemProgress.objects.filter(
            user_id__in=learner_ids,
            state__in=[ItemState.DONE, ItemState.NOT_APPLICABLE],  # the only ones counted
            item__is_retired=False,  # as ChecklistItem.objects.active(), roadmap_items' own
        )
        .order_by()
        .values_list("user_id", "item__checklist_id", "state")
        .annotate(n=Count("id"))
    ):
        if (phase_id := phase_of.get(checklist_id)) is not None:
            mine = tallies.setdefault(user_id, {})
            mine[(phase_id, state)] = mine.get((phase_id, state), 0) + n
    confirmed: dict[int, set[int]] = {}
    for user_id, phase_id in PhaseConfirmation.objects.filter(user_id__in=learner_ids).values_list(
        "user_id", "phase_id"
    ):
        confirmed.setdefault(user_id, set()).add(phase_id)
    open_reviews: dict[int, dict[str, int]] = {}
    for mentorship_id, state, n in (
        Review.objects.filter(mentorship_id__in=[m.pk for m in mentorships], state__in=OPEN_STATES)
        .order_by()
        .values_list("mentorship_id", "state")
        .annotate(n=Count("id"))
    ):
        open_reviews.setdefault(mentorship_id, {})[state] = n
    now = timezone.now()
    rows = []
    for mentorship in mentorships:
        profile = people.learner_profile(mentorship.learner)
        states = tallies.get(mentorship.learner_id, {})
        cells = [
            Cell(
                phase,
                states.get((phase.pk, ItemState.DONE), 0),
                counted_by_phase.get(phase.pk, 0)
                - states.get((phase.pk, ItemState.NOT_APPLICABLE), 0),
            )
            for phase in phases
        ]
        done = sum(c.done for c in cells)
        counted = sum(c.counted for c in cells)
        percent = round(100 * done / counted) if counted else 0
        phase, month, months, mentee_pace = "Not onboarded", 0, 0, None
        if profile:
            plan = plan_for(profile=profile, phases=phases, slumps=[])
            position = position_on(plan, today)
            # The same phase the learner's own dashboard shows.
            index = current_phase_index(
                position, [p.pk for p in phases], confirmed.get(mentorship.learner_id, set())
            )
            phase = phases[index].title
            month, months = position.month_number, plan.months_count
            mentee_pace = pace(
                [PhaseLoad(p.start, p.end, c.counted, c.done)
                 for p, c in zip(plan.phases, cells, strict=True)],
                position.months_elapsed,
            )  # fmt: skip
        last_activity = mentorship.last_event
        reviews = open_reviews.get(mentorship.pk, {})
        waiting = sum(n for state, n in reviews.items() if state in MENTORS_TURN)
        stuck_reasons, reasons = [], []
        if last_activity is None or now - last_activity > STUCK_AFTER:
            stuck_reasons.append("no activity for two weeks")
            reasons.append(
                "stuck: no activity yet"
                if last_activity is None
                else f"stuck: no activity for {(now - last_activity).days} days"
            )
        if waiting:
            reasons.append(f"{waiting} review{'s' if waiting != 1 else ''} waiting on you")
        if mentee_pace and mentee_pace.weeks >= BEHIND_WEEKS:
            stuck_reasons.append("behind their plan")
            reasons.append(f"{mentee_pace.label} plan")
        rows.append(
            MenteeRow(
                mentorship=mentorship,
                name=people.display_name(mentorship.learner),
                phase=phase,
                month=month,
                months=months,
                done=done,
                counted=counted,
                percent=percent,
                last_activity=last_activity,
                open_reviews=sum(reviews.values()),
                stuck=bool(stuck_reasons),
                stuck_reason=" and ".join(stuck_reasons),
                cells=cells,
                waiting=waiting,
                pace=mentee_pace,
                reasons=reasons,
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
        .select_related("item", "project", *people.related("mentorship__learner"))
        .order_by("state_since")
    ):
        by_mentor[review.mentorship.mentor_id].inbox.append(review)
    mentorships = list(
        for_mentee_rows(Mentorship.objects.active().filter(mentor__in=list(by_mentor))).order_by(
            "pk"
        )
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
    """The latest review of each of the learner's items, for badges beside them. Most
    learners have none: a plain query finds which reviews there are (on every roadmap page
    and tick), and only those are loaded as objects."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT review.id FROM {Review._meta.db_table} AS review "  # noqa: S608
            f"JOIN {Mentorship._meta.db_table} AS mentorship "
            "ON mentorship.id = review.mentorship_id "
            # bigint[]: psycopg sends a list of small numbers as int2[], which the bigint
            # index on item_id cannot serve (a full scan of the reviews, profiled).
            "WHERE mentorship.learner_id = %s AND review.item_id = ANY(%s::bigint[]) "
            "AND review.state <> %s",
            [learner.pk, list(item_ids), ReviewState.WITHDRAWN.value],
        )
        found = [pk for (pk,) in cursor.fetchall()]
    latest: dict[int, Review] = {}
    if not found:
        return latest
    for review in (
        Review.objects.filter(pk__in=found)
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


def learner_reviews(*, learner) -> list[Review]:
    """Every review the learner asked for, newest change first."""
    return list(
        Review.objects.filter(mentorship__learner=learner)
        .select_related(
            "item", "project", *people.related("mentorship__mentor"), *people.related("state_by")
        )
        .order_by("-state_since")
    )


def mentoring_export(*, user) -> dict:
    """Everything about mentoring that is the user's own, for their data export: both sides
    of their mentorships, invitations, reviews with comments and history, notes they wrote,
    notifications and email preferences."""
    mentorships = list(
        Mentorship.objects.filter(Q(learner=user) | Q(mentor=user))
        .select_related(*people.related("learner"), *people.related("mentor"))
        .order_by("created_at")
    )
    reviews = (
        Review.objects.filter(mentorship__in=mentorships)
        .select_related("item", "project", "mentorship")
        .prefetch_related("comments", "history")
        .order_by("created_at")
    )
    notes = MentorNote.objects.filter(mentorship__mentor=user).select_related(
        *people.related("mentorship__learner")
    )
    emails = list(user.emailaddress_set.values_list("email", flat=True)) or [user.email]
    received = Invitation.objects.filter(email__in=[e.lower() for e in emails]).select_related(
        *people.related("learner")
    )

    opted_out = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))

    def side(review, author_id):  # ids, not users: no query per comment or state change
        if author_id is None:
            return FORMER_MENTOR
        if author_id == user.pk:
            return "you"
        return "mentor" if author_id == review.mentorship.mentor_id else "learner"

    return {
        "mentorships": [
            {
                "role": "learner" if m.learner_id == user.pk else "mentor",
                "with": (
                    m.mentor_name if m.learner_id == user.pk else people.display_name(m.learner)
                ),
                "created_at": m.created_at,
                "ended_at": m.ended_at,
                "shares_portfolio": m.shares_portfolio,
                "shares_papers": m.shares_papers,
                "shares_job_search": m.shares_job_search,
            }
            for m in mentorships
        ],
        "invitations_sent": [
            {
                "email": i.email,
                "created_at": i.created_at,
                "expires_at": i.expires_at,
                "accepted_at": i.accepted_at,
                "revoked_at": i.revoked_at,
            }
            for i in Invitation.objects.filter(learner=user)
        ],  # fmt: skip
        "invitations_received": [
            {
                "from": people.display_name(i.learner),
                "created_at": i.created_at,
                "accepted_at": i.accepted_at,
                "revoked_at": i.revoked_at,
            }
            for i in received
        ],  # fmt: skip
        "reviews": [
            {
                "role": "learner" if r.mentorship.learner_id == user.pk else "mentor",
                "item": r.item.key if r.item_id else None,
                "project": str(r.project) if r.project_id else None,
                "state": r.state,
                "message": r.message,
                "created_at": r.created_at,
                "comments": [
{"by": side(r, c.author_id), "body": c.body, "state": c.state,
                     "at": c.created_at}
                    for c in r.comments.all()
                ],  # fmt: skip
                "history": [
                    {"state": h.state, "by": side(r, h.by_id) if h.by_id else "", "at": h.at}
                    for h in r.history.all()
                ],
            }
            for r in reviews
        ],
        "mentor_notes": [
            {"about": people.display_name(n.mentorship.learner), "body": n.body, "at": n.created_at}
            for n in notes
        ],  # fmt: skip
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "url": n.url,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in Notification.objects.filter(user=user)
        ],  # fmt: skip
        "emails_wanted": {kind: kind not in opted_out for kind, _ in Notification.Kind.choices},
    }


@dataclass
class NotificationDay:
    day: dt.date
    label: str
    notifications: list[Notification]


def notifications_by_day(*, user, limit: int = 100) -> list[NotificationDay]:
    """The latest notifications, grouped by day in the viewer's time zone, newest first."""
    today = timezone.localdate()
    days: list[NotificationDay] = []
    for notification in Notification.objects.filter(user=user)[:limit]:
        day = timezone.localtime(notification.created_at).date()
        if not days or days[-1].day != day:
            if day == today:
                label = "Today"
            elif day == today - dt.timedelta(days=1):
                label = "Yesterday"
            else:
                label = f"{day:%A} {day.day} {day:%B %Y}"
            days.append(NotificationDay(day, label, []))
        days[-1].notifications.append(notification)
    return days
