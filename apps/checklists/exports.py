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
            "job_started_on": profile.job_started_on,
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
    for p in data["projects"]:
        rows.append(["project", p["slot"], p["title"], p["status"], p["summary"],
                     p["repository_url"], p["started_on"] or "", p["finished_on"] or "", "",
                     f"{p['verdict']}; polish: {' '.join(p['polish_done'])}"])  # fmt: skip
    for p in data["papers"]:
        rows.append(["paper", p["paper"] or p["arxiv_id"], p["title"], p["mode"], p["new_idea"],
                     p["url"], "", "", p["read_on"], f"solid? {p['verdict']}"])  # fmt: skip
    for c in data["contributions"]:
        rows.append(["contribution", c["repository"], c["title"], c["state"], "", c["pr_url"],
                     c["opened_on"], c["merged_on"] or "", "", c["kind"]])  # fmt: skip
    for p in data["public_posts"]:
        rows.append(["public_post", p["kind"], p["title"], "", "", p["url"], "", "",
                     p["published_on"], ""])  # fmt: skip
    for a in data["applications"]:
        rows.append(["application", a["company"], a["role"], a["stage"], a["notes"], a["url"],
                     a["applied_on"], "", "",
                     f"verdict: {a['verdict']}; band: {a['salary_band']}"])  # fmt: skip
    if data["public_footprint"]["same_three_keys"]:
        rows.append(["public_footprint", "same-three-everywhere", "", "", "", "", "", "", "",
                     " ".join(data["public_footprint"]["same_three_keys"])])  # fmt: skip
    for p in data["interview_practice"]:
        rows.append(["interview_practice", p["question"], "", "", "", "", "", "",
                     p["last_practised_on"], p["confidence"]])  # fmt: skip
    for m in data["mentorships"]:
        rows.append(["mentorship", m["role"], m["with"], "ended" if m["ended_at"] else "active",
                     "", "", m["created_at"], m["ended_at"] or "", "", ""])  # fmt: skip
    for i in data["invitations_sent"]:
        rows.append(["invitation_sent", i["email"], "", "", "", "", i["created_at"],
                     i["accepted_at"] or "", i["revoked_at"] or "", i["expires_at"]])  # fmt: skip
    for i in data["invitations_received"]:
        rows.append(["invitation_received", "", i["from"], "", "", "", i["created_at"],
                     i["accepted_at"] or "", i["revoked_at"] or "", ""])  # fmt: skip
    for r in data["reviews"]:
        rows.append(["review", r["item"] or "", r["project"] or "", r["state"], r["message"],
                     "", r["created_at"], "", "", r["role"]])  # fmt: skip
        for c in r["comments"]:
            rows.append(["review_comment", r["item"] or "", r["project"] or "", c["state"],
                         c["body"], "", "", "", c["at"], c["by"]])  # fmt: skip
        for h in r["history"]:
            rows.append(["review_history", r["item"] or "", r["project"] or "", h["state"], "",
                         "", "", "", h["at"], h["by"]])  # fmt: skip
    for n in data["mentor_notes"]:
        rows.append(["mentor_note", "", n["about"], "", n["body"], "", "", "", n["at"], ""])
    for n in data["notifications"]:
        rows.append(["notification", n["kind"], n["text"], "read" if n["read_at"] else "unread",
                     "", n["url"], "", "", n["created_at"], ""])  # fmt: skip
    for kind, wanted in data["emails_wanted"].items():
        rows.append(["email_preference", kind, "", "", "", "", "", "", "", wanted])
    for s in data["behavioral_stories"]:
        rows.append(["behavioral_story", s["theme"], s["title"], "", s["action"], "", "", "", "",
                     s["result"]])  # fmt: skip
    return rows
