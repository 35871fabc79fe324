"""Learner and mentor, each in their own browser: invite, accept, review, approve."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import make_learner, make_user

pytestmark = pytest.mark.browser
PASSWORD = "a-strong-passphrase-42"


def sign_in(page: Page, base: str, email: str, next_path: str = "") -> None:
    page.goto(f"{base}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_invite_accept_review_changes_resubmit_approve(
    seeded_live_server, browser: Browser, deliver_mail
):
    base = seeded_live_server.url
    learner = make_learner(display_name="Lin Q.")
    make_user(email="mentor@example.com")
    learner_page = browser.new_context().new_page()
    mentor_page = browser.new_context().new_page()

    sign_in(learner_page, base, learner.user.email)
    learner_page.get_by_role("link", name="Mentors").click()
    learner_page.get_by_label("Their email address").fill("mentor@example.com")
    learner_page.get_by_role("button", name="Send invitation").click()
    expect(learner_page.get_by_text("Invitation sent to mentor@example.com")).to_be_visible()
    link = re.search(r"https?://\S+/invitations/\S+/", deliver_mail()[-1].body).group(0)

    mentor_page.goto(link.replace("http://127.0.0.1:8000", base))
    mentor_page.get_by_role("link", name="Sign in").last.click()
    mentor_page.get_by_label("Email:").fill("mentor@example.com")
    mentor_page.get_by_label("Password:").fill(PASSWORD)
    mentor_page.get_by_role("button", name="Sign In").click()
    mentor_page.get_by_label("Display name").fill("Mo")
    mentor_page.get_by_role("button", name=re.compile("^Accept as")).click()
    expect(mentor_page.get_by_role("heading", name="Lin Q.", level=1)).to_be_visible()

    learner_page.goto(f"{base}/roadmap/python-linux-baseline/")
    git = learner_page.get_by_role("region", name=re.compile("^Git baseline"))
    git.get_by_role("button", name="Done: stash, stash pop.").click()
    stash = learner_page.locator("#item-baseline-git-stash")
    stash.get_by_role("button", name=re.compile("^Ask for review")).click()
    expect(learner_page.locator("#review-state")).to_have_text("Review requested")

    mentor_page.goto(f"{base}/mentor/")
    expect(mentor_page.get_by_text("Waiting on you (1)")).to_be_visible()
    mentor_page.get_by_role("link", name=re.compile("stash")).click()
    mentor_page.get_by_label("Comment").fill("Show me a stash with a message: git stash push -m.")
    mentor_page.get_by_role("button", name="Request changes").click()
    expect(mentor_page.locator("#review-state")).to_have_text("Changes requested")

    learner_page.reload()
    expect(learner_page.locator("#review-state")).to_have_text("Changes requested")
    expect(learner_page.get_by_text("git stash push -m")).to_be_visible()
    learner_page.get_by_label("Comment").fill("Done: see the notes in my repo.")
    learner_page.get_by_role("button", name="Resubmit").click()
    expect(learner_page.locator("#review-state")).to_have_text("Resubmitted")

    mentor_page.reload()
    mentor_page.get_by_role("button", name="Approve").click()
    expect(mentor_page.locator("#review-state")).to_have_text("Approved")

    learner_page.goto(f"{base}/roadmap/python-linux-baseline/")
    expect(learner_page.locator("#item-baseline-git-stash")).to_contain_text("Approved by")
    expect(
        learner_page.get_by_role("link", name=re.compile("Notifications: \\d+ unread"))
    ).to_be_visible()
