from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import escape

from apps.curriculum.models import Page
from tests.factories import make_checklist, make_page

pytestmark = pytest.mark.django_db

SLUGS = [
    "where-are-you-starting-from",
    "the-12-month-arc",
    "math-you-actually-need",
    "python-linux-baseline",
    "ml-mental-model",
    "transformers-in-one-page",
    "hugging-face-ecosystem",
    "picking-a-specialization",
    "reading-papers",
    "building-in-public",
    "portfolio-three-projects",
    "evaluating-job-postings",
    "open-source-as-resume",
    "interview-prep",
    "first-90-days",
    "the-next-12-months",
]
PAGE_QUERY_LIMIT = 10
# The first view of a content page after a content change builds it and shares it through the
# database cache (apps.curriculum.revision): a few more queries, once per revision.
COLD_PAGE_QUERY_LIMIT = PAGE_QUERY_LIMIT + 6
WARM_PAGE_QUERY_LIMIT = 2


def test_fixture_slugs_are_the_pages():
    assert list(Page.objects.values_list("slug", flat=True)) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_renders_with_its_content(client, slug, django_assert_max_num_queries):
    page = Page.objects.get(slug=slug)
    with django_assert_max_num_queries(COLD_PAGE_QUERY_LIMIT):
        client.get(page.get_absolute_url())
    with django_assert_max_num_queries(WARM_PAGE_QUERY_LIMIT):
        response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{escape(page.title)}</h1>" in html
    for checklist in page.checklists.all():
        assert f'id="checklist-{checklist.key}"' in html
        for item in checklist.items.all():
            assert f'id="item-{item.key}"' in html
    assert html.count("<summary>") == page.faqs.count()
    assert "[[" not in html  # every placeholder was replaced


def test_previous_and_next_links_walk_the_pages(client):
    response = client.get(reverse("curriculum:page", args=["ml-mental-model"]))
    assert response.context["detail"].previous_page.slug == "python-linux-baseline"
    assert response.context["detail"].next_page.slug == "transformers-in-one-page"
    first = client.get(reverse("curriculum:page", args=[SLUGS[0]])).context["detail"]
    last = client.get(reverse("curriculum:page", args=[SLUGS[-1]])).context["detail"]
    assert first.previous_page is None
    assert last.next_page is None


def test_unpublished_pages_are_hidden_and_skipped(client):
    Page.objects.filter(slug="ml-mental-model").update(is_published=False)
    assert client.get(reverse("curriculum:page", args=["ml-mental-model"])).status_code == 404
    response = client.get(reverse("curriculum:page", args=["python-linux-baseline"]))
    assert response.context["detail"].next_page.slug == "transformers-in-one-page"
    assert "ml-mental-model" not in client.get(reverse("curriculum:roadmap")).content.decode()


def test_unknown_page_is_a_404_with_the_sites_layout(client):
    response = client.get("/roadmap/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_roadmap_shows_the_arc_and_every_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(COLD_PAGE_QUERY_LIMIT):
        client.get(reverse("curriculum:roadmap"))
    with django_assert_max_num_queries(WARM_PAGE_QUERY_LIMIT):
        response = client.get(reverse("curriculum:roadmap"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and "<desc" in html
    # Four phases, drawn once for wide screens and once, top to bottom, for phones.
    arc = html[html.index('<figure class="arc-figure">') : html.index("</figure>")]
    assert arc.count("<rect") == 8 and arc.count('class="arc-svg arc-narrow"') == 1
    for slug in SLUGS:
        assert f'href="/roadmap/{slug}/"' in html
    assert "Months 10–12: Job search" in html


def test_specializations_are_compared_side_by_side(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(COLD_PAGE_QUERY_LIMIT):
        client.get(reverse("curriculum:specializations"))
    with django_assert_max_num_queries(WARM_PAGE_QUERY_LIMIT):
        response = client.get(reverse("curriculum:specializations"))
    html = response.content.decode()
    assert html.count('<th scope="col" id="col-') == 6
    assert "$130-220K" in html
    assert "vllm-project/vllm" in html


def test_public_pages_post_is_refused(client):
    assert client.post(reverse("curriculum:roadmap")).status_code == 405


HOSTILE = """## Hello

<script>alert('x')</script>

[click me](javascript:alert(1))

<img src="x" onerror="alert(2)">

<a href="https://example.com" onclick="steal()">ok link</a>

<iframe src="https://evil.example"></iframe>
"""


class ActiveContent(HTMLParser):
    """Collects what could run in a browser: scripts, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "style"} and tag != "script":
            self.found.append(tag)
        if tag == "script" and not dict(attrs).get("src", "").startswith("/static/"):
            self.found.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}=javascript:]")


def test_hostile_markdown_is_neutralised(client):
    page = make_page(body=HOSTILE, summary="<b onmouseover='x()'>Bold</b>")
    checklist = make_checklist(page=page, items=1, kind="done")
    checklist.items.update(text="<script>bad()</script>[x](javascript:bad())")
    html = client.get(page.get_absolute_url()).content.decode()
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == []
    assert "alert(" not in html and "bad()" not in html
    assert 'href="https://example.com"' in html


def test_query_counts_do_not_grow_with_content(client, django_assert_max_num_queries):
    page = Page.objects.get(slug="reading-papers")
    for _ in range(30):
        make_checklist(page=page, items=25)
    with django_assert_max_num_queries(COLD_PAGE_QUERY_LIMIT):
        assert client.get(page.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(WARM_PAGE_QUERY_LIMIT):
        assert client.get(page.get_absolute_url()).status_code == 200
    for _ in range(20):
        make_checklist(page=make_page(), items=5)
    with django_assert_max_num_queries(COLD_PAGE_QUERY_LIMIT):
        assert client.get(reverse("curriculum:roadmap")).status_code == 200
    with django_assert_max_num_queries(WARM_PAGE_QUERY_LIMIT):
        assert client.get(reverse("curriculum:roadmap")).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("core:landing")).status_code == 200


def test_checklist_added_without_a_placeholder_is_still_shown(client):
    page = Page.objects.get(slug="ml-mental-model")
    extra = make_checklist(page=page, items=2, title="Added by an editor")
    html = client.get(page.get_absolute_url()).content.decode()
    assert f'id="checklist-{extra.key}"' in html


def test_retired_items_and_checklists_are_hidden_from_the_page(client):
    page = Page.objects.get(slug="reading-papers")
    page.checklists.get(key="papers-ten-papers").items.filter(key="papers-dpo").update(
        is_retired=True
    )
    page.checklists.filter(key="papers-skim-mode").update(is_retired=True)
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'id="item-papers-dpo"' not in html
    assert 'id="checklist-papers-skim-mode"' not in html
    assert (
        'id="item-papers-attention-is-all-you-need"' in html or "Attention Is All You Need" in html
    )
