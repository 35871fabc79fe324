"""A learner ticks items on a page: the figures update in place, and every view agrees."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_learner

pytestmark = pytest.mark.browser
PASSWORD = "a-strong-passphrase-42"


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name=re.compile("^Hi "))).to_be_visible()


def test_tick_items_and_see_progress_everywhere(seeded_live_server, page: Page):
    learner = make_learner(display_name="Lin")
    sign_in(page, seeded_live_server.url, learner.user.email)

    page.goto(f"{seeded_live_server.url}/roadmap/python-linux-baseline/")
    page.evaluate("window.stillTheSamePage = true")
    git = page.get_by_role("region", name=re.compile("^Git baseline"))
    expect(git.get_by_text("0 of 6 done")).to_be_visible()

    for name in ["Done: stash, stash pop.", "Done: clone, add, commit, push, pull."]:
        git.get_by_role("button", name=name).click()
        expect(git.get_by_role("button", name=name)).to_have_attribute("aria-pressed", "true")
    expect(git.get_by_text("2 of 6 done")).to_be_visible()
    expect(page.locator("#page-progress")).to_contain_text("This page: 2 of")
    done = page.get_by_role("region", name="Done")
    done.get_by_role("button", name="Done: Self-tested Python baseline.").click()
    expect(page.locator("#page-progress")).to_contain_text("This page: 3 of")
    assert page.evaluate("window.stillTheSamePage") is True  # no page load happened

    # Not applicable leaves the denominator; the note is kept.
    git.get_by_role("link", name=re.compile("Status, note & evidence for Resolve merge")).click()
    item = page.locator("#item-baseline-git-resolve-conflicts")
    item.get_by_label("Status").select_option("Not applicable")
    item.get_by_label("Private note").fill("Never had a conflict yet")
    item.get_by_role("button", name="Save").click()
    expect(git.get_by_text("2 of 5 done")).to_be_visible()
    expect(page.get_by_text("Never had a conflict yet")).to_be_visible()

    page.reload()
    git = page.get_by_role("region", name=re.compile("^Git baseline"))
    expect(git.get_by_text("2 of 5 done")).to_be_visible()
    expect(git.get_by_role("button", name="Done: stash, stash pop.")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#page-progress")).to_contain_text("This page: 3 of")

    page.get_by_role("link", name="Dashboard").click()
    overall = page.locator("#overall-progress")
    expect(overall).to_contain_text("3 of")
    dashboard_text = overall.inner_text()
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_text(re.compile(r"Overall: 3 of \d+"))).to_be_visible()
    assert re.search(r"3 of (\d+)", dashboard_text).group(1) == re.search(
        r"Overall: 3 of (\d+)", page.locator(".lead").inner_text()
    ).group(1)
    git_row = page.get_by_role("row", name=re.compile("Git baseline"))
    expect(git_row).to_contain_text("2 / 5")
