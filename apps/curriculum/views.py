from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from apps.checklists import roadmap_page

from . import selectors
from .article import page_article


@require_GET
def roadmap(request):
    arc = selectors.arc_overview()
    return render(request, "curriculum/roadmap.html", {"info": selectors.roadmap_info(), **arc})


@require_GET
def specializations(request):
    return render(
        request,
        "curriculum/specializations.html",
        {"specializations": selectors.specializations_with_projects()},
    )


@require_GET
def page(request, slug: str):
    """The article is rendered once per content revision; a learner's own state is filled
    into it (apps.checklists.roadmap_page)."""
    article = page_article(slug=slug)
    if request.user.is_authenticated:
        html = roadmap_page.learner_article(request, article)
    else:
        html = mark_safe(article.visitor_html)  # noqa: S308 - rendered from our templates
    context = {"detail": article.detail, "page": article.detail.page, "article": html}
    return render(request, "curriculum/page.html", context)
