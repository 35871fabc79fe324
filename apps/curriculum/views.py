from django.shortcuts import render
from django.views.decorators.http import require_GET

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
    return render(request, "curriculum/page.html", {"detail": detail, "page": detail.page})
