"""Reads for the mentee page: the mentee's own checklist, read-only, in the roadmap's order
(phases, pages, checklists, items), with each item's state, date, evidence, shared note and
review; their dated plan and how far from it they are. A fixed number of queries, whatever
the size of the roadmap or the number of mentees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from apps.checklists.models import ItemProgress, ItemState
from apps.checklists.selectors import RoadmapProgress, Tally, roadmap_items, roadmap_progress
from apps.curriculum.models import Checklist, ChecklistItem, DemoralizingMonth, Page, Phase
from apps.learners.models import LearnerProfile
from apps.learners.plan import Plan, PlannedPhase, position_on
from apps.learners.selectors import plan_for

from . import people
from .models import MENTORS_TURN, Mentorship, Review, ReviewComment, ReviewState
from .pace import Pace, PhaseLoad, pace

STALLED_AFTER = dt.timedelta(weeks=3)
FILTERS = {
    "unreviewed": "Done, not reviewed",
    "changes": "Changes requested",
    "stalled": "In progress for more than 3 weeks",
}


@dataclass
class ItemRow:
    item: ChecklistItem
    progress: ItemProgress | None
    review: Review | None
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
    checklist: Checklist
    tally: Tally
    rows: list[ItemRow]


@dataclass
class PageBlock:
    page: Page
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

    @property
    def filter_options(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts[key]) for key, label in FILTERS.items()]


def _matches(state: str, progress: ItemProgress | None, review: Review | None, now) -> set[str]:
    found = set()
    if state == ItemState.DONE and (review is None or review.state in MENTORS_TURN):
        found.add("unreviewed")
    if review is not None and review.state == ReviewState.CHANGES_REQUESTED:
        found.add("changes")
    if (
        state == ItemState.IN_PROGRESS
        and progress.started_at
        and progress.started_at <= now - STALLED_AFTER
    ):
        found.add("stalled")
    return found


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


def item_row(*, mentorship: Mentorship, item: ChecklistItem, open: bool = False) -> ItemRow:
    """One item as the mentee page shows it, for the review panel's htmx swap."""
    progress = _progress_rows(mentorship=mentorship, item_ids=[item.pk]).get(item.pk)
    review = latest_reviews(mentorship=mentorship, item_ids=[item.pk]).get(item.pk)
    note = progress.note if progress and mentorship.shares_notes else ""
    state = progress.state if progress else ItemState.NOT_STARTED
    return ItemRow(item, progress, review, note, _matches(state, progress, review, timezone.now()),
                   open=open)  # fmt: skip


def mentee_page(
    *, mentorship: Mentorship, today: dt.date, filter: str = "", focus: str = ""
) -> MenteePage:
    """``filter``: one of FILTERS, or nothing for every item. ``focus``: the key of the item
    whose review panel is open (shown whatever the filter)."""
    filter = filter if filter in FILTERS else ""
    learner_id = mentorship.learner_id
    profile = LearnerProfile.objects.filter(user_id=learner_id).select_related("bucket").first()
    phases = list(Phase.objects.all())
    progress = roadmap_progress(user=mentorship.learner)
    plan = position = None
    if profile:
        plan = plan_for(
            profile=profile, phases=phases, slumps=list(DemoralizingMonth.objects.all())
        )
        position = position_on(plan, today)
    pages = {
        p.pk: p for p in Page.objects.published().only("id", "slug", "number", "title", "phase_id")
    }
    checklists = {
        c.pk: c
        for c in Checklist.objects.active()
        .filter(page_id__in=list(pages))
        .only("id", "key", "title", "kind", "page_id", "order")
        .order_by("page__number", "order")
    }
    items = list(
        roadmap_items().only("id", "key", "text", "section", "order", "checklist_id", "url")
    )
    rows = _progress_rows(mentorship=mentorship)
    reviews = latest_reviews(mentorship=mentorship)

    now = timezone.now()
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
    for page in sorted(pages.values(), key=lambda p: p.number):
        page_blocks[page.pk] = PageBlock(page, progress.pages[page.pk], [])
        blocks[page.phase_id].pages.append(page_blocks[page.pk])
    for checklist in checklists.values():
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
    )
