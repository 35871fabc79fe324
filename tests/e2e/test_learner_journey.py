"""A new learner signs up, verifies their email, takes the honest test and sees their plan."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def answer(page: Page, question: str, reply: str) -> None:
    page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(reply).check()


def test_sign_up_verify_onboard_and_see_the_dashboard(seeded_live_server, page: Page, deliver_mail):
    page.goto(f"{seeded_live_server.url}/")
    page.get_by_role("link", name="Sign up").first.click()

    page.get_by_label("Email:").fill("learner@example.com")
    page.get_by_label("Password:", exact=True).fill("a-strong-passphrase-42")
    page.get_by_label("Password (again):").fill("a-strong-passphrase-42")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    outbox = deliver_mail()
    assert len(outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Signed in by the confirmation, the learner lands on the honest test.
    expect(page.get_by_role("heading", name="Where are you starting from?")).to_be_visible()
    answer(page, "counts the words", "Yes")
    answer(page, "list comprehension", "Yes")
    answer(page, "installed a Python library", "Yes")
    answer(page, "Linux terminal", "No")
    answer(page, "train a model", "No")
    page.get_by_role("button", name="See my suggested bucket").click()

    expect(page.get_by_role("heading", name="Suggested: bucket C")).to_be_visible()
    expect(page.get_by_text("You answered yes to 3 of the 4 questions")).to_be_visible()
    expect(page.get_by_label(re.compile("Working programmer"))).to_be_checked()
    page.get_by_label("Display name").fill("Grace")
    page.get_by_label("Hours per week").fill("20")
    page.get_by_role("button", name="Start my plan").click()

    expect(page.get_by_role("heading", name="Hi Grace")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Bucket C · Working programmer"))).to_be_visible()
    expect(page.locator("#current-month")).to_contain_text("month 1 of 12")
    expect(page.locator("#current-month")).to_contain_text("Foundation")
    expect(page.get_by_role("img", name=re.compile("Your plan"))).to_be_visible()
    # Day 1: the main action is Resume, at the first item of page 00.
    expect(
        page.get_by_role("link", name="Resume: 00 · Where are you starting from")
    ).to_have_attribute("href", re.compile(r"/roadmap/where-are-you-starting-from/#item-"))
    expect(page.get_by_text("Next there: Located your starting bucket")).to_be_visible()
    reading = page.get_by_role("region", name="Reading")
    expect(
        reading.get_by_role("link", name="00 · Where are you starting from", exact=True)
    ).to_be_visible()


def test_signing_up_twice_with_one_email_says_so(seeded_live_server, page: Page):
    from tests.factories import make_user

    make_user(email="taken@example.com")
    page.goto(f"{seeded_live_server.url}/accounts/signup/")
    page.get_by_label("Email:").fill("taken@example.com")
    page.get_by_label("Password:", exact=True).fill("a-strong-passphrase-42")
    page.get_by_label("Password (again):").fill("a-strong-passphrase-42")
    page.get_by_role("button", name="Sign Up").click()
    expect(
        page.locator("#id_email_errors").get_by_text(
            "A user is already registered with this email address."
        )
    ).to_be_visible()
