"""The interface as a person meets it: the phone menu, the theme, the table of contents, the
account menu and a form that points at what went wrong."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import make_learner

pytestmark = pytest.mark.browser


def test_phone_menu_works_without_javascript_and_the_theme_is_remembered(
    seeded_live_server, browser: Browser, page: Page
):
    base = seeded_live_server.url
    no_script = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    phone = no_script.new_page()
    phone.goto(f"{base}/roadmap/")
    expect(phone.locator(".main-nav")).to_be_hidden()
    phone.get_by_text("Menu", exact=True).click()
    phone.locator(".phone-menu").get_by_role("link", name="Specializations").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("specializations")
    no_script.close()

    page.goto(f"{base}/roadmap/")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.reload()
    expect(page.get_by_role("button", name="Dark theme")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
    assert background != "rgb(255, 255, 255)"


def test_contents_follow_the_reader_and_errors_take_focus(seeded_live_server, page: Page):
    base = seeded_live_server.url
    learner = make_learner(display_name="Lin")
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email:").fill(learner.user.email)
    page.get_by_label("Password:").fill("a-strong-passphrase-42")
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"{base}/roadmap/first-90-days/")
    contents = page.get_by_role("navigation", name="On this page")
    contents.get_by_role("link", name="Managing your manager").click()
    expect(contents.get_by_role("link", name="Managing your manager")).to_have_attribute(
        "aria-current", "true"
    )
    expect(contents.locator("[aria-current]")).to_have_count(1)
    expect(page.get_by_role("complementary", name="This page")).to_contain_text("This page: 0 of")

    # The account menu holds the profile and sign-out.
    page.locator(".account-menu summary").click()
    page.get_by_role("link", name="Profile").click()
    page.get_by_label("Hours per week").fill("0")
    page.get_by_role("button", name="Save profile").click()
    summary = page.get_by_role("alert").filter(has_text="Please correct")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("Hours per week")).click()
    expect(page.get_by_label("Hours per week")).to_be_focused()
