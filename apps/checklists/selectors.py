"""Reads of a learner's progress. Each function runs a fixed number of queries, whatever the
number of items, checklists or learners."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from django.db import connection
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.safestring import mark_safe

from apps.core.db import written_sql
from apps.curriculum.models import DO_KINDS, Checklist, ChecklistItem, Page, Phase
from apps.curriculum.revision import cached_content, content_revision

from .content import ContentItem, RoadmapContent, roadmap_content
from .markup import HistoryLine, overview_rows
from .models import (
    ActivityDay,
    ActivityZone,
    Bookmark,
    EventKind,
    ItemProgress,
    ItemState,
    PageRead,
    PhaseConfirmation,
    ProgressEvent,
    WeeklyCheckIn,
)
from .services import activity_days_count


@dataclass
class Tally:
    """Done out of counted items. Not-applicable items leave the count altogether."""

    done: int = 0
    counted: int = 0
    in_progress: int = 0

    def add(self, state: str, count: int = 1) -> None:
        if state == ItemState.NOT_APPLICABLE:
            return
        self.counted += count
        if state == ItemState.DONE:
            self.done += count
        elif state == ItemState.IN_PROGRESS:
            self.in_progress += count

    def __iadd__(self, other: Tally) -> Tally:
        self.done += other.done
        self.counted += other.counted
        self.in_progress += other.in_progress
        return self

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0

    @property
    def complete(self) -> bool:
        return self.counted > 0 and self.done == self.counted


@dataclass
class RoadmapProgress:
    """Every active item's state for one learner, tallied by checklist, page, phase and
    overall."""

    states: dict[int, str]  # item id → state (items without a row are not started)
    checklists: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    pages: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    phases: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    done_lists: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    overall: Tally = field(default_factory=Tally)
    items_in_order: list[tuple[int, int, int, str]] = field(default_factory=list)


def roadmap_items():
    """The things to do: active items of active do-checklists on published pages. Progress
    counts these and nothing else; rubrics are applied to records, pitfalls are warnings."""
    return ChecklistItem.objects.active().filter(
        checklist__is_retired=False,
        checklist__page__is_published=True,
        checklist__kind__in=DO_KINDS,
    )


def learner_states(*, user) -> dict[int, str]:
    """Item id → state, for the items this learner has a row for (others are not started)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT item_id, state FROM {ItemProgress._meta.db_table} WHERE user_id = %s",  # noqa: S608
            [user.pk],
        )
        return dict(cursor.fetchall())


def roadmap_progress(*, user, content: RoadmapContent | None = None,
                     states: dict[int, str] | None = None) -> RoadmapProgress:  # fmt: skip
    """Each counted item with this learner's state: the items from the content of the
    current revision (``content``, or read here), the states (``states``, or read here in
    one query of the learner's own rows). A single page's tallies come from ``count_page``."""
    content = content or roadmap_content()
    states = learner_states(user=user) if states is None else states
    return tally_progress(
        (i.id, i.checklist_id, i.page_id, i.phase_id, i.kind, states.get(i.id))
        for i in content.items
    )


def tally_progress(rows) -> RoadmapProgress:
    """A RoadmapProgress from (item, checklist, page, phase, checklist kind, state) rows in
    roadmap order; a state of None is not started. Counted in C (``Counter`` over
    ``itemgetter``): a tally per item and group through Python cost a millisecond a page."""
    rows = [
        (item_id, checklist_id, page_id, phase_id, kind, state or ItemState.NOT_STARTED)
        for item_id, checklist_id, page_id, phase_id, kind, state in rows
    ]
    result = RoadmapProgress(
        states=dict(map(itemgetter(0, 5), rows)),
        items_in_order=list(map(itemgetter(0, 1, 2, 5), rows)),
    )
    for tallies, key in (
        (result.checklists, itemgetter(1, 5)),
        (result.pages, itemgetter(2, 5)),
        (result.phases, itemgetter(3, 5)),
    ):
        for (group, state), count in Counter(map(key, rows)).items():
            tallies[group].add(state, count)
    done_lists = Counter((row[2], row[5]) for row in rows if row[4] == "done")
    for (page_id, state), count in done_lists.items():
        result.done_lists[page_id].add(state, count)
    for state, count in Counter(map(itemgetter(5), rows)).items():
        result.overall.add(state, count)
    return result


def learner_item_days(*, user) -> dict[int, tuple[str, dt.date | None, dt.date | None]]:
    """Item id → (state, day started, day done) for this learner's rows, the days in their
    time zone. The database converts: loading a datetime costs more in Python than a row."""
    tz = timezone.get_current_timezone()
    rows = ItemProgress.objects.filter(user=user).values_list(
        "item_id", "state", TruncDate("started_at", tzinfo=tz), TruncDate("done_at", tzinfo=tz)
    )
    return {item_id: (state, started, done) for item_id, state, started, done in rows}


class ProgressRow(NamedTuple):
    """A learner's row for one item, with what a roadmap page's rows read of it: built per
    row where the model object cost ten times as much (34 rows on a long page)."""

    pk: int
    item_id: int
    state: str
    note: str
    evidence_url: str
    done_at: dt.datetime | None

    def get_state_display(self) -> str:
        return ItemState(self.state).label


def page_progress(*, user, page: Page, item_ids: list[int]) -> dict:
    """What a signed-in learner sees on a roadmap page: their rows for its items, bookmarks,
    whether it is read, the retired items they had progress on (shown as retired), and for
    the page's "Resume" link the states of all their items and the item they touched last.
    ``item_ids`` are the page's active items. One round trip, written out (two with retired
    progress); the rows are ProgressRow."""
    sql = written_sql(
        """
        SELECT progress.id, progress.item_id, progress.state, progress.note,
               progress.evidence_url, progress.done_at
          FROM {progress} AS progress
          JOIN {item} AS item ON item.id = progress.item_id
          JOIN {checklist} AS checklist ON checklist.id = item.checklist_id
         WHERE progress.user_id = %(user)s AND checklist.page_id = %(page)s;
        SELECT item_id, page_id FROM {bookmark}
         WHERE user_id = %(user)s AND (page_id = %(page)s OR item_id = ANY(%(items)s::bigint[]))
        UNION ALL
        SELECT NULL, NULL FROM {read} WHERE user_id = %(user)s AND page_id = %(page)s;
        SELECT item_id, state FROM {progress} WHERE user_id = %(user)s;
        SELECT item_id FROM {event}
         WHERE user_id = %(user)s AND kind = %(state_kind)s AND item_id IS NOT NULL
         ORDER BY at DESC, id DESC LIMIT 1
        """,
        progress=ItemProgress, item=ChecklistItem, checklist=Checklist, bookmark=Bookmark,
        read=PageRead, event=ProgressEvent,
    )  # fmt: skip
    params = {"user": user.pk, "page": page.pk, "items": item_ids,
              "state_kind": EventKind.STATE.value}  # fmt: skip
    bookmarked_items, page_bookmarked, page_read = set(), False, False
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        progress = {row.item_id: row for row in map(ProgressRow._make, cursor.fetchall())}
        cursor.nextset()
        for item_id, page_id in cursor.fetchall():
            if item_id:
                bookmarked_items.add(item_id)
            elif page_id:
                page_bookmarked = True
            else:
                page_read = True
        cursor.nextset()
        states = dict(cursor.fetchall())
        cursor.nextset()
        last = cursor.fetchone()
    active = set(item_ids)
    retired_ids = [row.pk for row in progress.values()
                   if row.item_id not in active and row.state != ItemState.NOT_STARTED]  # fmt: skip
    retired = []
    if retired_ids:
        retired = sorted(
            ItemProgress.objects.filter(pk__in=retired_ids).select_related("item__checklist"),
            key=lambda row: (row.item.checklist.order, row.item.order),
        )
    return {
        "progress": progress,
        "bookmarked_items": bookmarked_items,
        "page_bookmarked": page_bookmarked,
        "page_read": page_read,
        "retired_progress": retired,
        "states": states,
        "last_item_id": last[0] if last else None,
    }


OPEN_STATES = {ItemState.NOT_STARTED, ItemState.IN_PROGRESS}


@dataclass
class ResumePoint:
    page: Page
    item: ChecklistItem | None


def resume_point(
    *, progress: RoadmapProgress, last_item_id: int | None = None, phase_id: int | None = None,
    content: RoadmapContent | None = None,
) -> ResumePoint | None:  # fmt: skip
    """Where to pick up: the page of the item touched last, at its next item not done. If
    that page is finished (its Done list complete, or nothing left to do on it), the next
    unfinished page of the current phase (``phase_id``), else the first unfinished page."""
    content = content or roadmap_content()
    pages = content.pages
    open_items: dict[int, list[int]] = defaultdict(list)
    page_of: dict[int, int] = {}
    for item_id, _, page_id, state in progress.items_in_order:
        page_of[item_id] = page_id
        if state in OPEN_STATES:
            open_items[page_id].append(item_id)

    def finished(page: Page) -> bool:
        return progress.done_lists[page.pk].complete or not open_items[page.pk]

    last_page = next((p for p in pages if p.pk == page_of.get(last_item_id)), None)
    if last_page and not finished(last_page):
        position = {item_id: n for n, (item_id, *_) in enumerate(progress.items_in_order)}
        after = [i for i in open_items[last_page.pk] if position[i] > position[last_item_id]]
        return _resume_at(content, last_page, (after or open_items[last_page.pk])[0])
    unfinished = [p for p in pages if not finished(p)]
    in_phase = [p for p in unfinished if phase_id is None or p.phase_id == phase_id]
    later = [p for p in in_phase if last_page is None or p.number > last_page.number]
    page = next(iter(later or in_phase or unfinished), None)
    if page is None:
        return None
    return _resume_at(content, page, open_items[page.pk][0] if open_items[page.pk] else None)


def _resume_at(content: RoadmapContent, page: Page, item_id: int | None) -> ResumePoint:
    found = content.items_by_id.get(item_id) if item_id else None
    item = ChecklistItem(pk=found.id, key=found.key, text=found.text) if found else None
    return ResumePoint(page=page, item=item)


@dataclass
class LearnerRecord:
    """Everything the dashboard reads of the learner's own rows."""

    items: dict[int, tuple[str, dt.date | None, dt.date | None]]  # state, started, done
    confirmed: dict[int, dt.datetime]  # phase → readiness confirmed at
    pages_read: set[int]
    activity: dict[dt.date, int]  # changes per day since ``since``
    check_in_weeks: set[dt.date]  # Mondays since ``since`` with a check-in
    last_item_id: int | None  # the item whose state changed last


def learner_record(*, user, since: dt.date) -> LearnerRecord:
    """The dashboard's reads of the learner's rows in one round trip, written out: six ORM
    queries spent more time being compiled than run. Days are in the learner's time zone:
    item dates converted by the database, activity counted per day as each change is recorded
    (ActivityDay), and counted again from the history (``activity_days_count``) when they
    were counted in another zone, or never."""
    zone = str(timezone.get_current_timezone())
    sql = written_sql(
        """
        SELECT 'item', item_id, state, (started_at AT TIME ZONE %(zone)s)::date,
               (done_at AT TIME ZONE %(zone)s)::date, NULL::timestamptz, NULL::bigint
          FROM {items} WHERE user_id = %(user)s
        UNION ALL
        SELECT 'confirmed', phase_id, NULL, NULL, NULL, confirmed_at, NULL
          FROM {confirmations} WHERE user_id = %(user)s
        UNION ALL
        SELECT 'read', page_id, NULL, NULL, NULL, NULL, NULL FROM {reads} WHERE user_id = %(user)s
        UNION ALL
        SELECT 'week', NULL, NULL, week_start, NULL, NULL, NULL
          FROM {check_ins} WHERE user_id = %(user)s AND week_start >= %(since)s
        UNION ALL
        SELECT 'zone', NULL, NULL, NULL, NULL, NULL, NULL
          FROM {zones} WHERE user_id = %(user)s AND zone = %(zone)s
        UNION ALL
        SELECT 'day', NULL, NULL, day.day, NULL, NULL, day.changes
          FROM {days} AS day JOIN {zones} AS zone ON zone.user_id = day.user_id
         WHERE day.user_id = %(user)s AND zone.zone = %(zone)s AND day.day >= %(since)s
        UNION ALL
        (SELECT 'last', item_id, NULL, NULL, NULL, NULL, NULL FROM {events}
          WHERE user_id = %(user)s AND kind = %(state_kind)s AND item_id IS NOT NULL
          ORDER BY at DESC, id DESC LIMIT 1)
        """,
        items=ItemProgress, confirmations=PhaseConfirmation, reads=PageRead,
        check_ins=WeeklyCheckIn, zones=ActivityZone, days=ActivityDay, events=ProgressEvent,
    )  # fmt: skip
    params = {
        "user": user.pk,
        "zone": zone,
        "since": since,
        "state_kind": EventKind.STATE.value,
    }
    record = LearnerRecord({}, {}, set(), {}, set(), None)
    counted = False
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, ref, state, day, done_on, at, count in cursor.fetchall():
            if kind == "item":
                record.items[ref] = (state, day, done_on)
            elif kind == "confirmed":
                record.confirmed[ref] = at
            elif kind == "read":
                record.pages_read.add(ref)
            elif kind == "week":
                record.check_in_weeks.add(day)
            elif kind == "day":
                record.activity[day] = count
            elif kind == "zone":
                counted = True
            else:
                record.last_item_id = ref
    if not counted:
        days = activity_days_count(user_id=user.pk, zone=zone)
        record.activity = {day: count for day, count in days.items() if day >= since}
    return record


def confirmed_phases(*, user) -> dict[int, dt.datetime]:
    return dict(PhaseConfirmation.objects.filter(user=user).values_list("phase_id", "confirmed_at"))


class CheckInRow(NamedTuple):
    week_start: dt.date
    hours: Decimal
    reflection: str


def check_ins(*, user, since: dt.date) -> list[CheckInRow]:
    """The learner's check-ins since ``since``, latest week first, with what the page shows
    of them (written out, no model objects)."""
    with connection.cursor() as cursor:
        cursor.execute(
            written_sql(
                "SELECT week_start, hours, reflection FROM {check_in} "
                "WHERE user_id = %s AND week_start >= %s ORDER BY week_start DESC",
                check_in=WeeklyCheckIn,
            ),
            [user.pk, since],
        )
        return list(map(CheckInRow._make, cursor.fetchall()))


def history(*, user, limit: int = 20) -> list[HistoryLine]:
    """The learner's latest changes, newest first: the columns the list shows, no models."""
    sql = written_sql(
        """
        SELECT event.at, event.kind, item.text, event.from_state, event.to_state, event.detail,
               page.title, phase.title
          FROM {event} AS event
          LEFT JOIN {item} AS item ON item.id = event.item_id
          LEFT JOIN {page} AS page ON page.id = event.page_id
          LEFT JOIN {phase} AS phase ON phase.id = event.phase_id
         WHERE event.user_id = %s
         ORDER BY event.at DESC, event.id DESC
         LIMIT %s
        """,
        event=ProgressEvent, item=ChecklistItem, page=Page, phase=Phase,
    )  # fmt: skip
    zone = timezone.get_current_timezone()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, limit])
        rows = cursor.fetchall()
    # jsonb arrives as text (Django's loader for JSONField): decoded as the ORM would.
    return [
        HistoryLine(at, kind, text, from_state, to_state,
                    None if detail is None else json.loads(detail), page, phase, zone=zone)
        for at, kind, text, from_state, to_state, detail, page, phase in rows
    ]  # fmt: skip


def bookmarks(*, user) -> list[Bookmark]:
    """The learner's bookmarks, newest first, with what the list shows of each item (its
    checklist and page) or page. One query written out, reading those columns only: the ORM's
    select_related compiled for longer than the page took to render, and loaded page bodies."""
    sql = written_sql(
        """
        SELECT bookmark.id, bookmark.created_at, item.id, item.key, item.text, item.is_retired,
               checklist.id, checklist.title, item_page.id, item_page.slug, item_page.number,
               item_page.title, page.id, page.slug, page.number, page.title
          FROM {bookmark} AS bookmark
          LEFT JOIN {item} AS item ON item.id = bookmark.item_id
          LEFT JOIN {checklist} AS checklist ON checklist.id = item.checklist_id
          LEFT JOIN {page} AS item_page ON item_page.id = checklist.page_id
          LEFT JOIN {page} AS page ON page.id = bookmark.page_id
         WHERE bookmark.user_id = %s
         ORDER BY bookmark.created_at DESC
        """,
        bookmark=Bookmark, item=ChecklistItem, checklist=Checklist, page=Page,
    )  # fmt: skip
    found = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        for (pk, created_at, item_id, key, text, is_retired, checklist_id, title, item_page_id,
             item_page_slug, item_page_number, item_page_title, page_id, page_slug,
             page_number, page_title) in cursor.fetchall():  # fmt: skip
            bookmark = Bookmark(pk=pk, user_id=user.pk, created_at=created_at)
            if item_id is not None:
                page = Page(pk=item_page_id, slug=item_page_slug, number=item_page_number,
                            title=item_page_title)  # fmt: skip
                checklist = Checklist(pk=checklist_id, title=title, page=page)
                bookmark.item = ChecklistItem(
                    pk=item_id, key=key, text=text, is_retired=is_retired, checklist=checklist
                )
            else:
                bookmark.page = Page(pk=page_id, slug=page_slug, number=page_number,
                                     title=page_title)  # fmt: skip
            found.append(bookmark)
    return found


@dataclass
class OverviewRow:
    checklist: Checklist
    tally: Tally
    items: list[ChecklistItem] = field(default_factory=list)
    html: str = ""  # its table rows, see markup.overview_rows


def progress_overview(*, user, phase_key: str = "", state: str = "") -> dict:
    """Every checklist with the learner's tally, filtered by phase and by item state."""
    content = roadmap_content()
    progress = roadmap_progress(user=user, content=content)
    checklists = content.checklists
    if phase_key:
        checklists = [c for c in checklists if c.page.phase.key == phase_key]
    items_by_checklist: dict[int, list[ContentItem]] = defaultdict(list)
    if state:
        for item in content.items:  # in roadmap order: by checklist, then order
            if progress.states[item.id] == state:
                items_by_checklist[item.checklist_id].append(item)
    rows = []
    for checklist in checklists:
        if state and not items_by_checklist[checklist.pk]:
            continue
        rows.append(
            OverviewRow(
                checklist,
                progress.checklists[checklist.pk],
                items_by_checklist.get(checklist.pk, []),
            )  # fmt: skip
        )
    overview_rows(rows, with_items=bool(state))
    lines = history(user=user)
    # Each list as one string: the template's loops over 60 rows cost more than the rows.
    return {
        "rows": rows,
        "rows_html": mark_safe("".join(row.html for row in rows)),  # noqa: S308 - escaped rows
        "history": lines,
        "history_html": mark_safe("".join(line.html for line in lines)),  # noqa: S308 - ditto
        "progress": progress,
        "phases": content.phases,
    }


def page_checklists(detail) -> list[Checklist]:
    return [s.checklist for s in detail.segments if s.checklist] + (
        [detail.done_list] if detail.done_list else []
    )


def count_page(checklists, states: dict[int, str]) -> tuple[dict[int, Tally], Tally, Tally]:
    """A page's tallies by checklist, for the page and for its Done list, from its active
    checklists (as the cached page holds them) and the learner's states: the same items
    ``roadmap_progress`` counts for the page."""
    return count_shape(_shape_of(checklists), states)


class PageShape(NamedTuple):
    """What counting a learner's tallies on a page needs of its content, kept per revision."""

    item_ids: str  # the page's items, as PostgreSQL writes an array
    # (checklist id, whether it is a Done list, its item ids) of each tickable checklist
    checklists: tuple[tuple[int, bool, tuple[int, ...]], ...]


_shapes: dict[tuple, PageShape] = {}


def page_shape(page: Page) -> PageShape:
    """The page's items and tickable checklists (as the cached page holds them), worked out
    once per content revision: a tick counts its page's tallies, and reading its fifty items
    from model objects cost more than the counting (profiled)."""
    from apps.curriculum.article import page_article

    key = (content_revision(), page.pk)
    if (shape := _shapes.get(key)) is None:
        if len(_shapes) > 256:
            _shapes.clear()
        checklists = page_article(slug=page.slug).detail.page.checklists.all()
        shape = _shapes[key] = _shape_of(checklists)
    return shape


def _shape_of(checklists) -> PageShape:
    items = {c.pk: tuple(item.pk for item in c.items.all()) for c in checklists}
    return PageShape(
        "{" + ",".join(str(pk) for ids in items.values() for pk in ids) + "}",
        tuple((c.pk, c.kind == "done", items[c.pk]) for c in checklists if c.is_tickable),
    )  # fmt: skip


def count_shape(shape: PageShape, states: dict[int, str]) -> tuple[dict[int, Tally], Tally, Tally]:
    """``count_page`` from a page's shape (``page_shape``)."""
    page_tally, done_tally = Tally(), Tally()
    tallies: dict[int, Tally] = defaultdict(Tally)
    not_started = ItemState.NOT_STARTED
    for checklist_id, is_done_list, item_ids in shape.checklists:
        tally = tallies[checklist_id]
        for item_id in item_ids:
            item_state = states.get(item_id, not_started)
            tally.add(item_state)
            page_tally.add(item_state)
            if is_done_list:
                done_tally.add(item_state)
    return tallies, page_tally, done_tally


def writable_item(*, key: str) -> ChecklistItem | None:
    """An item learners can change (active, on an active checklist of a published page), with
    its checklist and page attached, or None. No query: a fresh copy, for this request to
    decorate, of what is kept for the current content revision."""
    kept = cached_content("writable-items", _writable_items, copy=False)
    found = kept["items"].get(key)
    if found is None:
        return None
    item_blob, page_id = found
    item = pickle.loads(item_blob)  # noqa: S301 - our own database
    item.checklist._state.fields_cache["page"] = pickle.loads(kept["pages"][page_id])  # noqa: S301
    return item


def _writable_items() -> dict:
    items = ChecklistItem.objects.select_related("checklist__page").filter(
        is_retired=False, checklist__is_retired=False, checklist__page__is_published=True
    )
    kept: dict = {"items": {}, "pages": {}}
    for item in items:
        page = item.checklist.page
        kept["pages"].setdefault(page.pk, pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
        item.checklist._state.fields_cache.pop("page")  # kept once per page, not per item
        kept["items"][item.key] = (pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), page.pk)
    return kept


def item_change_read(change: ItemChange) -> None:
    """``change``'s statements, read in a round trip of their own."""
    with connection.cursor() as cursor:
        cursor.execute(change.sql, change.params)
        change.read(cursor)


class ItemChange:
    """What the htmx answer to a change on one item shows: the item's row (its progress,
    bookmark and review) and the tallies of its checklist and page. The page's items come
    from the cached page; the learner's states and the bookmark are read with ``also``'s
    statements (an object with ``sql``, ``params`` and ``read(cursor)``, as mentoring's
    ItemReviewing), in one round trip: a tick's own (services.item_state_set) or their own
    (``item_change_read``). Then ``context(progress)``, with the row just saved, if any."""

    def __init__(self, *, user, item, also=None):
        self.user, self.item, self.also = user, item, also
        self.shape = page_shape(item.checklist.page)
        # As PostgreSQL writes an array: psycopg's dumping of a list of numbers cost more than
        # the rest of the statement's binding (profiled).
        item_ids = self.shape.item_ids
        self.sql = (
            f"SELECT item_id, state FROM {ItemProgress._meta.db_table} "  # noqa: S608
            "WHERE user_id = %(change_user)s AND item_id = ANY(%(change_items)s::bigint[]) "
            f"UNION ALL SELECT item_id, NULL FROM {Bookmark._meta.db_table} "
            "WHERE user_id = %(change_user)s AND item_id = %(change_item)s"
        )
        self.params = {"change_user": user.pk, "change_items": item_ids, "change_item": item.pk}
        if also is not None and also.sql:
            self.sql, self.params = f"{self.sql};\n{also.sql}", {**self.params, **also.params}
        self.states: dict[int, str] = {}
        self.bookmarked = False

    def read(self, cursor) -> None:
        self.states, self.bookmarked = {}, False
        for item_id, item_state in cursor.fetchall():
            if item_state is None:
                self.bookmarked = True
            else:
                self.states[item_id] = item_state
        if self.also is not None and self.also.sql:
            cursor.nextset()
            self.also.read(cursor)

    def context(self, progress=None) -> dict:
        user, item, states = self.user, self.item, self.states
        tallies, page_tally, done_tally = count_shape(self.shape, states)
        if progress is None and item.pk in states:
            progress = ItemProgress.objects.filter(user=user, item=item).first()
        item.my_progress = progress
        item.bookmarked = self.bookmarked
        item.checklist.my_tally = tallies[item.checklist_id]
        page = item.checklist.page
        return {"page": page, "page_tally": page_tally, "done_tally": done_tally}
