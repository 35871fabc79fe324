"""Everything a learner recorded, for the JSON and CSV exports on the profile page."""

from __future__ import annotations

from typing import Any

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


def learner_export(*, user) -> dict[str, Any]:
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
        },
        "progress": [
            {
                "item": row.item.key,
                "item_text": row.item.text,
                "checklist": row.item.checklist.key,
                "retired": row.item.is_retired or row.item.checklist.is_retired,
                "state": row.state,
                "note": row.note,
                "evidence_url": row.evidence_url,
                "started_at": row.started_at,
                "done_at": row.done_at,
            }
            for row in ItemProgress.objects.filter(user=user)
            .select_related("item__checklist")
            .order_by("item__checklist__page__number", "item__checklist__order", "item__order")
        ],
        "history": [
            {
                "kind": event.kind,
                "item": event.item.key if event.item else None,
                "page": event.page.slug if event.page else None,
                "phase": event.phase.key if event.phase else None,
                "from": event.from_state,
                "to": event.to_state,
                "detail": event.detail,
                "at": event.at,
            }
            for event in ProgressEvent.objects.filter(user=user)
            .select_related("item", "page", "phase")
            .order_by("at", "id")
        ],
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
    }


def learner_export_rows(*, user) -> list[list[Any]]:
    """The same records as flat rows under CSV_COLUMNS, one kind of record after another."""
    data = learner_export(user=user)
    rows: list[list[Any]] = []
    profile = data["profile"] or {}
    for name, value in profile.items():
        rows.append(["profile", name, "", "", "", "", "", "", "", value])
    for p in data["progress"]:
        rows.append(["progress", p["item"], p["item_text"], p["state"], p["note"],
                     p["evidence_url"], p["started_at"] or "", p["done_at"] or "", "",
                     "retired" if p["retired"] else ""])  # fmt: skip
    for e in data["history"]:
        key = e["item"] or e["page"] or e["phase"] or ""
        rows.append(["history", key, e["kind"], e["to"], "", "", "", "", e["at"],
                     e["from"] or (e["detail"] and str(e["detail"])) or ""])  # fmt: skip
    for b in data["bookmarks"]:
        rows.append(
            ["bookmark", b["item"] or b["page"], "", "", "", "", "", "", b["created_at"], ""]
        )
    for r in data["pages_read"]:
        rows.append(["page_read", r["page"], "", "", "", "", "", "", r["read_at"], ""])
    for c in data["phases_confirmed"]:
        rows.append(["phase_confirmed", c["phase"], "", "", "", "", "", "", c["confirmed_at"], ""])
    for c in data["weekly_check_ins"]:
        rows.append(
            ["check_in", c["week_start"], "", "", c["reflection"], "", "", "", "", c["hours"]]
        )
    return rows
