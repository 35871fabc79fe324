"""Reads of the roadmap's content. Each function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.core.markdown import markdown_headings

from .fixture_files import PLACEHOLDER
from .models import (
    Bucket,
    Checklist,
    ChecklistItem,
    DemoralizingMonth,
    HonestTestQuestion,
    Page,
    Phase,
    RoadmapInfo,
    Specialization,
)
from .revision import cached_content
from .services import ROADMAP_KEY
from .timeline import Segment as ArcSegment
from .timeline import arc_picture


def roadmap_info() -> RoadmapInfo | None:
    return RoadmapInfo.objects.filter(key=ROADMAP_KEY).first()


def phases_with_pages():
    """The arc: phases in order, each with its published pages and their checklist counts."""
    pages = (
        Page.objects.published()
        .order_by("number")
        .annotate(
            checklist_count=Count("checklists", filter=Q(checklists__is_retired=False)),
        )
    )
    return Phase.objects.prefetch_related(Prefetch("pages", queryset=pages))


def arc_overview() -> dict[str, Any]:
    """The phases with their pages, and the picture of the arc drawn from them."""
    phases = list(phases_with_pages())
    picture = arc_picture(
        [ArcSegment(p.title, p.month_start - 1, p.month_end) for p in phases],
        total_months=12,
        slumps=[(m.month - 0.5, f"Month {m.month}") for m in DemoralizingMonth.objects.all()],
    )
    return {"phases": phases, "picture": picture}


def specializations_with_projects():
    return Specialization.objects.prefetch_related("oss_projects")


def roadmap_article() -> SafeString:
    """The roadmap's overview, the same for everyone: rendered once per content revision."""

    def build() -> str:
        context = {"info": roadmap_info(), **arc_overview()}
        return render_to_string("curriculum/roadmap.html#article", context)

    return mark_safe(cached_content("roadmap-article", build, copy=False))  # noqa: S308


def specializations_article() -> SafeString:
    """The six specializations, the same for everyone: rendered once per content revision."""

    def build() -> str:
        context = {"specializations": specializations_with_projects()}
        return render_to_string("curriculum/specializations.html#article", context)

    return mark_safe(cached_content("specializations-article", build, copy=False))  # noqa: S308


@dataclass
class Segment:
    kind: str  # "markdown", "checklist" or "block"
    text: str = ""
    checklist: Checklist | None = None
    name: str = ""


@dataclass
class PageDetail:
    page: Page
    segments: list[Segment]
    done_list: Checklist | None
    previous_page: Page | None
    next_page: Page | None
    blocks: dict[str, Any]

    @property
    def sections(self) -> list[tuple[str, str]]:
        """The page's own sections (its level-2 headings), in order: the table of contents."""
        return [
            heading
            for segment in self.segments
            if segment.kind == "markdown"
            for heading in markdown_headings(segment.text)
        ]


def _active_checklists():
    return Checklist.objects.active().prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.active().order_by("order"))
    )


def page_detail(*, slug: str) -> PageDetail:
    """A published page with its checklists, items, questions and blocks. Views read it
    through apps.curriculum.article, once per content revision."""
    page = get_object_or_404(
        Page.objects.published()
        .select_related("phase")
        .prefetch_related(
            "faqs", Prefetch("checklists", queryset=_active_checklists().order_by("order"))
        ),
        slug=slug,
    )
    checklists = {checklist.key: checklist for checklist in page.checklists.all()}
    segments = _segments(page.body, checklists)
    placed = {segment.checklist.key for segment in segments if segment.checklist}
    done_list = None
    for checklist in checklists.values():
        if checklist.kind == "done":
            done_list = checklist
        elif checklist.key not in placed:
            # Added by an editor without a placeholder: still shown, after the body.
            segments.append(Segment(kind="checklist", checklist=checklist))
    published = Page.objects.published().only("slug", "number", "title")
    block_names = {segment.name for segment in segments if segment.kind == "block"}
    return PageDetail(
        page=page,
        segments=segments,
        done_list=done_list,
        # Nearest published neighbours, so an unpublished page never breaks the chain.
        previous_page=published.filter(number__lt=page.number).order_by("-number").first(),
        next_page=published.filter(number__gt=page.number).order_by("number").first(),
        blocks=_blocks(block_names),
    )


def _segments(body: str, checklists: dict[str, Checklist]) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    for match in PLACEHOLDER.finditer(body):
        text = body[position : match.start()]
        if text.strip():
            segments.append(Segment(kind="markdown", text=text))
        kind, name = match.groups()
        if kind == "block":
            segments.append(Segment(kind="block", name=name))
        elif name in checklists:
            segments.append(Segment(kind="checklist", checklist=checklists[name]))
        position = match.end()
    rest = body[position:]
    if rest.strip():
        segments.append(Segment(kind="markdown", text=rest))
    return segments


def _blocks(names: set[str]) -> dict[str, Any]:
    """Structured content for the [[block:…]] placeholders a page uses, one query each."""
    blocks: dict[str, Any] = {}
    if "phases" in names:
        blocks["phases"] = list(Phase.objects.all())
    if "demoralizing-months" in names:
        blocks["demoralizing_months"] = list(DemoralizingMonth.objects.all())
    if "buckets" in names:
        blocks["buckets"] = list(Bucket.objects.all())
    if "honest-test" in names:
        blocks["honest_test_questions"] = list(HonestTestQuestion.objects.all())
    if names & {"specializations", "specialization-reading", "specialization-oss",
                "specialization-year-two"}:  # fmt: skip
        blocks["specializations"] = list(specializations_with_projects())
    if names & {"honest-test", "demoralizing-months"}:
        info = roadmap_info()
        blocks["facts"] = info.facts if info else {}
    return blocks
