"""A roadmap page's article, rendered once per content revision.

The article (everything between the site's header and footer) is the same for every visitor,
and for every learner except where their own state shows: the page's tools, their rows,
tallies and retired items. It is rendered from ``curriculum/page.html#article`` twice per
revision: whole for visitors, and as a skeleton with holes for learners
(apps.core.skeleton), which apps.checklists.roadmap_page fills for each request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template.loader import render_to_string

from apps.core import skeleton

from .revision import cached_content
from .selectors import PageDetail, page_detail

TEMPLATE = "curriculum/page.html#article"


@dataclass(frozen=True)
class PageArticle:
    detail: PageDetail  # shared by every request of this process: read, never changed
    visitor_html: str
    learner_parts: tuple[str, ...]  # apps.core.skeleton.split


class _SignedIn:
    is_authenticated = True


def page_article(*, slug: str) -> PageArticle:
    """The page's article for the current content revision (one query when cached)."""
    return cached_content(f"article:{slug}", lambda: _render(slug), copy=False)


def _render(slug: str) -> PageArticle:
    detail = page_detail(slug=slug)
    request = HttpRequest()
    request.path = detail.page.get_absolute_url()

    def render(user, learner: bool) -> str:
        context = {"detail": detail, "page": detail.page, "learner": learner, "user": user,
                   "request": request, "skeleton": True}  # fmt: skip
        return render_to_string(TEMPLATE, context)

    visitor = skeleton.split(render(AnonymousUser(), learner=False))
    # A visitor's article has nothing of anyone's own: its only holes (kept ticks, retired
    # items) stay empty.
    visitor_html = "".join(part for index, part in enumerate(visitor) if index % 2 == 0)
    return PageArticle(detail, visitor_html, skeleton.split(render(_SignedIn(), learner=True)))
