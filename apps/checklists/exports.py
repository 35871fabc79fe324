"""Everything a learner recorded, for the JSON and CSV exports on the profile page.

The exports are streamed: the long sections (progress and history, thousands of rows for an
active learner) are read from the database in chunks and written as they arrive, so memory
stays constant and the first bytes leave at once."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

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
_encode = DjangoJSONEncoder(separators=(",", ":")).encode


def _progress(user) -> Iterator[dict[str, Any]]:
    fields = ["item__key", "item__text", "item__checklist__key", "item__is_retired",
              "item__checklist__is_retired", "state", "note", "evidence_url", "started_at",
              "done_at"]  # fmt: skip
    rows = (
        ItemProgress.objects.filter(user=user)
        .order_by("item__checklist__page__number", "item__checklist__order", "item__order")
        .values_list(*fields)
        .iterator(chunk_size=2000)
    )
    for key, text, checklist, retired, list_retired, state, note, url, started, done in rows:
        yield {
            "item": key,
            "item_text": text,
            "checklist": checklist,
            "retired": retired or list_retired,
            "state": state,
            "note": note,
            "evidence_url": url,
            "started_at": started,
            "done_at": done,
        }


def _history(user) -> Iterator[dict[str, Any]]:
    rows = (
        ProgressEvent.objects.filter(user=user)
        .order_by("at", "id")
        .values_list("kind", "item__key", "page__slug", "phase__key", "from_state", "to_state",
                     "detail", "at")  # fmt: skip
        .iterator(chunk_size=2000)
    )
    for kind, item, page, phase, from_state, to_state, detail, at in rows:
        yield {"kind": kind, "item": item, "page": page, "phase": phase, "from": from_state,
               "to": to_state, "detail": detail, "at": at}  # fmt: skip


def learner_export(*, user) -> dict[str, Any]:
    """The learner's records by kind. The long sections are iterators, to be read once."""
    from apps.learners.models import LearnerProfile

    profile = (
        LearnerProfile.objects.select_related("bucket", "specialization").filter(user=user).first()
    )
    return {
        "account": {"email": user.email, "joined": user.date_joined},
        "profile": None
        if profile is None
        else {
            "display_name": profile.display_name,
            "bucket": profile.bucket.letter,
            "honest_test": profile.test_answers,
            "can_train_model": profile.can_train_model,
            "start_date": profile.start_date,
            "hours_per_week": profile.hours_per_week,
            "timezone": profile.timezone,
            "specialization": profile.specialization.key if profile.specialization else None,
            "specialization_chosen_on": profile.specialization_chosen_on,
            "job_started_on": profile.job_started_on,
        },
        # Lazy: read in chunks while the response is written.
        "progress": _progress(user),
        "history": _history(user),
        "bookmarks": [
            {
                "item": b.item.key if b.item else None,
                "page": b.page.slug if b.page else None,
                "created_at": b.created_at,
            }  # fmt: skip
            for b in Bookmark.objects.filter(user=user).select_related("item", "page")
        ],
        "pages_read": [
            {"page": r.page.slug, "read_at": r.read_at}
            for r in PageRead.objects.filter(user=user).select_related("page")
        ],
        "phases_confirmed": [
            {"phase": c.phase.key, "confirmed_at": c.confirmed_at}
            for c in PhaseConfirmation.objects.filter(user=user).select_related("phase")
        ],
        "weekly_check_ins": [
            {"week_start": c.week_start, "hours": c.hours, "reflection": c.reflection}
            for c in WeeklyCheckIn.objects.filter(user=user).order_by("week_start")
        ],
        **_portfolio(user),
        **_mentoring(user),
    }


def _mentoring(user) -> dict[str, Any]:
    from apps.mentoring.selectors import mentoring_export

    return mentoring_export(user=user)


def _portfolio(user) -> dict[str, Any]:
    from django.forms.models import model_to_dict

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
    from apps.portfolio.selectors import with_project_verdicts

    def rows(queryset, exclude=("id", "user")):
        return [model_to_dict(obj, exclude=list(exclude)) for obj in queryset]

    projects = []
    records = Project.objects.filter(user=user).prefetch_related("polish__item")
    for project in with_project_verdicts(records):
        entry = model_to_dict(project, exclude=["id", "user"])
        entry["polish_done"] = sorted(check.item.key for check in project.polish.all())
        entry["verdict"] = project.verdict.label
        projects.append(entry)
    footprint = PublicFootprint.objects.filter(user=user).first()
    return {
        "projects": projects,
        "papers": [
            {
                **model_to_dict(p, exclude=["id", "user", "paper"]),
                "paper": p.paper.key if p.paper else None,
                "verdict": p.verdict.label,
            }  # fmt: skip
            for p in PaperRead.objects.filter(user=user).select_related("paper")
        ],
        "contributions": rows(Contribution.objects.filter(user=user)),
        "public_posts": rows(PublicPost.objects.filter(user=user)),
        "applications": [
            {**model_to_dict(a, exclude=["id", "user"]), "verdict": a.verdict.label}
            for a in Application.objects.filter(user=user)
        ],
        "public_footprint": {
            "same_three_keys": footprint.same_three_keys if footprint else [],
        },
        "interview_practice": [
            {
                "question": p.question.key,
                "confidence": p.confidence,
                "times_practised": p.times_practised,
                "last_practised_on": p.last_practised_on,
            }  # fmt: skip
            for p in InterviewPractice.objects.filter(user=user).select_related("question")
        ],
        "behavioral_stories": [
            {
                "theme": s.theme.key,
                "title": s.title,
                "situation": s.situation,
                "task": s.task,
                "action": s.action,
                "result": s.result,
            }  # fmt: skip
            for s in BehavioralStory.objects.filter(user=user).select_related("theme")
        ],
    }


def learner_export_rows(*, user) -> Iterator[list[Any]]:
    """The same records as flat rows under CSV_COLUMNS, one kind of record after another."""
    data = learner_export(user=user)
    profile = data["profile"] or {}
    for name, value in profile.items():
        yield ["profile", name, "", "", "", "", "", "", "", value]
    for p in data["progress"]:
        yield ["progress", p["item"], p["item_text"], p["state"], p["note"],
               p["evidence_url"], p["started_at"] or "", p["done_at"] or "", "",
               "retired" if p["retired"] else ""]  # fmt: skip
    for e in data["history"]:
        key = e["item"] or e["page"] or e["phase"] or ""
        yield ["history", key, e["kind"], e["to"], "", "", "", "", e["at"],
               e["from"] or (e["detail"] and str(e["detail"])) or ""]  # fmt: skip
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
    """The export as compact JSON, written piece by piece: lazy sections row by row."""
    yield "{"
    for index, (key, value) in enumerate(data.items()):
        yield f"{',' if index else ''}{_encode(key)}:"
        if isinstance(value, Iterator):
            yield "["
            first = True
            for chunk in _chunked(value):
                yield ("" if first else ",") + ",".join(_encode(entry) for entry in chunk)
                first = False
            yield "]"
        else:
            yield _encode(value)
    yield "}"


class _Line:
    """csv.writer writes into this and gets the line back, instead of into a buffer."""

    def write(self, line: str) -> str:
        return line


def csv_chunks(rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for chunk in _chunked(iter(rows)):
        yield "".join(writer.writerow(row) for row in chunk)


def _chunked(rows: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
