"""Reads for the mentee page: the mentee's own checklist, read-only, in the roadmap's order
(phases, pages, checklists, items), with each item's state, date, evidence, shared note and
review; their dated plan and how far from it they are. A fixed number of queries, whatever
the size of the roadmap or the number of mentees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language

from apps.checklists.content import roadmap_content
from apps.checklists.models import ItemProgress, ItemState
from apps.checklists.selectors import RoadmapProgress, Tally, tally_progress
from apps.core.db import written_sql
from apps.curriculum.models import Checklist, ChecklistItem, Page, Phase
from apps.curriculum.revision import cached_content, content_revision
from apps.learners.models import LearnerProfile
from apps.learners.plan import Plan, PlannedPhase, position_on
from apps.learners.selectors import plan_for
from apps.portfolio.models import Project

from . import people, selectors
from .models import MENTORS_TURN, Mentorship, Review, ReviewComment, ReviewState
from .pace import Pace, PhaseLoad, pace

STALLED_AFTER = dt.timedelta(weeks=3)
FILTERS = {
    "unreviewed": "Done, not reviewed",
    "changes": "Changes requested",
    "stalled": "In progress for more than 3 weeks",
}


@dataclass(frozen=True, slots=True)
class Item:
    """What the mentee page shows of a checklist item: read as columns, not model objects."""

    pk: int
    key: str
    text: str
    checklist_id: int


@dataclass(frozen=True, slots=True)
class ChecklistHeading:
    pk: int
    title: str
    page_id: int


@dataclass(frozen=True, slots=True)
class PageHeading:
    pk: int
    number: int
    title: str
    phase_id: int

    @property
    def number_label(self) -> str:
        return f"{self.number:02d}"


class Progress(NamedTuple):
    """What the mentee page shows of the learner's progress on an item. The days it was
    done and started are in the viewer's time zone, worked out by the database (loading a
    datetime costs more in Python than the row; profiled). A named tuple: one per item the
    learner touched, made faster than a frozen dataclass."""

    state: str
    done_at: dt.date | None
    started_at: dt.date | None
    evidence_url: str
    note: str
    stalled: bool  # started more than STALLED_AFTER ago


@dataclass(frozen=True, slots=True)
class ReviewBadge:
    """The latest review of an item as a closed row shows it: its state and how many
    comments it has. The open row has the whole Review, with its thread."""

    pk: int
    state: str
    comment_count: int

    def get_state_display(self) -> str:
        return ReviewState(self.state).label


def comment_count(review: Review | ReviewBadge) -> int:
    if isinstance(review, ReviewBadge):
        return review.comment_count
    return len(review.comments.all())


@dataclass
class ItemRow:
    item: ChecklistItem | Item
    progress: ItemProgress | Progress | None
    review: Review | ReviewBadge | None
    note: str  # empty unless the learner shares notes with this mentor
    matches: set[str] = field(default_factory=set)
    open: bool = False  # the review panel is open

    @property
    def state(self) -> str:
        return self.progress.state if self.progress else ItemState.NOT_STARTED

    @property
    def state_label(self) -> str:
        return ItemState(self.state).label

    @property
    def can_review(self) -> bool:
        """A mentor gives a verdict on done items: when asked, or unasked when nothing is open
        (a verdict already given stands until the learner asks again)."""
        if self.review is not None and self.review.state != ReviewState.WITHDRAWN:
            return self.review.state in MENTORS_TURN
        return self.state == ItemState.DONE


@dataclass
class ChecklistBlock:
    checklist: Checklist | ChecklistHeading
    tally: Tally
    rows: list[ItemRow]


@dataclass
class PageBlock:
    page: Page | PageHeading
    tally: Tally
    checklists: list[ChecklistBlock]


@dataclass
class PhaseBlock:
    phase: Phase
    tally: Tally
    pages: list[PageBlock]
    planned: PlannedPhase | None
    current: bool


@dataclass
class MenteePage:
    """What the mentee page shows."""

    mentorship: Mentorship
    profile: LearnerProfile | None
    progress: RoadmapProgress
    phases: list[PhaseBlock]  # those with items to show
    plan_phases: list[PhaseBlock]  # every phase, for the plan beside the checklist
    counts: dict[str, int]
    filter: str
    plan: Plan | None
    pace: Pace | None
    project_reviews: list[ProjectReview] = field(default_factory=list)
    version: tuple | None = None  # what the page was made of, if it is kept (mentee_page)
    extras: dict = field(default_factory=dict)  # if asked for (mentee_page): never kept

    @property
    def filter_options(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts[key]) for key, label in FILTERS.items()]


def _matches(state: str, progress, review, now) -> set[str]:
    found = set()
    if review is None and state == ItemState.NOT_STARTED:
        return found  # most items of most learners
    if state == ItemState.DONE and (review is None or review.state in MENTORS_TURN):
        found.add("unreviewed")
    if review is not None and review.state == ReviewState.CHANGES_REQUESTED:
        found.add("changes")
    if state == ItemState.IN_PROGRESS and _stalled(progress, now):
        found.add("stalled")
    return found


def _stalled(progress: ItemProgress | Progress, now: dt.datetime) -> bool:
    if isinstance(progress, Progress):
        return progress.stalled
    return bool(progress.started_at and progress.started_at <= now - STALLED_AFTER)


def latest_reviews(*, mentorship: Mentorship, item_ids=None) -> dict[int, Review]:
    """The latest review of each item in this mentorship, with its thread. Two queries."""
    reviews = (
        Review.objects.filter(mentorship=mentorship, item__isnull=False)
        .exclude(state=ReviewState.WITHDRAWN)
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=ReviewComment.objects.select_related(*people.related("author")),
            )
        )
        .order_by("state_since", "id")
    )
    if item_ids is not None:
        reviews = reviews.filter(item_id__in=item_ids)
    return {review.item_id: review for review in reviews}


def _progress_rows(*, mentorship: Mentorship, item_ids=None) -> dict[int, ItemProgress]:
    rows = ItemProgress.objects.filter(user_id=mentorship.learner_id)
    if item_ids is not None:
        rows = rows.filter(item_id__in=item_ids)
    if not mentorship.shares_notes:
        # Never even read a note the learner keeps to themselves.
        rows = rows.defer("note")
    return {row.item_id: row for row in rows}


@dataclass(frozen=True)
class _Outline:
    """The mentee page's checklist as the content gives it, the same for every mentee: every
    counted item in roadmap order, the headings of its pages and checklists, and what
    ``tally_progress`` reads of each item."""

    items: list[Item]
    pages: dict[int, PageHeading]
    checklists: dict[int, ChecklistHeading]
    placed: list[tuple[int, int, int, int, str]]  # item, checklist, page, phase, kind


def _build_outline() -> _Outline:
    items, pages, checklists, placed = [], {}, {}, []
    for c in roadmap_content().items:
        items.append(Item(c.id, c.key, c.text, c.checklist_id))
        if c.checklist_id not in checklists:
            checklists[c.checklist_id] = ChecklistHeading(c.checklist_id, c.checklist_title,
                                                          c.page_id)  # fmt: skip
            if c.page_id not in pages:
                pages[c.page_id] = PageHeading(c.page_id, c.page_number, c.page_title, c.phase_id)
        placed.append((c.id, c.checklist_id, c.page_id, c.phase_id, c.kind))
    return _Outline(items, pages, checklists, placed)


def _outline() -> _Outline:
    """Kept under the content revision (shared: nobody changes it)."""
    return cached_content("mentoring:mentee-outline", _build_outline, copy=False)


@dataclass
class _Checklist:
    """The mentee's checklist: the outline, the learner's progress on each item, and the
    tallies."""

    items: list[Item]
    progress: dict[int, Progress]
    pages: dict[int, PageHeading]
    checklists: dict[int, ChecklistHeading]
    tallies: RoadmapProgress


# The learner's own rows, written out (on every mentee page; the content comes from the
# cache). A note the learner keeps to themselves is never even read.
_PROGRESS_SQL = """
SELECT item_id, state, (done_at AT TIME ZONE %(zone)s)::date,
       (started_at AT TIME ZONE %(zone)s)::date, evidence_url, {note},
       COALESCE(started_at <= %(stalled_before)s, FALSE)
  FROM {progress} WHERE user_id = %(learner)s
"""


def _read_checklist(own_rows: list[tuple]) -> _Checklist:
    outline = _outline()
    mine = {item_id: Progress(*rest) for item_id, *rest in own_rows}
    progress = {}
    states = []  # what roadmap_progress tallies
    for item_id, checklist_id, page_id, phase_id, kind in outline.placed:
        row = mine.get(item_id)
        if row is not None:
            progress[item_id] = row
        states.append((item_id, checklist_id, page_id, phase_id, kind, row and row.state))
    return _Checklist(
        outline.items, progress, outline.pages, outline.checklists, tally_progress(states)
    )


@dataclass(frozen=True, slots=True)
class ProjectReview:
    """A review of one of the mentee's projects, as the side of the mentee page lists it."""

    pk: int
    subject: str  # the project's title
    state: str

    def get_state_display(self) -> str:
        return ReviewState(self.state).label


# Every review of the mentorship but the withdrawn ones, oldest first, with its number of
# comments: the badges of items and the list of project reviews. Written out: compiling the
# annotated query cost more than reading it (profiled).
_REVIEWS_SQL = """
SELECT r.id, r.item_id, r.state,
       (SELECT project.title FROM {projects} AS project WHERE project.id = r.project_id),
       (SELECT COUNT(*) FROM {comments} AS comment WHERE comment.review_id = r.id)
  FROM {reviews} AS r
 WHERE r.mentorship_id = %(mentorship)s AND r.state <> %(withdrawn)s
 ORDER BY r.state_since, r.id
"""


def _read(*, mentorship: Mentorship, now: dt.datetime, extras: bool) -> tuple[list, list, dict]:
    """The learner's progress rows (``_PROGRESS_SQL``: item id, *Progress) and the
    mentorship's reviews (``_REVIEWS_SQL``); with ``extras``, what is beside the checklist
    (``selectors.mentee_extras``) too: one round trip."""
    sql = ";".join([
        _PROGRESS_SQL.format(note="note" if mentorship.shares_notes else "''",
                             progress=ItemProgress._meta.db_table),
        written_sql(_REVIEWS_SQL, projects=Project, comments=ReviewComment, reviews=Review),
        *([selectors.mentee_extras_sql()] if extras else []),
    ])  # fmt: skip
    params = {
        "zone": timezone.get_current_timezone_name(),
        "stalled_before": now - STALLED_AFTER,
        "learner": mentorship.learner_id,
        "mentorship": mentorship.pk,
        "withdrawn": ReviewState.WITHDRAWN.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        own_rows = cursor.fetchall()
        cursor.nextset()
        review_rows = cursor.fetchall()
        found = selectors.mentee_extras(mentorship=mentorship, cursor=cursor) if extras else {}
    return own_rows, review_rows, found


def _reviews(review_rows: list[tuple]) -> tuple[dict[int, ReviewBadge], list[ProjectReview]]:
    """The latest review of each item, with its number of comments; and the reviews of
    projects, newest change first."""
    badges: dict[int, ReviewBadge] = {}
    projects: list[ProjectReview] = []
    for pk, item_id, state, title, comments in review_rows:
        if item_id is not None:
            badges[item_id] = ReviewBadge(pk, state, comments)
        elif title is not None:
            projects.append(ProjectReview(pk, title, state))
    projects.reverse()
    return badges, projects


def item_row(*, mentorship: Mentorship, item: ChecklistItem, open: bool = False) -> ItemRow:
    """One item as the mentee page shows it, for the review panel's htmx swap."""
    progress = _progress_rows(mentorship=mentorship, item_ids=[item.pk]).get(item.pk)
    review = latest_reviews(mentorship=mentorship, item_ids=[item.pk]).get(item.pk)
    note = progress.note if progress and mentorship.shares_notes else ""
    state = progress.state if progress else ItemState.NOT_STARTED
    return ItemRow(item, progress, review, note, _matches(state, progress, review, timezone.now()),
                   open=open)  # fmt: skip


# Pages made, by what they were made of (``MenteePage.version``): a mentor comes back to a
# mentee whose rows have not moved since, and making the page from them cost more than
# reading them (profiled).
_pages: dict[tuple, MenteePage] = {}
MAX_PAGES = 64


def mentee_page(
    *, mentorship: Mentorship, today: dt.date, filter: str = "", focus: str = "",
    extras: bool = False,
) -> MenteePage:
    """``filter``: one of FILTERS, or nothing for every item. ``focus``: the key of the item
    whose review panel is open (shown whatever the filter). ``extras``: with the page's
    ``extras``, what is beside the checklist (``selectors.mentee_extras``)."""
    filter = filter if filter in FILTERS else ""
    profile = people.learner_profile(mentorship.learner)
    now = timezone.now()
    own_rows, review_rows, found = _read(mentorship=mentorship, now=now, extras=extras)
    version = None
    if not focus:  # an open review reads its thread: not kept
        version = _version(mentorship, profile, filter, today, own_rows, review_rows)
        if (kept := _pages.get(version)) is not None:
            return replace(kept, mentorship=mentorship, profile=profile, extras=found)
    page = _mentee_page(mentorship, profile, today, filter, focus, now, own_rows, review_rows)
    if version is not None:
        if len(_pages) >= MAX_PAGES:
            _pages.clear()
        page.version = version
        _pages[version] = page
    return replace(page, extras=found)


def _version(mentorship, profile, filter, today, own_rows, review_rows) -> tuple:
    """All a mentee page is made of: the content (its revision), the learner's rows and
    reviews, what their plan is made of, the day, and the viewer's zone and language."""
    plan = None
    if profile:
        bucket = profile.bucket
        plan = (profile.start_date, profile.hours_per_week, bucket.letter, bucket.months_min,
                bucket.months_max, bucket.ai_months_min, bucket.ai_months_max)  # fmt: skip
    return (content_revision(), mentorship.learner_id, mentorship.shares_notes, filter, today,
            plan, timezone.get_current_timezone_name(), get_language(), tuple(own_rows),
            tuple(review_rows))  # fmt: skip


def _mentee_page(mentorship, profile, today, filter, focus, now, own_rows, review_rows):
    arc = selectors.content_arc()
    phases = arc.phases
    plan = position = None
    if profile:
        plan = plan_for(profile=profile, phases=phases, slumps=arc.slumps)
        position = position_on(plan, today)
    read = _read_checklist(own_rows)
    items, rows, progress = read.items, read.progress, read.tallies
    reviews, project_reviews = _reviews(review_rows)
    focused = next((item for item in items if item.key == focus), None)
    if focused is not None and focused.pk in reviews:
        # The open row shows the review's thread: the whole review, with its comments.
        reviews.update(latest_reviews(mentorship=mentorship, item_ids=[focused.pk]))

    counts = dict.fromkeys(FILTERS, 0)
    by_checklist: dict[int, list[ItemRow]] = {}
    for item in items:
        row = rows.get(item.pk)
        review = reviews.get(item.pk)
        state = row.state if row else ItemState.NOT_STARTED
        matches = _matches(state, row, review, now)
        for name in matches:
            counts[name] += 1
        if filter and filter not in matches and item.key != focus:
            continue
        note = row.note if row is not None and mentorship.shares_notes else ""
        by_checklist.setdefault(item.checklist_id, []).append(
            ItemRow(item, row, review, note, matches, open=item.key == focus)
        )

    planned = dict(zip([p.pk for p in phases], plan.phases, strict=True)) if plan else {}
    current_index = position.phase_index if position and position.started else None
    blocks: dict[int, PhaseBlock] = {}
    page_blocks: dict[int, PageBlock] = {}
    for index, phase in enumerate(phases):
        blocks[phase.pk] = PhaseBlock(
            phase, progress.phases[phase.pk], [], planned.get(phase.pk), index == current_index
        )
    for page in sorted(read.pages.values(), key=lambda p: p.number):
        page_blocks[page.pk] = PageBlock(page, progress.pages[page.pk], [])
        blocks[page.phase_id].pages.append(page_blocks[page.pk])
    for checklist in read.checklists.values():
        if checklist.pk in by_checklist:
            page_blocks[checklist.page_id].checklists.append(
                ChecklistBlock(
                    checklist, progress.checklists[checklist.pk], by_checklist[checklist.pk]
                )
            )
    for block in blocks.values():
        block.pages = [p for p in block.pages if p.checklists]

    mentee_pace = None
    if plan and position:
        loads = [
            PhaseLoad(p.start, p.end, progress.phases[phase.pk].counted,
                      progress.phases[phase.pk].done)
            for phase, p in zip(phases, plan.phases, strict=True)
        ]  # fmt: skip
        mentee_pace = pace(loads, position.months_elapsed)
    return MenteePage(
        mentorship=mentorship,
        profile=profile,
        progress=progress,
        phases=[b for b in blocks.values() if b.pages],
        plan_phases=list(blocks.values()),
        counts=counts,
        filter=filter,
        plan=plan,
        pace=mentee_pace,
        project_reviews=project_reviews,
    )
