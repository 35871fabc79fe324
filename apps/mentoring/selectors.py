"""Reads for mentors and mentees. A mentor only ever reaches a learner through an active
mentorship in which they are the mentor: anything else is a 404."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import DataStamp, User
from apps.checklists.models import ItemProgress, ItemState, PhaseConfirmation, ProgressEvent
from apps.checklists.selectors import roadmap_items
from apps.core.db import model_columns, read_together, row_objects, written_sql
from apps.curriculum.models import Bucket, ChecklistItem, DemoralizingMonth, Phase
from apps.curriculum.revision import cached_content, content_revision
from apps.learners.models import LearnerProfile
from apps.learners.plan import (
    BucketSpec,
    PhaseSpec,
    Plan,
    Position,
    build_plan,
    current_phase_index,
    position_on,
)
from apps.portfolio import selectors as portfolio_selectors
from apps.portfolio.models import Application, PaperRead, PolishCheck, Project, PublicFootprint

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
    ReviewComment,
    ReviewState,
    ReviewStateChange,
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
    """The mentor's active mentorship of this learner, with the learner, their profiles
    and bucket as ``select_related(*MENTEE_RELATED)`` gives them; else 404. Written out:
    on every mentee page, compiling the query with its four joins cost more than the rest
    of reading it (profiled)."""
    with connection.cursor() as cursor:
        cursor.execute(_mentee_sql(), [mentor.pk, learner_id])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such mentee.")
    mentorship, user, profile, bucket, mentor_profile = row_objects(
        row[:-1], *(model for model, _ in _MENTEE_MODELS)
    )
    mentorship.learner_stamp = row[-1] or 0  # the learner's data stamp (apps.accounts.stamps)
    if profile is not None:
        _cache(profile, "bucket", bucket)
        _cache(profile, "user", user)
    if mentor_profile is not None:
        _cache(mentor_profile, "user", user)
    _cache(user, "learner", profile)
    _cache(user, "mentor_profile", mentor_profile)
    _cache(mentorship, "learner", user)
    return mentorship


# The models of a mentee's mentorship row, in its columns' order, each with its table's alias.
_MENTEE_MODELS = [(Mentorship, "m"), (User, "u"), (LearnerProfile, "lp"), (Bucket, "b"),
                  (MentorProfile, "mp")]  # fmt: skip


@lru_cache(maxsize=1)
def _mentee_sql() -> str:
    columns = ", ".join(model_columns(model, alias) for model, alias in _MENTEE_MODELS)
    return (
        f"SELECT {columns}, stamp.value FROM {Mentorship._meta.db_table} AS m "  # noqa: S608
        f"JOIN {User._meta.db_table} AS u ON u.id = m.learner_id "
        f"LEFT JOIN {DataStamp._meta.db_table} AS stamp ON stamp.user_id = u.id "
        f"LEFT JOIN {LearnerProfile._meta.db_table} AS lp ON lp.user_id = u.id "
        f"LEFT JOIN {Bucket._meta.db_table} AS b ON b.id = lp.bucket_id "
        f"LEFT JOIN {MentorProfile._meta.db_table} AS mp ON mp.user_id = u.id "
        "WHERE m.mentor_id = %s AND m.learner_id = %s AND m.ended_at IS NULL LIMIT 1"
    )


_COHORT_STAMPS_SQL = """
SELECT string_agg(m.learner_id::text || ':' || coalesce(stamp.value, 0)::text, ','
                  ORDER BY m.learner_id)
  FROM {mentorship} AS m LEFT JOIN {stamp} AS stamp ON stamp.user_id = m.learner_id
 WHERE m.mentor_id = %s AND m.ended_at IS NULL
"""


def cohort_stamps(*, mentor) -> str:
    """The data stamps (apps.accounts.stamps) of the mentor's mentees, which pages drawn from
    their records are kept by (a change to the mentorships themselves stamps the mentor)."""
    with connection.cursor() as cursor:
        cursor.execute(written_sql(_COHORT_STAMPS_SQL, mentorship=Mentorship, stamp=DataStamp),
                       [mentor.pk])  # fmt: skip
        return cursor.fetchone()[0] or ""


def _cache(instance, name: str, value) -> None:
    """What select_related leaves behind: the related object (or None) in the field's cache."""
    instance._meta.get_field(name).set_cached_value(instance, value)


def phases() -> list[Phase]:
    """The roadmap's phases, in order (shared: do not change them)."""
    return content_arc().phases


class WaitingReview(NamedTuple):
    """A review waiting on the mentor, as the inbox lists it. Named tuples: made for every
    row on every visit, faster than frozen dataclasses (profiled)."""

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
    return _cohort(mentor_ids=[mentor.pk])[1]


class MenteeRef(NamedTuple):
    """The mentorship a cohort row is about: its ids."""

    pk: int
    learner_id: int
    mentor_id: int | None


class _MenteeColumns(NamedTuple):
    """What one query reads of each active mentorship for the cohort rows."""

    mentorship: MenteeRef
    name: str
    bucket_id: int | None  # None: the learner has no plan yet
    start_date: dt.date | None
    hours_per_week: int | None
    last_event: dt.datetime | None
    last_event_id: int | None  # the learner's progress as of this event (see _tallies)
    confirmed: frozenset[int]


# Written out rather than compiled by the ORM on every mentor's page (profiled: compiling
# the select_related query and building 200 model objects cost more than its rows). The
# latest event is one probe of the (user, at) index per mentee; a MAX over their history
# would read every event of every mentee. One-column lookups are subqueries, not joins:
# planning the five-table join cost a third of running it (0.27 -> 0.17 ms).
_MENTEES_SQL = """
SELECT m.id, m.learner_id, m.mentor_id, learner.display_name,
       (SELECT mentor.display_name FROM {mentor_profiles} AS mentor
         WHERE mentor.user_id = m.learner_id),
       (SELECT u.email FROM {users} AS u WHERE u.id = m.learner_id),
       learner.bucket_id, learner.start_date, learner.hours_per_week,
       latest.at AT TIME ZONE 'UTC', latest.id,
       ARRAY(SELECT c.phase_id FROM {confirmations} AS c WHERE c.user_id = m.learner_id)
  FROM {mentorships} AS m
  LEFT JOIN {learner_profiles} AS learner ON learner.user_id = m.learner_id
  LEFT JOIN LATERAL (SELECT e.at, e.id FROM {events} AS e WHERE e.user_id = m.learner_id
                      ORDER BY e.at DESC LIMIT 1) AS latest ON TRUE
 WHERE m.mentor_id = ANY(%(mentors)s::bigint[]) AND m.ended_at IS NULL
 ORDER BY m.id
"""


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A timestamp read ``AT TIME ZONE 'UTC'``, aware again: what Django's loader of
    timestamps gives, without its cost (a loader written in Python, 3 µs a value against
    next to nothing; profiled)."""
    return None if value is None else value.replace(tzinfo=dt.UTC)


# Every open review of the mentees, oldest first: those waiting on the mentor are the inbox,
# and all of them are counted on the cohort rows. ``= ANY`` of the mentorships lets the
# planner probe the mentorship index rather than scan every review (profiled: ``IN`` of the
# same subquery scanned every review); a project's title is one probe for the few reviews of
# projects (a join hashed every project).
_OPEN_REVIEWS_SQL = """
SELECT r.id, r.mentorship_id, r.item_id, item.key, item.text,
       (SELECT project.title FROM {projects} AS project WHERE project.id = r.project_id),
       r.state, r.state_since AT TIME ZONE 'UTC'
  FROM {reviews} AS r
  LEFT JOIN {items} AS item ON item.id = r.item_id
 WHERE r.mentorship_id = ANY(ARRAY(
         SELECT m.id FROM {mentorships} AS m
          WHERE m.mentor_id = ANY(%(mentors)s::bigint[]) AND m.ended_at IS NULL))
   AND r.state = ANY(%(states)s)
 ORDER BY r.state_since, r.id
"""


@lru_cache(maxsize=1)
def _cohort_sql() -> str:
    return written_sql(
        f"{_MENTEES_SQL};{_OPEN_REVIEWS_SQL}", events=ProgressEvent,
        confirmations=PhaseConfirmation, mentorships=Mentorship, users=User,
        learner_profiles=LearnerProfile, mentor_profiles=MentorProfile, reviews=Review,
        items=ChecklistItem, projects=Project,
    )  # fmt: skip


def _cohort(
    *, mentor_ids: list[int]
) -> tuple[list[_MenteeColumns], list[WaitingReview], dict[int, dict[str, int]]]:
    """The mentors' active mentorships as columns; the reviews waiting on the mentors (the
    inbox); and each mentorship's open reviews counted by state. One round trip."""
    params = {"mentors": mentor_ids, "states": sorted(str(s) for s in OPEN_STATES)}
    with connection.cursor() as cursor:
        cursor.execute(_cohort_sql(), params)
        rows = cursor.fetchall()
        cursor.nextset()
        reviews = cursor.fetchall()
    columns = [
        _MenteeColumns(
            MenteeRef(pk, learner_id, mentor_id),
            people.name_of(learner_name, mentor_name, email),
            bucket_id,
            start_date,
            hours,
            as_utc(last_event),
            last_event_id,
            frozenset(confirmed),
        )
        for (pk, learner_id, mentor_id, learner_name, mentor_name, email, bucket_id, start_date,
             hours, last_event, last_event_id, confirmed) in rows
    ]  # fmt: skip
    by_pk = {m.mentorship.pk: m for m in columns}
    waiting: list[WaitingReview] = []
    counts: dict[int, dict[str, int]] = {}
    for pk, mentorship_id, item_id, key, text, title, state, since in reviews:
        mine = counts.setdefault(mentorship_id, {})
        mine[state] = mine.get(state, 0) + 1
        if state in MENTORS_TURN:
            mentee = by_pk[mentorship_id]
            waiting.append(
                WaitingReview(
                    pk,
                    item_id,
                    key,
                    text if item_id else title,
                    mentee.mentorship.learner_id,
                    mentee.name,
                    state,
                    as_utc(since),
                )
            )
    return columns, waiting, counts


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
    mentorship: MenteeRef
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
    # The row as the cohort grid wrote it, for a (time zone, language): rows are kept from
    # one visit to the next (see _mentee_rows), and so is their HTML (fragments.cohort_rows).
    written: tuple[tuple[str, str], str] | None = field(default=None, repr=False, compare=False)

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
    return mentor_home(mentor=mentor, today=today, sort=sort)[1]


def mentor_home(
    *, mentor, today: dt.date, sort: str = "attention"
) -> tuple[list[WaitingReview], list[MenteeRow]]:
    """The mentor's inbox: the reviews waiting on them (``inbox``) and their mentees' rows
    (``mentees``), from the same round trip."""
    columns, waiting, open_reviews = _cohort(mentor_ids=[mentor.pk])
    rows = _mentee_rows(columns, open_reviews=open_reviews, today=today)
    key = SORTS.get(sort, SORTS["attention"])
    return waiting, sorted(rows, key=key, reverse=sort in {"progress", "activity"})


@dataclass(frozen=True)
class ContentArc:
    """What the mentor's pages read of the roadmap's content: its phases and slump months;
    for each checklist progress counts (those of roadmap_items), its phase; the items each
    phase counts; and each bucket's timeline, for plans."""

    phases: list[Phase]
    slumps: list[DemoralizingMonth]
    # [item id] → its phase, 0 for an item progress does not count; as PostgreSQL writes an
    # array (psycopg's dumping of a list cost more than the rest of the query's; profiled)
    phase_by_item: str
    counted_by_phase: dict[int, int]
    buckets: dict[int, BucketSpec]
    phase_specs: list[PhaseSpec]


def _read_arc() -> ContentArc:
    counted = list(roadmap_items().order_by().values_list("id", "checklist__page__phase_id"))
    phase_by_item = [0] * (max((item_id for item_id, _ in counted), default=0) + 1)
    counted_by_phase: dict[int, int] = {}
    for item_id, phase_id in counted:
        phase_by_item[item_id] = phase_id
        counted_by_phase[phase_id] = counted_by_phase.get(phase_id, 0) + 1
    slumps = list(DemoralizingMonth.objects.all())
    phases = list(Phase.objects.all())
    buckets = {
        pk: BucketSpec(*spec)
        for pk, *spec in Bucket.objects.values_list(
            "pk", "letter", "months_min", "months_max", "ai_months_min", "ai_months_max"
        )
    }
    specs = [PhaseSpec(p.key, p.title, p.month_start, p.month_end) for p in phases]
    as_array = "{" + ",".join(map(str, phase_by_item)) + "}"
    return ContentArc(phases, slumps, as_array, counted_by_phase, buckets, specs)


def content_arc() -> ContentArc:
    """The same for everyone until the content changes: kept under the content revision
    (shared: nobody changes it)."""
    return cached_content("mentoring:arc-by-item", _read_arc, copy=False)


class _ArcMemo(dict):
    """A per-process memo of what follows from the content arc it was filled under, and
    from none other: emptied when the arc changes (a new content revision), and when full."""

    def __init__(self, limit: int):
        super().__init__()
        self.arc: ContentArc | None = None
        self.limit = limit

    def under(self, arc: ContentArc) -> _ArcMemo:
        if arc is not self.arc or len(self) >= self.limit:
            self.clear()
            self.arc = arc
        return self


_plans = _ArcMemo(limit=4096)  # (bucket, start date, hours, day) → (plan, position)


def _dated_plan(
    arc: ContentArc, bucket_id: int, start_date: dt.date, hours_per_week: int, today: dt.date
) -> tuple[Plan, Position]:
    """A mentee's plan (as ``plan_for`` without slumps) and where today falls in it: the
    same for everyone with the same bucket, start date and hours, until the content (the
    arc of the current revision) or the day changes."""
    plans = _plans.under(arc)
    key = (bucket_id, start_date, hours_per_week, today)
    if (found := plans.get(key)) is None:
        plan = build_plan(
            bucket=arc.buckets[bucket_id],
            phases=arc.phase_specs,
            slumps=[],
            start_date=start_date,
            hours_per_week=hours_per_week,
        )
        found = plans[key] = (plan, position_on(plan, today))
    return found


# Progress is tallied by phase, each item placed in its phase by the content's own map,
# passed as an array indexed by item id (no join: 3.1 → 1.8 ms, profiled), one row per
# learner, phase and state. An item progress does not count (retired, on a retired or
# unpublished checklist, or newer than the map) has no phase. Only the states that count are
# read. Written out, as the mentees' query.
_TALLY_SQL = """
SELECT progress.user_id, (%(phase_by_item)s::bigint[])[progress.item_id + 1], progress.state,
       COUNT(*)
  FROM {progress} AS progress
 WHERE progress.user_id = ANY(%(learners)s::bigint[]) AND progress.state = ANY(%(states)s)
 GROUP BY 1, 2, 3
"""

# learner → (their progress version, their tallies by (phase, state))
_tally_memo = _ArcMemo(limit=8192)


def _tallies(mentees: list[_MenteeColumns], arc: ContentArc) -> dict[int, dict]:
    """Each mentee's done and not-applicable items, by (phase, state). Every change of an
    item's state is recorded by a new progress event (checklists.services), stamped now: the
    learner's latest event names the version of their states, and tallies already counted
    for it are taken from the memo. Most mentees' progress has not moved since the mentor's
    last visit, and counting it was the largest query of the inbox (1.8 ms for 50 mentees,
    about 6,000 rows; profiled). Only the others' are counted, in one query."""
    memo = _tally_memo.under(arc)
    tallies: dict[int, dict] = {}
    missing: dict[int, tuple] = {}  # learner → version
    for mentee in mentees:
        learner_id = mentee.mentorship.learner_id
        version = (mentee.last_event_id, mentee.last_event)
        known = memo.get(learner_id)
        if known is not None and known[0] == version:
            tallies[learner_id] = known[1]
        else:
            missing[learner_id] = version
    if not missing:
        return tallies
    params = {
        "phase_by_item": arc.phase_by_item,
        "learners": list(missing),
        "states": [str(ItemState.DONE), str(ItemState.NOT_APPLICABLE)],  # the only ones counted
    }
    with connection.cursor() as cursor:
        cursor.execute(written_sql(_TALLY_SQL, progress=ItemProgress), params)
        rows = cursor.fetchall()
    counted: dict[int, dict] = {learner_id: {} for learner_id in missing}
    for user_id, phase_id, state, n in rows:
        if phase_id:  # an item that counts
            counted[user_id][(phase_id, state)] = n
    for learner_id, version in missing.items():
        memo[learner_id] = (version, counted[learner_id])
    tallies.update(counted)
    return tallies


def mentee_rows(*, mentor_ids: list[int], today: dt.date) -> list[MenteeRow]:
    """The rows of ``mentees`` for the mentees of any mentors, one or many: the same fixed
    number of queries either way. In the mentorships' order."""
    columns, _, open_reviews = _cohort(mentor_ids=mentor_ids)
    return _mentee_rows(columns, open_reviews=open_reviews, today=today)


# (mentee's columns, open reviews by state, day, days idle if stuck) → their row
_mentee_row_memo = _ArcMemo(limit=8192)


def _mentee_rows(
    columns: list[_MenteeColumns], *, open_reviews: dict[int, dict[str, int]], today: dt.date
) -> list[MenteeRow]:
    """A row for each mentee. A row follows from the mentee's columns (their progress
    version among them: see ``_tallies``), their open reviews, the day and how long they have
    been idle, and is kept for those: most of a cohort is the same from one visit to the
    next."""
    arc = content_arc()
    memo = _mentee_row_memo.under(arc)
    tallies = _tallies(columns, arc)
    now = timezone.now()
    rows = []
    for mentee in columns:
        reviews = open_reviews.get(mentee.mentorship.pk, {})
        idle = None if mentee.last_event is None else now - mentee.last_event
        stuck_days = idle.days if idle is not None and idle > STUCK_AFTER else None
        key = (mentee, tuple(sorted(reviews.items())), today, stuck_days)
        if (row := memo.get(key)) is None:
            states = tallies.get(mentee.mentorship.learner_id, {})
            row = memo[key] = _mentee_row(arc, mentee, states, reviews, today, idle)
        rows.append(row)
    return rows


def _mentee_row(
    arc: ContentArc,
    mentee: _MenteeColumns,
    states: dict[tuple[int, str], int],
    reviews: dict[str, int],
    today: dt.date,
    idle: dt.timedelta | None,
) -> MenteeRow:
    phases, counted_by_phase = arc.phases, arc.counted_by_phase
    cells = [
        Cell(
            phase,
            states.get((phase.pk, ItemState.DONE), 0),
            counted_by_phase.get(phase.pk, 0) - states.get((phase.pk, ItemState.NOT_APPLICABLE), 0),
        )
        for phase in phases
    ]
    done = sum(c.done for c in cells)
    counted = sum(c.counted for c in cells)
    percent = round(100 * done / counted) if counted else 0
    phase, month, months, mentee_pace = "Not onboarded", 0, 0, None
    if mentee.bucket_id is not None:
        plan, position = _dated_plan(
            arc, mentee.bucket_id, mentee.start_date, mentee.hours_per_week, today
        )
        # The same phase the learner's own dashboard shows.
        index = current_phase_index(position, [p.pk for p in phases], mentee.confirmed)
        phase = phases[index].title
        month, months = position.month_number, plan.months_count
        mentee_pace = pace(
            [PhaseLoad(p.start, p.end, c.counted, c.done)
             for p, c in zip(plan.phases, cells, strict=True)],
            position.months_elapsed,
        )  # fmt: skip
    waiting = sum(n for state, n in reviews.items() if state in MENTORS_TURN)
    stuck_reasons, reasons = [], []
    if idle is None or idle > STUCK_AFTER:
        stuck_reasons.append("no activity for two weeks")
        reasons.append(
            "stuck: no activity yet" if idle is None else f"stuck: no activity for {idle.days} days"
        )
    if waiting:
        reasons.append(f"{waiting} review{'s' if waiting != 1 else ''} waiting on you")
    if mentee_pace and mentee_pace.weeks >= BEHIND_WEEKS:
        stuck_reasons.append("behind their plan")
        reasons.append(f"{mentee_pace.label} plan")
    return MenteeRow(
        mentorship=mentee.mentorship,
        name=mentee.name,
        phase=phase,
        month=month,
        months=months,
        done=done,
        counted=counted,
        percent=percent,
        last_activity=mentee.last_event,
        open_reviews=sum(reviews.values()),
        stuck=bool(stuck_reasons),
        stuck_reason=" and ".join(stuck_reasons),
        cells=cells,
        waiting=waiting,
        pace=mentee_pace,
        reasons=reasons,
    )


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
    for row in mentee_rows(mentor_ids=list(by_mentor), today=today):
        if row.stuck:
            by_mentor[row.mentorship.mentor_id].stuck.append(row)
    return list(by_mentor.values())


@dataclass
class SharedRecords:
    """What a mentee shares with this mentor, read (``portfolio.selectors.shared_records``)
    only when first needed. ``version`` names it: the content, the learner, what they share,
    and the versions of their records' rows (see ``_SHARED_SQL``)."""

    mentorship: Mentorship
    version: tuple

    def __bool__(self) -> bool:
        m = self.mentorship
        return m.shares_portfolio or m.shares_papers or m.shares_job_search

    def read(self) -> dict:
        m = self.mentorship
        return portfolio_selectors.shared_records(
            learner=m.learner,
            portfolio=m.shares_portfolio,
            papers=m.shares_papers,
            job_search=m.shares_job_search,
        )


# The versions of the rows shared records are made of, and the mentor's notes (in the mentee
# page's round trip). Every insert or update writes a row with a new xmin (the transaction's
# id), and a delete takes its id away: the ids and xmins of a learner's records change
# whenever the records do. Reading them costs less than reading and making the records
# (profiled), which is done only when they changed (fragments.mentee_shared_records).
_SHARED_SQL = """
SELECT (SELECT string_agg(p.id::text || ':' || p.xmin::text, ',' ORDER BY p.id)
          FROM {projects} AS p WHERE p.user_id = %(learner)s),
       (SELECT string_agg(c.id::text || ':' || c.xmin::text, ',' ORDER BY c.id)
          FROM {polish} AS c JOIN {projects} AS p ON p.id = c.project_id
         WHERE p.user_id = %(learner)s),
       (SELECT string_agg(f.id::text || ':' || f.xmin::text, ',' ORDER BY f.id)
          FROM {footprints} AS f WHERE f.user_id = %(learner)s),
       (SELECT string_agg(r.id::text || ':' || r.xmin::text, ',' ORDER BY r.id)
          FROM {papers} AS r WHERE r.user_id = %(learner)s),
       (SELECT string_agg(a.id::text || ':' || a.xmin::text, ',' ORDER BY a.id)
          FROM {applications} AS a WHERE a.user_id = %(learner)s);
SELECT {note_columns} FROM {notes} WHERE mentorship_id = %(mentorship)s ORDER BY created_at DESC
"""


@lru_cache(maxsize=1)
def mentee_extras_sql() -> str:
    """What ``mentee_extras`` reads, for the mentee page's round trip (mentee._read)."""
    return _SHARED_SQL.replace("{note_columns}", model_columns(MentorNote)).format(
        projects=Project._meta.db_table, polish=PolishCheck._meta.db_table,
        footprints=PublicFootprint._meta.db_table, papers=PaperRead._meta.db_table,
        applications=Application._meta.db_table, notes=MentorNote._meta.db_table,
    )  # fmt: skip


def mentee_extras(*, mentorship: Mentorship, cursor) -> dict:
    """Beside the mentee's checklist: the records they share with this mentor, and the
    mentor's private notes (the reviews of their projects come with ``mentee_page``). From
    the results of ``mentee_extras_sql()``, next in ``cursor``."""
    cursor.nextset()
    versions = cursor.fetchone()
    cursor.nextset()
    notes = [row_objects(row, MentorNote)[0] for row in cursor.fetchall()]
    version = (content_revision(), mentorship.learner_id, mentorship.shares_portfolio,
               mentorship.shares_papers, mentorship.shares_job_search, versions)  # fmt: skip
    return {"shared": SharedRecords(mentorship, version), "notes": notes}


def learner_mentorships(*, learner):
    return list(
        Mentorship.objects.active()
        .filter(learner=learner)
        .select_related(*people.related("mentor"))
    )


class MentorChoice(NamedTuple):
    pk: int  # the mentorship's
    name: str  # the mentor's, as people.display_name gives it


_MENTOR_CHOICES_SQL = """
SELECT m.id, (SELECT email FROM {user} WHERE id = m.mentor_id),
       (SELECT display_name FROM {learner_profile} WHERE user_id = m.mentor_id),
       (SELECT display_name FROM {mentor_profile} WHERE user_id = m.mentor_id)
  FROM {mentorship} AS m
 WHERE m.learner_id = %(reviewing_learner)s AND m.ended_at IS NULL
 ORDER BY m.id
"""  # subqueries, not joins: PostgreSQL plans them in half the time (and runs them as fast)
# bigint[]: psycopg sends a list of small numbers as int2[], which the bigint index on
# item_id cannot serve (a full scan of the reviews, profiled).
_REVIEW_IDS_SQL = """
SELECT review.id FROM {review} AS review
  JOIN {mentorship} AS mentorship ON mentorship.id = review.mentorship_id
 WHERE mentorship.learner_id = %(reviewing_learner)s
   AND review.item_id = ANY(%(reviewing_items)s::bigint[])
   AND review.state <> %(reviewing_withdrawn)s
"""


def item_reviewing(*, learner, item_ids, choices: bool = True,
                   ) -> tuple[list[MentorChoice], dict[int, Review]]:  # fmt: skip
    """What the learner's checklist rows show of reviewing, on every roadmap page and tick:
    with ``choices``, the active mentorships as (id, mentor's name) for "ask for review"
    beside every done item (written out: the ORM's join of four tables was compiled each
    time); and the latest review of each item, for badges beside them. Most learners have no
    reviews: a plain query finds which there are, in the same round trip as the mentors, and
    only those are loaded as objects."""
    reviewing = ItemReviewing(learner=learner, item_ids=item_ids, choices=choices)
    if not reviewing.sql:
        return [], {}
    with connection.cursor() as cursor:
        cursor.execute(reviewing.sql, reviewing.params)
        reviewing.read(cursor)
    return reviewing.result()


class ItemReviewing:
    """``item_reviewing`` as statements another read sends in its own round trip: ``sql``
    (with its ``params``, named ``reviewing_…``) after that read's, then ``read(cursor)`` at
    the first of their results, and ``result()``."""

    def __init__(self, *, learner, item_ids, choices: bool = True):
        self.choices, self.item_ids = choices, list(item_ids)
        statements = [_REVIEW_IDS_SQL] if self.item_ids else []
        if choices:
            statements.insert(0, _MENTOR_CHOICES_SQL)
        self.sql = written_sql(
            ";\n".join(statements), mentorship=Mentorship, user=User,
            learner_profile=LearnerProfile, mentor_profile=MentorProfile, review=Review,
        ) if statements else ""  # fmt: skip
        self.params = {"reviewing_learner": learner.pk, "reviewing_items": self.item_ids,
                       "reviewing_withdrawn": ReviewState.WITHDRAWN.value}  # fmt: skip
        self._mentors: list[MentorChoice] = []
        self._found: list[int] = []

    def read(self, cursor) -> None:
        if self.choices:
            self._mentors = [
                MentorChoice(pk, people.display_name(None) if email is None
                             else people.name_of(learner_name, mentor_name, email))
                for pk, email, learner_name, mentor_name in cursor.fetchall()
            ]  # fmt: skip
            if self.item_ids:
                cursor.nextset()
        if self.item_ids:
            self._found = [pk for (pk,) in cursor.fetchall()]

    def result(self) -> tuple[list[MentorChoice], dict[int, Review]]:
        latest: dict[int, Review] = {}
        if self._found:
            for review in (
                Review.objects.filter(pk__in=self._found)
                .select_related(*people.related("state_by"))
                .order_by("state_since")
            ):
                latest[review.item_id] = review
        return self._mentors, latest


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


# The mentoring sections of a learner's data export, written out and read in one round trip
# (with the export's other small sections: see checklists.exports). Compiling the ORM's ten
# queries, their select_related and prefetches cost more than everything they read (profiled:
# a quarter of an export). Each reads what the ORM's query did, in its order; rows created at
# the same instant (seeded data has them) come by id, where the ORM's sort left them in any
# order. Related rows are read by subqueries, not joins: planning a join of seven tables cost
# the database ten times what running it did. ``name_of(user_id)`` stands for the person's
# name as people.name_of gives it: their learner profile's name, else their mentor profile's,
# else their address up to the "@".
_NAME_OF = """coalesce(
    nullif((SELECT display_name FROM {learner_profile} WHERE user_id = USER_ID), ''),
    nullif((SELECT display_name FROM {mentor_profile} WHERE user_id = USER_ID), ''),
    split_part((SELECT email FROM {user} WHERE id = USER_ID), '@', 1))"""
_EXPORT_SQL = {
    "mentorships": """
SELECT m.id, m.learner_id, m.mentor_id, name_of(m.mentor_id), name_of(m.learner_id),
       m.created_at, m.ended_at, m.shares_portfolio, m.shares_papers, m.shares_job_search
  FROM {mentorship} AS m
 WHERE m.learner_id = %s OR m.mentor_id = %s
 ORDER BY m.created_at, m.id""",
    "invitations_sent": """
SELECT email, created_at, expires_at, accepted_at, revoked_at FROM {invitation}
 WHERE learner_id = %s ORDER BY created_at DESC, id DESC""",
    # Addresses are compared as the ORM's query compared them, lowered by Python: lowered here
    # only where that is the same (ASCII letters, whatever the database's locale); the rare
    # address beyond ASCII is read again exactly (_received_exactly).
    "account_emails": "SELECT email FROM {email_address} WHERE user_id = %s",
    "invitations_received": """
SELECT name_of(i.learner_id), i.created_at, i.accepted_at, i.revoked_at
  FROM {invitation} AS i
 WHERE i.email IN (
         SELECT translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
           FROM {email_address} WHERE user_id = %s)
    OR (i.email = %s AND NOT EXISTS (SELECT FROM {email_address} WHERE user_id = %s))
 ORDER BY i.created_at DESC, i.id DESC""",
    "reviews": """
SELECT r.id, r.mentorship_id, (SELECT key FROM {item} WHERE id = r.item_id),
       (SELECT title FROM {project} WHERE id = r.project_id), r.state, r.message, r.created_at
  FROM {review} AS r
 WHERE r.mentorship_id = ANY(ARRAY(
         SELECT id FROM {mentorship} WHERE learner_id = %s OR mentor_id = %s))
 ORDER BY r.created_at, r.id""",
    "review_comments": """
SELECT review_id, author_id, body, state, created_at
  FROM {comment}
 WHERE review_id = ANY(ARRAY(
         SELECT id FROM {review} WHERE mentorship_id = ANY(ARRAY(
           SELECT id FROM {mentorship} WHERE learner_id = %s OR mentor_id = %s))))
 ORDER BY created_at, id""",
    "review_history": """
SELECT review_id, by_id, state, at
  FROM {state_change}
 WHERE review_id = ANY(ARRAY(
         SELECT id FROM {review} WHERE mentorship_id = ANY(ARRAY(
           SELECT id FROM {mentorship} WHERE learner_id = %s OR mentor_id = %s))))
 ORDER BY at, id""",
    "mentor_notes": """
SELECT name_of(m.learner_id), n.body, n.created_at
  FROM {note} AS n
  JOIN {mentorship} AS m ON m.id = n.mentorship_id
 WHERE m.mentor_id = %s
 ORDER BY n.created_at DESC, n.id DESC""",
    "notifications": """
SELECT kind, text, url, created_at, read_at FROM {notification}
 WHERE user_id = %s ORDER BY created_at DESC, id DESC""",
    "email_opt_outs": "SELECT kind FROM {opt_out} WHERE user_id = %s",
}
_RECEIVED_EXACTLY_SQL = """
SELECT name_of(i.learner_id), i.created_at, i.accepted_at, i.revoked_at
  FROM {invitation} AS i
 WHERE i.email = ANY(%s)
 ORDER BY i.created_at DESC, i.id DESC"""


@lru_cache(maxsize=1)
def _export_sql() -> dict[str, str]:
    tables = {
        "user": User, "learner_profile": LearnerProfile, "mentor_profile": MentorProfile,
        "mentorship": Mentorship, "invitation": Invitation, "email_address": EmailAddress,
        "review": Review, "item": ChecklistItem, "project": Project, "comment": ReviewComment,
        "state_change": ReviewStateChange, "note": MentorNote, "notification": Notification,
        "opt_out": EmailOptOut,
    }  # fmt: skip
    return {name: written_sql(_with_names(sql), **tables) for name, sql in _EXPORT_SQL.items()}


def _with_names(sql: str) -> str:
    return re.sub(r"name_of\(([\w.]+)\)",
                  lambda call: _NAME_OF.replace("USER_ID", call.group(1)), sql)  # fmt: skip


def mentoring_export_statements(*, user) -> list[tuple[str, str, tuple]]:
    """The statements (name, SQL, parameters) whose rows ``mentoring_export_from_rows``
    turns into the export's mentoring sections: to be sent in one round trip."""
    me = user.pk
    params = {"mentorships": (me, me), "reviews": (me, me), "review_comments": (me, me),
              "review_history": (me, me),
              "invitations_received": (me, user.email.lower(), me)}  # fmt: skip
    return [(name, sql, params.get(name, (me,))) for name, sql in _export_sql().items()]


def mentoring_export(*, user) -> dict:
    """Everything about mentoring that is the user's own, for their data export: both sides
    of their mentorships, invitations, reviews with comments and history, notes they wrote,
    notifications and email preferences. One round trip."""
    return mentoring_export_from_rows(
        user=user, rows=read_together(mentoring_export_statements(user=user))
    )


def _received_exactly(emails: list[str]) -> list[tuple]:
    sql = written_sql(_with_names(_RECEIVED_EXACTLY_SQL), invitation=Invitation, user=User,
                      learner_profile=LearnerProfile, mentor_profile=MentorProfile)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [[e.lower() for e in emails]])
        return cursor.fetchall()


def mentoring_export_from_rows(*, user, rows: dict[str, list[tuple]]) -> dict:
    """The mentoring sections from the rows of ``mentoring_export_statements``."""
    me = user.pk
    emails = [email for (email,) in rows["account_emails"]]
    received = rows["invitations_received"]
    if not all(email.isascii() for email in emails):
        received = _received_exactly(emails)
    comments: dict[int, list[tuple]] = {}
    for review_id, *comment in rows["review_comments"]:
        comments.setdefault(review_id, []).append(comment)
    history: dict[int, list[tuple]] = {}
    for review_id, *change in rows["review_history"]:
        history.setdefault(review_id, []).append(change)
    opted_out = {kind for (kind,) in rows["email_opt_outs"]}
    sides = {pk: (learner_id, mentor_id) for pk, learner_id, mentor_id, *_ in rows["mentorships"]}

    def side(mentor_id, author_id):  # ids, not users: no query per comment or state change
        if author_id is None:
            return FORMER_MENTOR
        if author_id == me:
            return "you"
        return "mentor" if author_id == mentor_id else "learner"

    return {
        "mentorships": [
            {
                "role": "learner" if learner_id == me else "mentor",
                "with": (
                    (FORMER_MENTOR if mentor_id is None else mentor_name)
                    if learner_id == me else learner_name
                ),
                "created_at": created_at,
                "ended_at": ended_at,
                "shares_portfolio": portfolio,
                "shares_papers": papers,
                "shares_job_search": job_search,
            }
            for (_, learner_id, mentor_id, mentor_name, learner_name, created_at, ended_at,
                 portfolio, papers, job_search) in rows["mentorships"]
        ],  # fmt: skip
        "invitations_sent": [
            {
                "email": email,
                "created_at": created_at,
                "expires_at": expires_at,
                "accepted_at": accepted_at,
                "revoked_at": revoked_at,
            }
            for email, created_at, expires_at, accepted_at, revoked_at in rows["invitations_sent"]
        ],  # fmt: skip
        "invitations_received": [
            {
                "from": name,
                "created_at": created_at,
                "accepted_at": accepted_at,
                "revoked_at": revoked_at,
            }
            for name, created_at, accepted_at, revoked_at in received
        ],  # fmt: skip
        "reviews": [
            {
                "role": "learner" if learner_id == me else "mentor",
                "item": item_key,
                "project": project_title,
                "state": state,
                "message": message,
                "created_at": created_at,
                "comments": [
                    {"by": side(mentor_id, author_id), "body": body, "state": comment_state,
                     "at": at}
                    for author_id, body, comment_state, at in comments.get(review_id, [])
                ],  # fmt: skip
                "history": [
                    {"state": change_state, "by": side(mentor_id, by_id) if by_id else "",
                     "at": at}
                    for by_id, change_state, at in history.get(review_id, [])
                ],  # fmt: skip
            }
            for (review_id, mentorship_id, item_key, project_title, state, message, created_at)
            in rows["reviews"]
            for learner_id, mentor_id in [sides[mentorship_id]]
        ],  # fmt: skip
        "mentor_notes": [
            {"about": name, "body": body, "at": at}
            for name, body, at in rows["mentor_notes"]
        ],  # fmt: skip
        "notifications": [
            {
                "kind": kind,
                "text": text,
                "url": url,
                "created_at": created_at,
                "read_at": read_at,
            }
            for kind, text, url, created_at, read_at in rows["notifications"]
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
