"""Reads of a learner's portfolio records, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from apps.curriculum.models import ChecklistItem, Page, RecommendedProject

from .funnel import Funnel, funnel
from .models import (
    Application,
    BehavioralStory,
    Contribution,
    InterviewPractice,
    PaperRead,
    PolishCheck,
    Project,
    PublicPost,
)

POLISH_CHECKLIST = "portfolio-polish-standard"
DEEP_READS_PER_WEEK = 1  # "Maybe one paper a week, read deeply."
SKIMS_PER_WEEK = 10  # "~10 papers per week"
POST_EVERY_DAYS = 14  # "Post once every 1-2 weeks."


def items(checklist_key: str) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.active().filter(checklist__key=checklist_key).order_by("order")
    )


def items_by_key(keys) -> dict[str, ChecklistItem]:
    return {i.key: i for i in ChecklistItem.objects.filter(key__in=list(keys))}


def projects(*, user):
    return Project.objects.filter(user=user).annotate(polish_done=Count("polish"))


def project_detail(*, project: Project) -> dict:
    polish = items(POLISH_CHECKLIST)
    ticked = set(PolishCheck.objects.filter(project=project).values_list("item_id", flat=True))
    risks = list(ChecklistItem.objects.filter(key__in=project.risk_keys).order_by("order"))
    slot_item = ChecklistItem.objects.filter(
        checklist__key="portfolio-projects", meta__slot=project.slot
    ).first()
    return {"polish": polish, "ticked": ticked, "risks": risks, "slot_item": slot_item}


@dataclass
class PaperPace:
    deep_this_week: int
    skims_this_week: int
    deep_target: int = DEEP_READS_PER_WEEK
    skim_target: int = SKIMS_PER_WEEK
    ten_read: int = 0


def paper_pace(*, user, today: dt.date) -> PaperPace:
    monday = today - dt.timedelta(days=today.weekday())
    week = PaperRead.objects.filter(user=user, read_on__gte=monday, read_on__lte=today)
    counts = dict(week.values("mode").annotate(n=Count("id")).values_list("mode", "n"))
    ten = (
        PaperRead.objects.filter(user=user, paper__isnull=False).values("paper").distinct().count()
    )
    return PaperPace(counts.get("deep", 0), counts.get("skim", 0), ten_read=ten)


@dataclass
class Cadence:
    last_post: dt.date | None
    days_since: int | None
    on_track: bool
    posts_last_8_weeks: int


def posting_cadence(*, user, today: dt.date) -> Cadence:
    posts = PublicPost.objects.filter(user=user)
    last = posts.order_by("-published_on").values_list("published_on", flat=True).first()
    recent = posts.filter(published_on__gte=today - dt.timedelta(weeks=8)).count()
    days = (today - last).days if last else None
    return Cadence(last, days, days is not None and days <= POST_EVERY_DAYS, recent)


def application_math() -> dict:
    page = Page.objects.filter(slug="evaluating-job-postings").only("facts").first()
    return (page.facts if page else {}).get("application_math", {})


def job_funnel(*, user) -> Funnel:
    return funnel(Application.objects.filter(user=user), application_math())


def suggested_repositories(*, specialization_id: int | None) -> list[RecommendedProject]:
    projects = RecommendedProject.objects.select_related("specialization")
    if specialization_id:
        projects = projects.filter(specialization_id=specialization_id)
    return list(projects)


def interview_prep(*, user) -> dict:
    questions = items("interview-top-20")
    practice = {p.question_id: p for p in InterviewPractice.objects.filter(user=user)}
    themes = items("interview-behavioral-stories")
    stories = {s.theme_id: s for s in BehavioralStory.objects.filter(user=user)}
    for question in questions:
        question.practice = practice.get(question.pk)
    for theme in themes:
        theme.story = stories.get(theme.pk)
    confident = sum(1 for p in practice.values() if p.confidence >= 4)
    return {"questions": questions, "themes": themes, "practised": len(practice),
            "confident": confident, "stories_written": len(stories)}  # fmt: skip


def public_portfolio(*, user) -> dict:
    """Only what the learner publishes: pinned projects, merged PRs, public posts. Never
    notes, evaluations, applications or anything else."""
    return {
        "projects": list(
            Project.objects.filter(user=user, pinned=True).only(
                "title", "summary", "repository_url", "demo_url", "writeup_url", "status", "slot"
            )
        ),
        "contributions": list(
            Contribution.objects.filter(user=user, state=Contribution.State.MERGED).only(
                "repository", "pr_url", "title", "kind", "merged_on"
            )
        ),
        "posts": list(PublicPost.objects.filter(user=user)),
    }
