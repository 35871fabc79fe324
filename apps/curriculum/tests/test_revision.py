import pytest
from django.conf import settings

from apps.curriculum import revision
from apps.curriculum.article import page_article
from apps.curriculum.models import ChecklistItem, Page
from apps.curriculum.services import roadmap_seed

pytestmark = pytest.mark.django_db


def test_the_revision_is_stable_until_the_content_changes():
    first = revision.content_revision()
    assert revision.content_revision() == first
    item = ChecklistItem.objects.filter(is_retired=False).first()
    item.text = "Changed by an editor"
    item.save()
    second = revision.content_revision()
    assert second != first
    ChecklistItem.objects.filter(pk=item.pk).update(text="Changed in bulk")
    assert revision.content_revision() != second


def test_a_seed_makes_one_new_revision(django_assert_max_num_queries):
    before = revision.content_revision()
    roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    assert revision.content_revision() != before


def test_cached_content_is_a_fresh_copy_each_time():
    built = []

    def build():
        built.append(1)
        return {"items": [1, 2]}

    first = revision.cached_content("test-copy", build)
    first["items"].append(3)
    assert revision.cached_content("test-copy", build) == {"items": [1, 2]}
    assert len(built) == 1


def test_a_page_shows_an_edit_at_once(client):
    page = Page.objects.get(slug="reading-papers")
    item = ChecklistItem.objects.filter(checklist__page=page, is_retired=False).first()
    client.get(page.get_absolute_url())
    item.text = "A brand-new wording"
    item.save()
    assert "A brand-new wording" in client.get(page.get_absolute_url()).content.decode()
    client.get("/roadmap/")
    Page.objects.filter(pk=page.pk).update(title="Renamed in bulk")
    assert "Renamed in bulk" in client.get(page.get_absolute_url()).content.decode()
    assert "Renamed in bulk" in client.get("/roadmap/").content.decode()


def test_the_article_is_built_once_per_revision(django_assert_max_num_queries):
    page_article(slug="reading-papers")
    with django_assert_max_num_queries(1):  # the revision
        article = page_article(slug="reading-papers")
    assert article.detail.page.slug == "reading-papers" and article.detail.segments
    assert page_article(slug="reading-papers") is article  # shared, never copied
