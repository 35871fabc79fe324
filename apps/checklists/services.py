"""Writes to a learner's progress. Every change is recorded in ProgressEvent."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from apps.core.db import (
    locked_get_or_create,
    model_columns,
    row_objects,
    toggle_row,
    written_sql,
)
from apps.core.versioning import check_version, version_of
from apps.curriculum.models import Checklist, ChecklistItem, ChecklistRole, Page, Phase

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

STARTED_STATES = {ItemState.IN_PROGRESS, ItemState.DONE}
# pg_advisory_xact_lock keys for counting a learner's activity: this + the user's id.
ACTIVITY_LOCK = 0x41637479 << 32
EDITED_FIELDS = ("state", "note", "evidence_url")


def item_values(progress: ItemProgress | None) -> dict:
    """What the item form edits, as stored (a missing row is an untouched item)."""
    progress = progress or ItemProgress()
    return {name: getattr(progress, name) for name in EDITED_FIELDS}


def item_version(progress: ItemProgress | None) -> str:
    return version_of(item_values(progress))


@transaction.atomic
def item_progress_set(
    *,
    user,
    item: ChecklistItem,
    state: str | None = None,
    note: str | None = None,
    evidence_url: str | None = None,
    version: str = "",
) -> ItemProgress:
    """Change an item's state and/or the learner's note and evidence link. ``None`` leaves a
    field as it is. A state change is recorded with its from and to. An edit form passes the
    ``version`` it was opened at: if the item changed since, EditConflict (nothing is saved)."""
    if state is not None and not item.checklist.is_tickable:
        raise ValidationError(
            "This list is not ticked as done: it is "
            + ("a rubric, applied to each of your records."
               if item.checklist.role == ChecklistRole.RUBRIC
               else "a list of pitfalls to steer clear of.")
        )  # fmt: skip
    progress = _locked_progress(user=user, item=item)
    saved = item_values(progress)
    previous = progress.state
    now = timezone.now()
    if state is not None:
        if state not in ItemState.values:
            raise ValidationError({"state": "Unknown state."})
        progress.state = state
        if state in STARTED_STATES and progress.started_at is None:
            progress.started_at = now
        progress.done_at = (progress.done_at or now) if state == ItemState.DONE else None
        if state == ItemState.NOT_STARTED:
            progress.started_at = None
    if note is not None:
        progress.note = note.strip()
    if evidence_url is not None:
        progress.evidence_url = evidence_url.strip()
    check_version(started_from=version, saved=saved, wanted=item_values(progress))
    # The user and the item were just loaded: no need to query their existence again.
    progress.full_clean(exclude=["user", "item"], validate_unique=False, validate_constraints=False)
    progress.updated_at = now
    sql = written_sql(_SAVE_SQL, progress=ItemProgress)
    params = {name: getattr(progress, name) for name in _SAVED_FIELDS}
    if progress.state != previous:
        event_sql, event_params = _event_statements(
            user=user, kind=EventKind.STATE, item=item, from_state=previous,
            to_state=progress.state,
        )  # fmt: skip
        sql, params = f"{sql};\n{event_sql}", params | event_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return progress


# A tick on an item the learner has a row for, in one statement (so in one round trip and
# one transaction of its own: no BEGIN and COMMIT to wait for). The row is locked as
# ``_locked_progress`` locks it, and changed as ``item_progress_set`` changes it; the change
# is recorded and counted on its day as ``event_record`` does, the shared lock first.
#
# Its commit does not wait for the disk (synchronous_commit off, for this transaction only):
# waiting was what bounded ticks per second (commits, not CPU: measured). The trade, as
# PostgreSQL documents it: if the database server crashes, ticks of its last fraction of a
# second (at most three times wal_writer_delay, 0.6 s by default) may be lost, whole: the
# row, its history and its day together, never one without the others. A tick is one click
# to repeat; every other write still waits for the disk.
_TICK_SQL = """
SELECT set_config('synchronous_commit', 'off', true);
SELECT pg_advisory_xact_lock_shared(%(lock)s);
WITH old AS (
  SELECT id, state FROM {progress} WHERE user_id = %(user)s AND item_id = %(item)s FOR UPDATE
), changed AS (
  UPDATE {progress} AS p
     SET state = %(state)s,
         started_at = CASE WHEN %(state)s = %(not_started)s THEN NULL
                           WHEN %(starts)s THEN coalesce(p.started_at, %(now)s)
                           ELSE p.started_at END,
         done_at = CASE WHEN %(state)s = %(done)s THEN coalesce(p.done_at, %(now)s) END,
         updated_at = %(now)s
    FROM old WHERE p.id = old.id
  RETURNING old.state AS from_state, {p_columns}
), event AS (
  INSERT INTO {event} (user_id, kind, item_id, page_id, phase_id, from_state, to_state, detail, at)
  SELECT %(user)s, %(kind)s, %(item)s, NULL, NULL, from_state, state, '{{}}'::jsonb, %(now)s
    FROM changed WHERE from_state <> state
  RETURNING at
), counted AS (
  INSERT INTO {day} AS day (user_id, day, changes)
  SELECT %(user)s, (event.at AT TIME ZONE zone.zone)::date, 1
    FROM {zone} AS zone, event WHERE zone.user_id = %(user)s
      ON CONFLICT (user_id, day) DO UPDATE SET changes = day.changes + 1
  RETURNING 1
)
SELECT {columns} FROM changed
"""


def item_state_set(*, user, item: ChecklistItem, state: str, then=None) -> ItemProgress:
    """A tick: the item's state and nothing else, as ``item_progress_set(state=…)`` sets it,
    in one statement where the learner already has a row for the item (the first tick of
    an item creates it there). ``then``: reads to send in the same round trip, after the
    change (an object with ``sql``, ``params`` and ``read(cursor)``)."""
    if not item.checklist.is_tickable or state not in ItemState.values:
        return item_progress_set(user=user, item=item, state=state)  # it says what is wrong
    sql = _tick_sql()
    params = {"lock": ACTIVITY_LOCK + user.pk, "user": user.pk, "item": item.pk,
              "state": str(state), "not_started": ItemState.NOT_STARTED.value,
              "done": ItemState.DONE.value, "starts": state in STARTED_STATES,
              "now": timezone.now(), "kind": EventKind.STATE.value}  # fmt: skip
    if then is not None:
        sql, params = f"{sql};\n{then.sql}", {**params, **then.params}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.nextset()  # set_config's, the lock's, then the tick's
        cursor.nextset()
        row = cursor.fetchone()
        if row is not None and then is not None:
            cursor.nextset()
            then.read(cursor)
    if row is None:  # the reads came before any change: read them again after it
        progress = item_progress_set(user=user, item=item, state=state)
        if then is not None:
            with connection.cursor() as cursor:
                cursor.execute(then.sql, then.params)
                then.read(cursor)
        return progress
    return row_objects(row, ItemProgress)[0]


@lru_cache(maxsize=1)
def _tick_sql() -> str:
    return _TICK_SQL.format(
        progress=ItemProgress._meta.db_table, event=ProgressEvent._meta.db_table,
        day=ActivityDay._meta.db_table, zone=ActivityZone._meta.db_table,
        columns=model_columns(ItemProgress), p_columns=model_columns(ItemProgress, "p"),
    )  # fmt: skip


# A tick's reads and writes of the learner's row, written out: the ORM compiled the same
# SELECT … FOR UPDATE and UPDATE on every tick.
_SAVED_FIELDS = ("id", "state", "note", "evidence_url", "started_at", "done_at", "updated_at")
_SAVE_SQL = """
UPDATE {progress} SET state = %(state)s, note = %(note)s, evidence_url = %(evidence_url)s,
       started_at = %(started_at)s, done_at = %(done_at)s, updated_at = %(updated_at)s
 WHERE id = %(id)s
"""


def _locked_progress(*, user, item: ChecklistItem) -> ItemProgress:
    """The learner's row for the item, locked until the transaction ends; created if missing
    (``locked_get_or_create`` settles concurrent first writes)."""
    sql = written_sql(
        f"SELECT {model_columns(ItemProgress)} FROM {{progress}} "  # noqa: S608 - column names
        "WHERE user_id = %s AND item_id = %s FOR UPDATE",
        progress=ItemProgress,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, item.pk])
        row = cursor.fetchone()
    if row is not None:
        return row_objects(row, ItemProgress)[0]
    progress, _ = locked_get_or_create(ItemProgress, user=user, item=item)
    return progress


@transaction.atomic
def progress_reset(*, user, checklist: Checklist | None = None) -> int:
    """Set every item (or one checklist's) back to not started. Notes and evidence links stay;
    the reset is recorded in the history with what it covered. Returns the rows reset."""
    rows = (
        ItemProgress.objects.select_for_update()
        .filter(user=user)
        .exclude(state=ItemState.NOT_STARTED)
    )
    if checklist is not None:
        rows = rows.filter(item__checklist=checklist)
    count = rows.update(
        state=ItemState.NOT_STARTED, started_at=None, done_at=None, updated_at=timezone.now()
    )
    event_record(
        user=user,
        kind=EventKind.RESET,
        detail={"checklist": checklist.key if checklist else None, "items": count},
    )
    return count


@transaction.atomic
def page_read_set(*, user, page: Page, read: bool) -> bool:
    if read:
        _, created = PageRead.objects.get_or_create(user=user, page=page)
        changed = created
    else:
        changed = PageRead.objects.filter(user=user, page=page).delete()[0] > 0
    if changed:
        event_record(
            user=user, kind=EventKind.PAGE_READ if read else EventKind.PAGE_UNREAD, page=page
        )
    return changed


@transaction.atomic
def bookmark_toggle(*, user, item: ChecklistItem | None = None, page: Page | None = None) -> bool:
    """Bookmark the item or page, or remove the bookmark. Returns whether it is now bookmarked."""
    if (item is None) == (page is None):
        raise ValueError("bookmark exactly one item or one page")
    return toggle_row(Bookmark, user=user, item=item, page=page)


@transaction.atomic
def phase_readiness_set(*, user, phase: Phase, confirmed: bool) -> bool:
    if confirmed:
        _, changed = PhaseConfirmation.objects.get_or_create(user=user, phase=phase)
    else:
        changed = PhaseConfirmation.objects.filter(user=user, phase=phase).delete()[0] > 0
    if changed:
        event_record(
            user=user,
            kind=EventKind.PHASE_READY if confirmed else EventKind.PHASE_UNREADY,
            phase=phase,
        )
    return changed


_EVENT_SQL = """
INSERT INTO {event} (user_id, kind, item_id, page_id, phase_id, from_state, to_state, detail, at)
VALUES (%(user)s, %(kind)s, %(item)s, %(page)s, %(phase)s, %(from_state)s, %(to_state)s,
        %(detail)s::jsonb, %(at)s);
SELECT pg_advisory_xact_lock_shared(%(lock)s);
INSERT INTO {day} AS day (user_id, day, changes)
SELECT user_id, (%(at)s AT TIME ZONE zone)::date, 1 FROM {zone} WHERE user_id = %(user)s
    ON CONFLICT (user_id, day) DO UPDATE SET changes = day.changes + 1
"""


def event_record(
    *, user, kind: str, item: ChecklistItem | None = None, page: Page | None = None,
    phase: Phase | None = None, from_state: str = "", to_state: str = "",
    detail: dict | None = None,
) -> None:  # fmt: skip
    """Record a change in the learner's history and count it on its day (ActivityDay), in
    the caller's transaction: one round trip. The count waits (a shared lock) while
    ``activity_days_count`` counts the history again, and then counts on the new days."""
    sql, params = _event_statements(
        user=user, kind=kind, item=item, page=page, phase=phase, from_state=from_state,
        to_state=to_state, detail=detail,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _event_statements(
    *, user, kind: str, item: ChecklistItem | None = None, page: Page | None = None,
    phase: Phase | None = None, from_state: str = "", to_state: str = "",
    detail: dict | None = None,
) -> tuple[str, dict]:  # fmt: skip
    """``event_record``'s statements and parameters, for a caller to send with its own."""
    ProgressEvent(
        user=user, kind=kind, item=item, page=page, phase=phase, from_state=from_state,
        to_state=to_state, detail=detail or {},
    ).clean_fields(exclude=["user", "item", "page", "phase", "at"])  # fmt: skip
    return written_sql(_EVENT_SQL, event=ProgressEvent, day=ActivityDay, zone=ActivityZone), {
        "user": user.pk, "kind": str(kind), "item": item.pk if item else None,
        "page": page.pk if page else None, "phase": phase.pk if phase else None,
        "from_state": str(from_state), "to_state": str(to_state),
        "detail": json.dumps(detail or {}), "at": timezone.now(),
        "lock": ACTIVITY_LOCK + user.pk,
    }  # fmt: skip


_RECOUNT_SQL = """
SELECT pg_advisory_xact_lock(%(lock)s);
INSERT INTO {zone} (user_id, zone) VALUES (%(user)s, %(zone)s)
    ON CONFLICT (user_id) DO UPDATE SET zone = EXCLUDED.zone;
DELETE FROM {day} WHERE user_id = %(user)s;
INSERT INTO {day} (user_id, day, changes)
SELECT %(user)s, (at AT TIME ZONE %(zone)s)::date, count(*) FROM {event}
 WHERE user_id = %(user)s GROUP BY 2
RETURNING day, changes
"""


@transaction.atomic
def activity_days_count(*, user_id: int, zone: str) -> dict[dt.date, int]:
    """Count the learner's whole history by day in ``zone`` (the first time, and when the
    learner's zone has changed) and return the days. It holds the lock that
    ``event_record``'s counts wait on: an event recorded meanwhile is counted either here (its
    transaction ended first) or on the new days (after this one)."""
    sql = written_sql(_RECOUNT_SQL, zone=ActivityZone, day=ActivityDay, event=ProgressEvent)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"user": user_id, "zone": zone, "lock": ACTIVITY_LOCK + user_id})
        while cursor.nextset():
            pass
        return dict(cursor.fetchall())


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def weekly_check_in_save(
    *, user, week_start: dt.date, hours: Decimal, reflection: str
) -> WeeklyCheckIn:
    check_in, _ = locked_get_or_create(
        WeeklyCheckIn, user=user, week_start=week_start_of(week_start), defaults={"hours": hours}
    )
    check_in.hours = hours
    check_in.reflection = reflection.strip()
    check_in.full_clean(validate_unique=False, validate_constraints=False)
    check_in.save()
    return check_in
