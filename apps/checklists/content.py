"""The roadmap's content as the learner's own pages read it (dashboard, progress overview):
the same for everyone, so built once per content revision and kept in this process's memory
(apps.curriculum.revision). Per request only the learner's own rows are read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from apps.curriculum.models import Checklist, DemoralizingMonth, Page, Phase
from apps.curriculum.revision import cached_content


class ContentItem(NamedTuple):
    """A counted item: an active item of an active do-checklist on a published page."""

    id: int
    key: str
    text: str
    meta: Any
    checklist_id: int
    checklist_key: str
    checklist_title: str
    kind: str
    page_id: int
    page_slug: str
    page_number: int
    page_title: str
    phase_id: int
    phase_key: str


@dataclass(frozen=True)
class RoadmapContent:
    """Read-only: shared by every request of this process."""

    items: tuple[ContentItem, ...]  # in roadmap order
    pages: tuple[Page, ...]  # published, by number: slug, number, title, summary, phase
    phases: tuple[Phase, ...]
    slumps: tuple[DemoralizingMonth, ...]
    checklists: tuple[Checklist, ...]  # active do-checklists on published pages, in order

    @cached_property
    def items_by_id(self) -> dict[int, ContentItem]:
        return {item.id: item for item in self.items}


def _build() -> RoadmapContent:
    from .selectors import roadmap_items

    items = roadmap_items().order_by("checklist__page__number", "checklist__order", "order")
    return RoadmapContent(
        items=tuple(ContentItem(*row) for row in items.values_list(
            "id", "key", "text", "meta", "checklist_id", "checklist__key", "checklist__title",
            "checklist__kind", "checklist__page_id", "checklist__page__slug",
            "checklist__page__number", "checklist__page__title", "checklist__page__phase_id",
            "checklist__page__phase__key",
        )),  # fmt: skip
        pages=tuple(
            Page.objects.published()
            .only("slug", "number", "title", "summary", "phase")
            .order_by("number")
        ),
        phases=tuple(Phase.objects.all()),
        slumps=tuple(DemoralizingMonth.objects.all()),
        checklists=tuple(
            Checklist.objects.active()
            .things_to_do()
            .filter(page__is_published=True)
            .select_related("page__phase")
            .only("key", "title", "page", "page__slug", "page__number", "page__title",
                  "page__phase", "page__phase__key")  # fmt: skip
            .order_by("page__number", "order")
        ),
    )


def roadmap_content() -> RoadmapContent:
    """The content for the current revision: the same object for every request of this
    process (nobody may change it); the revision is read once per request."""
    return cached_content("learner-pages", _build, copy=False)
