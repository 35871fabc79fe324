from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.checklists import selectors as progress_selectors
from apps.mentoring import selectors as mentoring_selectors

from . import selectors


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
    detail = selectors.page_detail(slug=slug)
    context = {"detail": detail, "page": detail.page, "learner": False}
    if request.user.is_authenticated:
        context.update(progress_selectors.learner_page(user=request.user, detail=detail))
        context["mentorships"] = mentoring_selectors.with_item_reviews(
            learner=request.user, checklists=progress_selectors.page_checklists(detail)
        )
    return render(request, "curriculum/page.html", context)
