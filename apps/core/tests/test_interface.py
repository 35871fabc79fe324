"""The interface's server side: icons, manifest, navigation by role, the checklist row, forms."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from apps.checklists.services import item_progress_set
from apps.core.demo import LEARNER_EMAIL, demo_seed
from apps.core.markdown import markdown_headings
from apps.curriculum.models import ChecklistItem
from apps.curriculum.selectors import page_detail
from apps.learners.forms import timezone_choices
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def test_every_page_links_the_icons_and_the_manifest(client):
    html = client.get(reverse("core:landing")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in html
    assert 'rel="apple-touch-icon" href="/static/img/apple-touch-icon.png"' in html
    assert f'rel="manifest" href="{reverse("core:manifest")}"' in html
    assert 'id="i-check"' in html  # the one icon sprite


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get(reverse("core:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["short_name"] == "Roadmap" and data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL))


def test_favicon_ico_no_longer_404s(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".png")


def nav_items(html: str, copy: int = 0) -> list[str]:
    """The main navigation's items: copy 0 is the bar's, copy 1 the phone menu's."""
    start = html.index('<nav aria-label="Main">')
    for _ in range(copy + 1):
        start = html.index('<ul class="nav-list">', start + 1)
    block = html[start : html.index("</ul>", start)]
    return [part.split("</a>")[0].rsplit(">", 1)[-1].strip() for part in block.split("<li>")[1:]]


def test_the_main_navigation_has_at_most_six_items_for_every_role(client):
    visitor = nav_items(client.get("/roadmap/").content.decode())
    assert visitor == ["The roadmap", "Specializations"]
    learner = make_learner()
    client.force_login(learner.user)
    html = client.get("/roadmap/").content.decode()
    signed_in = nav_items(html)
    assert signed_in[:2] == ["Dashboard", "Roadmap"] and len(signed_in) <= 6
    # Profile, account, export and sign out live in the account menu.
    menu = html[html.index('class="menu account-menu"') :]
    for label in ("Profile", "Account", "Export my data", "Sign out"):
        assert label in menu[: menu.index("</details>")]
    assert "Profile" not in signed_in and "Sign out" not in signed_in
    # On phones the same links open from a menu button that needs no JavaScript.
    assert '<details class="menu phone-menu">' in html
    assert nav_items(html, copy=1) == signed_in


def test_visitors_see_no_ticks_and_one_sign_up_per_checklist(client):
    html = client.get("/roadmap/python-linux-baseline/").content.decode()
    detail = page_detail(slug="python-linux-baseline")
    checklists = [s.checklist for s in detail.segments if s.checklist] + [detail.done_list]
    assert 'class="tick-button"' not in html
    assert html.count("Sign up to track this list") == len(checklists)
    assert "/accounts/signup/?next=/roadmap/python-linux-baseline/%23checklist-" in html


def test_a_learners_row_shows_icons_with_text_and_a_one_line_note(client):
    learner = make_learner()
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    item_progress_set(
        user=learner.user, item=item, state="done", note="First line\nsecond line",
        evidence_url="https://example.com/proof",
    )  # fmt: skip
    client.force_login(learner.user)
    html = client.get("/roadmap/python-linux-baseline/").content.decode()
    row = html[html.index('id="item-baseline-git-stash"') :]
    row = row[: row.index("</li>")]
    assert 'aria-pressed="true"' in row
    assert 'class="item-note"' in row and "Your note: </span>First line" in row
    assert "Evidence for stash, stash pop." in row
    assert "Status, note &amp; evidence for stash, stash pop." in row  # the edit icon's name
    # The label is no longer printed on every row: it is the edit icon's text alternative.
    assert html.count(">Status, note &amp; evidence<") == 0


def test_a_page_lists_its_sections_for_the_table_of_contents(client):
    detail = page_detail(slug="first-90-days")
    ids = [section_id for section_id, _ in detail.sections]
    assert ids[0] == "the-mistake-to-avoid-first" and len(ids) == len(set(ids)) >= 5
    html = client.get("/roadmap/first-90-days/").content.decode()
    assert 'class="toc"' in html
    for section_id in ids:
        assert f'href="#{section_id}"' in html and f'id="{section_id}"' in html


def test_markdown_headings_match_the_rendered_ids():
    assert markdown_headings("## A *b*\n\ntext\n\n### Sub\n\n## A b") == (
        ("a-b", "A b"), ("a-b_1", "A b"),
    )  # fmt: skip


def test_time_zones_are_grouped_by_region():
    groups = dict(timezone_choices())
    assert ("Europe/Berlin", "Berlin") in groups["Europe"]
    assert ("America/Argentina/Buenos_Aires", "Argentina / Buenos Aires") in groups["America"]
    assert list(groups)[-1] == "Other" and ("UTC", "UTC") in groups["Other"]


def test_form_errors_sit_with_their_field_under_a_summary(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "someone@example.com", "password1": "someone", "password2": "someone"},
    )
    html = response.content.decode()
    summary = html.index('class="error-summary"')
    email, password = html.index('for="id_email"'), html.index('for="id_password1"')
    errors = html.index('id="id_password1_errors"')
    assert summary < email < password < errors < html.index('for="id_password2"')
    assert 'id="id_email_errors"' not in html
    assert '<a href="#id_password1">Password: ' in html


def test_the_demo_can_be_seeded_twice():
    first = demo_seed()
    second = demo_seed()
    assert first["learner"] == second["learner"] and first["learner"].email == LEARNER_EMAIL
    assert first["learner"].projects.count() == 2
    assert first["mentor"].mentees.count() == 2
