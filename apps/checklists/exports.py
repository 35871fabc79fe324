"""Everything a learner recorded, for the JSON and CSV exports on the profile page.

The exports are streamed: the history (thousands of rows for an active learner) is read from
the database in chunks and written as they arrive, so memory stays constant and the first
bytes leave at once; the progress has at most a row per item of the roadmap."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from functools import lru_cache
from itertools import islice
from json.encoder import encode_basestring_ascii
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.db.models import F, Q, QuerySet
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable

from apps.core.db import read_together, written_sql
from apps.curriculum.models import ChecklistItem, Page, Phase
from apps.curriculum.revision import cached_content

from .models import (
    Bookmark,
    ItemProgress,
    PageRead,
    PhaseConfirmation,
    ProgressEvent,
    WeeklyCheckIn,
)

CSV_COLUMNS = ["record", "key", "title", "state", "note", "url", "started_at", "done_at", "at",
               "value"]  # fmt: skip
CHUNK_ROWS = 500
PIECE_CHARACTERS = 1 << 16
READ_CHUNK_ROWS = 2000
# The learner in the queries compiled once per process (see _read_small): each export
# puts its own in this one's place.
_ANY_LEARNER = -1
# The profile section: its keys, and the columns they come from.
PROFILE_FIELDS = {"display_name": "display_name", "bucket": "bucket__letter",
                  "honest_test": "test_answers", "can_train_model": "can_train_model",
                  "start_date": "start_date", "hours_per_week": "hours_per_week",
                  "timezone": "timezone", "specialization": "specialization__key",
                  "specialization_chosen_on": "specialization_chosen_on",
                  "job_started_on": "job_started_on"}  # fmt: skip
_encode = DjangoJSONEncoder(separators=(",", ":")).encode


class _Encoded(dict):
    """Each value's JSON, computed once: the long sections repeat the same keys and states
    thousands of times. Strings go straight to the C encoder the JSON encoder itself uses."""

    def __missing__(self, value):
        self[value] = encoded = "null" if value is None else encode_basestring_ascii(value)
        return encoded


class _Details(dict):
    """An event's detail, from the text of its jsonb: (its JSON, the value the CSV writes)."""

    def __missing__(self, text):
        value = None if text is None else json.loads(text)
        self[text] = pair = (_encode(value), value and str(value))
        return pair


# The learner's progress: a row for each item they touched, so at most a few hundred. The
# items are described from the content kept per revision (joining them and sorting by page,
# checklist and item cost the database more than reading the rows): the rows are read whole
# and put in the roadmap's order here. Times as in the history (_MILLISECOND_ZEROS).
_PROGRESS_SQL = """
SELECT item_id, state, note, evidence_url, (started_at AT TIME ZONE 'UTC')::text,
       (done_at AT TIME ZONE 'UTC')::text
  FROM {progress}
 WHERE user_id = %s"""


def _progress_items(ids: Iterable[int] | None = None) -> dict[int, tuple]:
    """Each item's place in the roadmap (page, checklist, item, and its id where those
    tie), key, text, checklist, whether it or its checklist is retired, and the start of its
    progress entry in the JSON."""
    rows = ChecklistItem.objects.values_list(
        "id", "checklist__page__number", "checklist__order", "order", "key", "text",
        "checklist__key", "is_retired", "checklist__is_retired",
    )  # fmt: skip
    if ids is not None:
        rows = rows.filter(id__in=ids)
    return {
        pk: ((number, checklist_order, order, pk), key, text, checklist, retired or listed,
             f'{{"item":{encode_basestring_ascii(key)},"item_text":'
             f'{encode_basestring_ascii(text)},"checklist":{encode_basestring_ascii(checklist)},'
             f'"retired":{"true" if retired or listed else "false"},')
        for pk, number, checklist_order, order, key, text, checklist, retired, listed in rows
    }  # fmt: skip


def _progress(user, keys: _Keys) -> list[tuple]:
    """The learner's progress in the roadmap's order: (the item's, as _progress_items gives
    it), state, note, evidence URL, and the start and done times' text."""
    sql = written_sql(_PROGRESS_SQL, progress=ItemProgress)
    with connections[router.db_for_read(ItemProgress)].cursor() as cursor:
        cursor.execute(sql, [user.pk])
        rows = cursor.fetchall()
    items = keys.kept["progress_items"]
    newer = {row[0] for row in rows} - items.keys()
    if newer:  # content added since the kept one (a race with an editor): one query
        items = {**items, **_progress_items(newer)}
    return sorted(((items[item_id], *rest) for item_id, *rest in rows),
                  key=lambda row: row[0][0])  # fmt: skip


# The history: thousands of rows for an active learner. Its items, pages and phases are named
# from the content's keys kept per revision (three joins cost the database more than reading
# the rows); an item, page or phase newer than those keys is named by the row itself. The time
# is PostgreSQL's text of it in UTC, which the export completes (_MILLISECOND_ZEROS): to_char
# cost the database a third of the statement.
_HISTORY_SQL = """
SELECT e.kind, e.item_id, e.page_id, e.phase_id, e.from_state, e.to_state, e.detail::text,
       (e.at AT TIME ZONE 'UTC')::text,
       CASE WHEN e.item_id > %s OR e.page_id > %s OR e.phase_id > %s THEN ARRAY[
         (SELECT key FROM {item} WHERE id = e.item_id),
         (SELECT slug FROM {page} WHERE id = e.page_id),
         (SELECT key FROM {phase} WHERE id = e.phase_id)] END
  FROM {event} AS e
 WHERE e.user_id = %s
 ORDER BY e.at, e.id"""
_KINDS = ("item", "page", "phase")


def _content_keys() -> dict[str, dict]:
    """Every item's, page's and phase's key by id, retired ones too (the history names
    them), and None for none; each as the JSON and the CSV write it; and what the progress
    says of each item (_progress_items)."""
    keys = {
        "item": {None: None, **dict(ChecklistItem.objects.values_list("id", "key"))},
        "page": {None: None, **dict(Page.objects.values_list("id", "slug"))},
        "phase": {None: None, **dict(Phase.objects.values_list("id", "key"))},
    }
    encoded, cells = _Encoded(), _Cells()
    for kind in _KINDS:
        keys[f"{kind}_json"] = {pk: encoded[key] for pk, key in keys[kind].items()}
        keys[f"{kind}_cell"] = {pk: cells[key or ""] for pk, key in keys[kind].items()}
    keys["progress_items"] = _progress_items()
    return keys


class _Keys:
    """The keys an export names its progress and history's rows by (raw, as JSON and as CSV
    cells): the content's, kept per revision, and any newer one a row brings (see
    _HISTORY_SQL, _progress)."""

    def __init__(self):
        self.kept = cached_content("export-keys", _content_keys, copy=False)

    def newest(self) -> tuple[int, ...]:
        return tuple(max((pk for pk in self.kept[kind] if pk is not None), default=0)
                     for kind in _KINDS)  # fmt: skip

    def learn(self, chunk: list[tuple]) -> None:
        """Keys a chunk's rows brought of content newer than the kept keys (kept in a copy:
        the kept keys are shared by every export of this process)."""
        self.kept = {name: dict(known) for name, known in self.kept.items()}
        encoded, cells = _Encoded(), _Cells()
        for row in chunk:
            for kind, pk, key in zip(_KINDS, row[1:4], row[-1] or (), strict=False):
                if key is not None:
                    self.kept[kind][pk] = key
                    self.kept[f"{kind}_json"][pk] = encoded[key]
                    self.kept[f"{kind}_cell"][pk] = cells[key]


def _history_chunks(user, keys: _Keys) -> Iterator[list[tuple]]:
    sql = written_sql(_HISTORY_SQL, item=ChecklistItem, page=Page, phase=Phase,
                      event=ProgressEvent)  # fmt: skip
    yield from _stream(sql, (*keys.newest(), user.pk))


def _stream(sql: str, params: tuple) -> Iterator[list[tuple]]:
    """The rows, streamed, a chunk at a time: one statement whose rows arrive in chunks
    (libpq's chunked rows mode), so memory stays constant as with a server-side cursor,
    without its DECLARE, FETCH and CLOSE round trips and the copy of every row a holdable
    cursor makes (together a third of the database's work for an export). Nothing else may
    use the connection until the rows are read: the exports read the history last."""
    connection = connections[router.db_for_read(ProgressEvent)]
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # Logged like any query when queries are (tests' query bounds, DEBUG).
        logged = cursor.debug_sql(sql, params) if connection.queries_logged else nullcontext()
        with logged:
            rows = cursor.cursor.stream(sql, params, size=READ_CHUNK_ROWS)
            while chunk := list(islice(rows, CHUNK_ROWS)):
                yield chunk


class _Written(str):
    """Entries or lines already written, a chunk of them: the exports pass them on as they
    are."""


def _progress_json(user, keys: _Keys) -> Iterator[_Written]:
    s, zeros = _Encoded(), _MILLISECOND_ZEROS

    def time(text: str | None) -> str:
        return "null" if text is None else f'"{text[:10]}T{text[11:23]}{zeros[len(text)]}Z"'

    rows = _progress(user, keys)
    for start in range(0, len(rows), CHUNK_ROWS):
        yield _Written(",".join(
            f'{item[5]}"state":{s[state]},"note":{encode_basestring_ascii(note)},'
            f'"evidence_url":{encode_basestring_ascii(url)},"started_at":{time(started)},'
            f'"done_at":{time(done)}}}'
            for item, state, note, url, started, done in rows[start : start + CHUNK_ROWS]
        ))  # fmt: skip


def _history_json(user, keys: _Keys) -> Iterator[_Written]:
    s, details, zeros = _Encoded(), _Details(), _MILLISECOND_ZEROS

    def write(chunk: list[tuple]) -> str:
        item, page, phase = keys.kept["item_json"], keys.kept["page_json"], keys.kept["phase_json"]
        return ",".join(
            f'{{"kind":{s[kind]},"item":{item[item_id]},"page":{page[page_id]},'
            f'"phase":{phase[phase_id]},"from":{s[from_state]},"to":{s[to_state]},'
            f'"detail":{details[detail][0]},'
            f'"at":"{at[:10]}T{at[11:23]}{zeros[len(at)]}Z"}}'
            for kind, item_id, page_id, phase_id, from_state, to_state, detail, at, _ in chunk
        )  # fmt: skip

    return _history_written(user, keys, write)


def _history_written(user, keys: _Keys, write: Callable[[list[tuple]], str]) -> Iterator[_Written]:
    """The history a chunk at a time, each written by ``write`` (once its rows' newer content
    is known, if need be)."""
    for chunk in _history_chunks(user, keys):
        try:
            written = write(chunk)
        except KeyError:
            keys.learn(chunk)
            written = write(chunk)
        yield _Written(written)


# A time, as PostgreSQL writes it in UTC ("2026-03-01 09:05:07", then "." and one to six
# digits if it has a fraction: trailing zeros are left out), ends as DjangoJSONEncoder
# writes it (milliseconds, cut, and Z) or str(datetime) (six digits and +00:00): the first
# three or all six digits of the fraction, and the zeros left out, by the text's length.
_MILLISECOND_ZEROS = {19: "", 21: "00", 22: "0", 23: "", 24: "", 25: "", 26: ""}
_MICROSECOND_ZEROS = {19: "", 21: "00000", 22: "0000", 23: "000", 24: "00", 25: "0", 26: ""}


class _Cells(dict):
    """Each value as csv.writer writes it as a cell (quoted when it must be), once per
    distinct value."""

    def __init__(self):
        super().__init__()
        self.writer = csv.writer(_Line())

    def __missing__(self, value):
        self[value] = cell = self.writer.writerow([value, ""])[: -len(",\r\n")]
        return cell


def _history_csv(user, keys: _Keys) -> Iterator[_Written]:
    """The history's CSV lines, a chunk at a time, as csv.writer writes their rows. The time
    (digits, spaces, "-", ":", "." and "+") is never quoted."""
    cells, details, zeros = _Cells(), _Details(), _MICROSECOND_ZEROS

    def write(chunk: list[tuple]) -> str:
        item, page, phase = keys.kept["item_cell"], keys.kept["page_cell"], keys.kept["phase_cell"]
        return "".join(
            f"history,{item[item_id] or page[page_id] or phase[phase_id]},"
            f"{cells[kind]},{cells[to_state]},,,,,{at}{zeros[len(at)]}+00:00,"
            f"{cells[from_state or details[detail][1] or '']}\r\n"
            for kind, item_id, page_id, phase_id, from_state, to_state, detail, at, _ in chunk
        )  # fmt: skip

    return _history_written(user, keys, write)


def _small_sections(learner_id: int = _ANY_LEARNER) -> dict[str, QuerySet]:
    """The sections of a few rows each, as queries (for any learner: see _read_small): rows
    of values, or model objects."""
    from apps.learners.models import LearnerProfile
    from apps.portfolio.models import (
        Application,
        BehavioralStory,
        Contribution,
        InterviewPractice,
        PaperRead,
        Project,
        PublicFootprint,
        PublicPost,
    )

    mine = {"user_id": learner_id}
    return {
        "profile": _first(
            LearnerProfile.objects.filter(**mine).values_list(*PROFILE_FIELDS.values())
        ),
        "bookmarks": Bookmark.objects.filter(**mine).values_list(
            "item__key", "page__slug", "created_at"
        ),
        "pages_read": PageRead.objects.filter(**mine).values_list("page__slug", "read_at"),
        "phases_confirmed": PhaseConfirmation.objects.filter(**mine).values_list(
            "phase__key", "confirmed_at"
        ),
        "weekly_check_ins": WeeklyCheckIn.objects.filter(**mine)
        .order_by("week_start")
        .values_list("week_start", "hours", "reflection"),
        "footprint": _first(PublicFootprint.objects.filter(**mine).values_list("same_three_keys")),
        "interview_practice": InterviewPractice.objects.filter(**mine).values_list(
            "question__key", "confidence", "times_practised", "last_practised_on"
        ),
        "behavioral_stories": BehavioralStory.objects.filter(**mine).values_list(
            "theme__key", "title", "situation", "task", "action", "result"
        ),
        # Read as model objects.
        "projects": Project.objects.filter(**mine)
        .annotate(
            polish_keys=ArrayAgg("polish__item__key", filter=Q(polish__isnull=False), default=[])
        )
        .order_by(*Project._meta.ordering),  # an aggregate drops Meta.ordering
        "papers": PaperRead.objects.filter(**mine).annotate(paper_key=F("paper__key")),
        "contributions": Contribution.objects.filter(**mine),
        "public_posts": PublicPost.objects.filter(**mine),
        "applications": Application.objects.filter(**mine),
    }


def _first(queryset: QuerySet) -> QuerySet:
    """The query ``first()`` runs."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


class _Section:
    """One small section's compiled query, and how its rows become what the ORM gives: a
    values_list's tuples, or model objects (as ModelIterable makes them)."""

    def __init__(self, queryset: QuerySet):
        self.compiler = queryset.query.get_compiler(queryset.db)
        self.sql, self.params = self.compiler.as_sql()
        self.db = queryset.db
        # The ORM's converters of each column (results_iter's), applied once per distinct text:
        # an export's JSON fields hold the same few lists (decoding each cost more than the
        # rest of reading them).
        selected = [column for column, _, _ in self.compiler.select[: self.compiler.col_count]]
        self.converters = [(position, functions, expression) for position, (functions, expression)
                           in self.compiler.get_converters(selected).items()]  # fmt: skip
        self.objects = issubclass(queryset._iterable_class, ModelIterable)
        if self.objects:
            info = self.compiler.klass_info
            if info.get("related_klass_infos") or queryset._known_related_objects:
                raise ValueError("A section read as objects has no related objects.")
            self.model, fields = info["model"], info["select_fields"]
            if len(fields) != len(self.model._meta.concrete_fields):
                raise ValueError("A section read as objects reads every field.")
            self.slice = slice(fields[0], fields[-1] + 1)
            columns = self.compiler.select[self.slice]
            self.attnames = [column[0].target.attname for column in columns]
            self.annotations = self.compiler.annotation_col_map or {}

    def read(self, rows: list[tuple]) -> list:
        rows = self._converted(rows)
        if not self.objects:
            return [tuple(row) for row in rows]
        objects = []
        for row in rows:
            # What Model.from_db makes of every field's value, without its per-field setattr:
            # the model has no __init__ of its own and no init signals (checked in the tests).
            obj = self.model.__new__(self.model)
            obj.__dict__.update(zip(self.attnames, row[self.slice], strict=True))
            obj._state = ModelState()
            obj._state.adding, obj._state.db = False, self.db
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def _converted(self, rows: list[tuple]) -> list:
        if not self.converters:
            return rows
        connection, texts = connections[self.db], {}
        converted = []
        for row in map(list, rows):
            for position, functions, expression in self.converters:
                value = row[position]
                if isinstance(value, str) and (position, value) in texts:
                    row[position] = texts[position, value]
                    continue
                for function in functions:
                    value = function(value, expression, connection)
                if isinstance(row[position], str):
                    texts[position, row[position]] = value
                row[position] = value
            converted.append(row)
        return converted


@lru_cache
def _dict_fields(model, exclude: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """What model_to_dict(obj, exclude=...) reads of a model without private or many-to-many
    fields: each editable field's name and attribute."""
    opts = model._meta
    if opts.private_fields or opts.many_to_many:
        raise ValueError(f"{model.__name__} has fields model_to_dict reads otherwise.")
    return tuple((field.name, field.attname) for field in opts.concrete_fields
                 if field.editable and field.name not in exclude)  # fmt: skip


def _as_dict(obj, exclude: tuple[str, ...] = ("id", "user")) -> dict[str, Any]:
    """model_to_dict(obj, exclude=exclude), without its generic walk over the fields."""
    values = obj.__dict__
    return {name: values[attname] for name, attname in _dict_fields(type(obj), exclude)}


_small: dict[str, _Section] = {}


def _read_small(user) -> dict[str, list]:
    """The small sections' rows, each as its query reads them, and the mentoring sections'
    rows (under "mentoring"), from one round trip: the queries compiled once per process
    (compiling cost more than running them)."""
    from apps.mentoring.selectors import mentoring_export_statements

    if not _small:
        _small.update({name: _Section(query) for name, query in _small_sections().items()})
    mine = [
        (name, section.sql,
         tuple(user.pk if param == _ANY_LEARNER else param for param in section.params))
        for name, section in _small.items()
    ]  # fmt: skip
    mentoring = mentoring_export_statements(user=user)
    rows = read_together(mine + mentoring, using=router.db_for_read(Bookmark))
    small = {name: section.read(rows[name]) for name, section in _small.items()}
    small["mentoring"] = {name: rows[name] for name, _, _ in mentoring}
    return small


def learner_export(*, user) -> dict[str, Any]:
    """The learner's records by kind. The long sections are iterators, to be read once."""
    small = _read_small(user)
    profile = small["profile"][0] if small["profile"] else None
    keys = _Keys()
    return {
        "account": {"email": user.email, "joined": user.date_joined},
        "profile": None if profile is None else dict(zip(PROFILE_FIELDS, profile, strict=True)),
        # Lazy, and already JSON: read in chunks while the response is written.
        "progress": _progress_json(user, keys),
        "history": _history_json(user, keys),
        "bookmarks": [
            {"item": item, "page": page, "created_at": at} for item, page, at in small["bookmarks"]
        ],
        "pages_read": [{"page": page, "read_at": at} for page, at in small["pages_read"]],
        "phases_confirmed": [
            {"phase": phase, "confirmed_at": at} for phase, at in small["phases_confirmed"]
        ],
        "weekly_check_ins": [
            {"week_start": week, "hours": hours, "reflection": reflection}
            for week, hours, reflection in small["weekly_check_ins"]
        ],
        **_portfolio(user, small),
        **_mentoring(user, small["mentoring"]),
    }


def _mentoring(user, rows: dict[str, list]) -> dict[str, Any]:
    from apps.mentoring.selectors import mentoring_export_from_rows

    return mentoring_export_from_rows(user=user, rows=rows)


def _portfolio(user, small: dict[str, list]) -> dict[str, Any]:
    from apps.portfolio.selectors import with_project_verdicts

    projects = []
    for project in with_project_verdicts(small["projects"]):
        entry = _as_dict(project)
        entry["polish_done"] = sorted(project.polish_keys)
        entry["verdict"] = project.verdict.label
        projects.append(entry)
    footprint = small["footprint"][0] if small["footprint"] else None
    return {
        "projects": projects,
        "papers": [
            {
                **_as_dict(p, exclude=("id", "user", "paper")),
                "paper": p.paper_key,
                "verdict": p.verdict.label,
            }  # fmt: skip
            for p in small["papers"]
        ],
        "contributions": [_as_dict(c) for c in small["contributions"]],
        "public_posts": [_as_dict(p) for p in small["public_posts"]],
        "applications": [
            {**_as_dict(a), "verdict": a.verdict.label}
            for a in small["applications"]
        ],
        "public_footprint": {
            "same_three_keys": footprint[0] if footprint else [],
        },
        "interview_practice": [
            dict(zip(["question", "confidence", "times_practised", "last_practised_on"], row,
                     strict=True))
            for row in small["interview_practice"]
        ],
        "behavioral_stories": [
            dict(zip(["theme", "title", "situation", "task", "action", "result"], row,
                     strict=True))
            for row in small["behavioral_stories"]
        ],
    }


def learner_export_rows(*, user) -> Iterator[list[Any] | _Written]:
    """The same records as flat rows under CSV_COLUMNS, one kind of record after another (the
    history as its lines, already written)."""
    data = learner_export(user=user)
    profile = data["profile"] or {}
    for name, value in profile.items():
        yield ["profile", name, "", "", "", "", "", "", "", value]
    keys, zeros = _Keys(), _MICROSECOND_ZEROS

    def time(text: str | None) -> str:  # as str(datetime) writes it in UTC
        return "" if text is None else f"{text}{zeros[len(text)]}+00:00"

    for (_, key, text, _, retired, _), state, note, url, started, done in _progress(user, keys):
        yield ["progress", key, text, state, note, url, time(started), time(done), "",
               "retired" if retired else ""]  # fmt: skip
    yield from _history_csv(user, keys)
    for b in data["bookmarks"]:
        yield ["bookmark", b["item"] or b["page"], "", "", "", "", "", "", b["created_at"], ""]
    for r in data["pages_read"]:
        yield ["page_read", r["page"], "", "", "", "", "", "", r["read_at"], ""]
    for c in data["phases_confirmed"]:
        yield ["phase_confirmed", c["phase"], "", "", "", "", "", "", c["confirmed_at"], ""]
    for c in data["weekly_check_ins"]:
        yield ["check_in", c["week_start"], "", "", c["reflection"], "", "", "", "", c["hours"]]
    for p in data["projects"]:
        yield ["project", p["slot"], p["title"], p["status"], p["summary"],
               p["repository_url"], p["started_on"] or "", p["finished_on"] or "", "",
               f"{p['verdict']}; polish: {' '.join(p['polish_done'])}"]  # fmt: skip
    for p in data["papers"]:
        yield ["paper", p["paper"] or p["arxiv_id"], p["title"], p["mode"], p["new_idea"],
               p["url"], "", "", p["read_on"], f"solid? {p['verdict']}"]  # fmt: skip
    for c in data["contributions"]:
        yield ["contribution", c["repository"], c["title"], c["state"], "", c["pr_url"],
               c["opened_on"], c["merged_on"] or "", "", c["kind"]]  # fmt: skip
    for p in data["public_posts"]:
        yield ["public_post", p["kind"], p["title"], "", "", p["url"], "", "",
               p["published_on"], ""]  # fmt: skip
    for a in data["applications"]:
        yield ["application", a["company"], a["role"], a["stage"], a["notes"], a["url"],
               a["applied_on"], "", "",
               f"verdict: {a['verdict']}; band: {a['salary_band']}"]  # fmt: skip
    if data["public_footprint"]["same_three_keys"]:
        yield ["public_footprint", "same-three-everywhere", "", "", "", "", "", "", "",
               " ".join(data["public_footprint"]["same_three_keys"])]  # fmt: skip
    for p in data["interview_practice"]:
        yield ["interview_practice", p["question"], "", "", "", "", "", "",
               p["last_practised_on"], p["confidence"]]  # fmt: skip
    for m in data["mentorships"]:
        yield ["mentorship", m["role"], m["with"], "ended" if m["ended_at"] else "active",
               "", "", m["created_at"], m["ended_at"] or "", "", ""]  # fmt: skip
    for i in data["invitations_sent"]:
        yield ["invitation_sent", i["email"], "", "", "", "", i["created_at"],
               i["accepted_at"] or "", i["revoked_at"] or "", i["expires_at"]]  # fmt: skip
    for i in data["invitations_received"]:
        yield ["invitation_received", "", i["from"], "", "", "", i["created_at"],
               i["accepted_at"] or "", i["revoked_at"] or "", ""]  # fmt: skip
    for r in data["reviews"]:
        yield ["review", r["item"] or "", r["project"] or "", r["state"], r["message"],
               "", r["created_at"], "", "", r["role"]]  # fmt: skip
        for c in r["comments"]:
            yield ["review_comment", r["item"] or "", r["project"] or "", c["state"],
                   c["body"], "", "", "", c["at"], c["by"]]  # fmt: skip
        for h in r["history"]:
            yield ["review_history", r["item"] or "", r["project"] or "", h["state"], "",
                   "", "", "", h["at"], h["by"]]  # fmt: skip
    for n in data["mentor_notes"]:
        yield ["mentor_note", "", n["about"], "", n["body"], "", "", "", n["at"], ""]
    for n in data["notifications"]:
        yield ["notification", n["kind"], n["text"], "read" if n["read_at"] else "unread",
               "", n["url"], "", "", n["created_at"], ""]  # fmt: skip
    for kind, wanted in data["emails_wanted"].items():
        yield ["email_preference", kind, "", "", "", "", "", "", "", wanted]
    for s in data["behavioral_stories"]:
        yield ["behavioral_story", s["theme"], s["title"], "", s["action"], "", "", "", "",
               s["result"]]  # fmt: skip


def json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """The export as compact JSON, written piece by piece: lazy sections (their entries
    already written) a chunk at a time."""
    return _pieces(_json_parts(data))


def _pieces(parts: Iterable[str], size: int = PIECE_CHARACTERS) -> Iterator[str]:
    """The parts joined into pieces of at least ``size`` characters (but the last): the server
    writes each piece as a chunk of the response, with a system call (the small sections came
    as sixty pieces of a few bytes each)."""
    parts = iter(parts)
    pending: list[str] = []
    length = 0
    try:
        for part in parts:
            pending.append(part)
            length += len(part)
            if length >= size:
                yield "".join(pending)
                pending, length = [], 0
        if pending:
            yield "".join(pending)
    finally:
        parts.close()  # a response closed halfway: the statement being read is cancelled


def _json_parts(data: dict[str, Any]) -> Iterator[str]:
    yield "{"
    for index, (key, value) in enumerate(data.items()):
        yield f"{',' if index else ''}{_encode(key)}:"
        if isinstance(value, Iterator):
            yield "["
            first = True
            for entries in value:
                yield entries if first else "," + entries
                first = False
            yield "]"
        else:
            yield _encode(value)
    yield "}"


class _Line:
    """csv.writer writes into this and gets the line back, instead of into a buffer."""

    def write(self, line: str) -> str:
        return line


def csv_chunks(rows: Iterable[list[Any] | _Written]) -> Iterator[str]:
    """The rows as CSV lines, a chunk at a time; lines already written pass as they are."""
    return _pieces(_csv_parts(rows))


def _csv_parts(rows: Iterable[list[Any] | _Written]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    chunk: list[str] = []
    for row in rows:
        if isinstance(row, _Written):
            if chunk:
                yield "".join(chunk)
                chunk = []
            yield row
            continue
        chunk.append(writer.writerow(row))
        if len(chunk) == CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
