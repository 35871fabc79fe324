from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from apps.checklists import roadmap_page

from . import selectors
from .article import page_article


@require_GET
def roadmap(request):
    return render(request, "curriculum/roadmap.html", {"article": selectors.roadmap_article()})


@require_GET
def specializations(request):
    article = selectors.specializations_article()
    return render(request, "curriculum/specializations.html", {"article": article})


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
