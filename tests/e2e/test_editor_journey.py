"""An editor rewords an item in the admin; the learner's tick on it survives."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from tests.factories import make_editor, make_learner

pytestmark = pytest.mark.browser
PASSWORD = "a-strong-passphrase-42"


def sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_editor_rewords_an_item_and_the_learners_tick_stays(
    seeded_live_server, page: Page, browser: Browser
):
    base = seeded_live_server.url
    learner = make_learner(display_name="Lin")
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    item_progress_set(user=learner.user, item=item, state="done")
    editor = make_editor(email="editor@example.com")

    # The admin sends the editor through the site's sign-in (allauth), then back.
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F"))
    sign_in(page, page.url, editor.email)
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    expect(page.get_by_role("link", name="Users")).to_have_count(0)

    page.get_by_role("link", name="Checklist items").click()
    page.get_by_role("searchbox").fill("stash")
    page.keyboard.press("Enter")
    page.get_by_role("link", name=re.compile("stash")).first.click()
    page.get_by_label("Text:").fill("Park unfinished work with `git stash`, then `git stash pop`.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    learner_context = browser.new_context()
    learner_page = learner_context.new_page()
    sign_in(learner_page, f"{base}/accounts/login/", learner.user.email)
    learner_page.goto(f"{base}/roadmap/python-linux-baseline/")
    reworded = learner_page.locator("#item-baseline-git-stash")
    expect(reworded).to_contain_text("Park unfinished work with git stash, then git stash pop.")
    expect(reworded.get_by_role("button", name=re.compile("^Done: Park"))).to_have_attribute(
        "aria-pressed", "true"
    )
    learner_context.close()
