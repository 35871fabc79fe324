"""A learner's roadmap page, filled into the article cached for the content revision, is the
page the template draws in one go from the same state."""

import re

import pytest
from django.template.loader import render_to_string

from apps.checklists import selectors, services
from apps.checklists.models import EventKind, ItemProgress, ItemState, ProgressEvent
from apps.curriculum.models import ChecklistItem, Page
from apps.curriculum.selectors import page_detail
from apps.mentoring import selectors as mentoring_selectors
from apps.mentoring.services import review_request
from tests.factories import make_learner, make_mentorship

pytestmark = pytest.mark.django_db


def normalised(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r"\s+", " ", html).strip()


def drawn_in_one_go(request, slug: str) -> str:
    """The article as the template draws it with every piece of state on the objects."""
    user, detail = request.user, page_detail(slug=slug)
    page = detail.page
    checklists = list(page.checklists.all())
    item_ids = [item.pk for checklist in checklists for item in checklist.items.all()]
    state = selectors.page_progress(user=user, page=page, item_ids=item_ids)
    progress = state["progress"]
    tallies, page_tally, done_tally = selectors.count_page(
        checklists, {item_id: row.state for item_id, row in progress.items()}
    )
    _, reviews = mentoring_selectors.item_reviewing(learner=user, item_ids=item_ids,
                                                    choices=False)
    for checklist in selectors.page_checklists(detail):
        checklist.my_tally = tallies[checklist.pk]
        checklist.kept_ticks = 0
        for item in checklist.items.all():
            item.my_progress = progress.get(item.pk)
            item.bookmarked = item.pk in state["bookmarked_items"]
            item.my_review = reviews.get(item.pk)
            if not checklist.is_tickable and item.my_progress:
                checklist.kept_ticks += item.my_progress.state != ItemState.NOT_STARTED
    last_touched = (
        ProgressEvent.objects.filter(user=user, kind=EventKind.STATE, item__isnull=False)
        .order_by("-at", "-id").values_list("item_id", flat=True).first()
    )  # fmt: skip
    resume = selectors.resume_point(progress=selectors.roadmap_progress(user=user),
                                    last_item_id=last_touched)  # fmt: skip
    return render_to_string("curriculum/page.html#article", {
        "detail": detail, "page": page, "learner": True, "page_tally": page_tally,
        "done_tally": done_tally, "page_read": state["page_read"],
        "page_bookmarked": state["page_bookmarked"], "retired_progress": state["retired_progress"],
        "resume": resume, "mentorships": mentoring_selectors.learner_mentorships(learner=user),
    }, request=request)  # fmt: skip


def article_of(response) -> str:
    html = response.content.decode()
    return html[html.index('<div class="wrap page-layout">') : html.rindex("</main>")]


@pytest.mark.parametrize(
    "slug", ["python-linux-baseline", "reading-papers", "portfolio-three-projects", "interview-prep"]
)
def test_the_filled_article_is_the_template_drawn_in_one_go(client, slug):
    learner = make_learner()
    user = learner.user
    page = Page.objects.get(slug=slug)
    items = list(ChecklistItem.objects.filter(checklist__page=page, is_retired=False))
    tickable = [i for i in items if i.checklist.is_tickable]
    for item, state in zip(tickable, [ItemState.DONE, ItemState.IN_PROGRESS,
                                      ItemState.NOT_APPLICABLE, ItemState.DONE], strict=False):  # fmt: skip
        services.item_progress_set(user=user, item=item, state=state, note=f"Note & <{item.key}>",
                                   evidence_url="https://example.com/e?a=1&b=2")  # fmt: skip
    services.bookmark_toggle(user=user, item=tickable[1])
    services.bookmark_toggle(user=user, page=page)
    services.page_read_set(user=user, page=page, read=True)
    mentorship = make_mentorship(learner=learner)
    review_request(mentorship=mentorship, item=tickable[0])
    kept = next((item for item in items if not item.checklist.is_tickable), None)
    if kept:  # ticked before the list became a rubric or pitfalls: kept, and said so
        ItemProgress.objects.create(user=user, item=kept, state=ItemState.DONE)
    retired = tickable[3]
    ChecklistItem.objects.filter(pk=retired.pk).update(is_retired=True)
    client.force_login(user)
    client.get(page.get_absolute_url())  # built and cached
    response = client.get(page.get_absolute_url())
    assert normalised(article_of(response)) == normalised(drawn_in_one_go(response.wsgi_request, slug))
    article = article_of(response)
    assert "Retired items you worked on" in article and 'aria-pressed="true"' in article
    assert "Review: Review requested" in article
    assert ("You marked 1 of these" in article) == (kept is not None)


def test_a_visitor_gets_the_article_without_anyones_state(client):
    page = Page.objects.get(slug="python-linux-baseline")
    response = client.get(page.get_absolute_url())
    article = article_of(response)
    assert "\x00" not in article
    assert "tick-form" not in article and "Sign up to track this list" in article
