"""Interactions that never fail silently, in real Chromium: a session that ended in another tab,
a server error, no network, keyboard focus, what is announced, Back, and two tabs editing."""

import re

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.factories import make_learner

pytestmark = pytest.mark.browser
PASSWORD = "a-strong-passphrase-42"
PAGE = "/roadmap/python-linux-baseline/"
STASH = "Done: stash, stash pop."


def signed_in(context: BrowserContext, base: str, user) -> BrowserContext:
    """Sign in without the form (the sign-in journey has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base}])
    return context


def git_region(page: Page):
    return page.get_by_role("region", name=re.compile("^Git baseline"))


def live_region(page: Page):
    return page.locator("#live-region")


def test_errors_offline_and_an_ended_session_never_fail_silently(seeded_live_server, page: Page):
    base = seeded_live_server.url
    learner = make_learner()
    signed_in(page.context, base, learner.user)
    page.goto(f"{base}{PAGE}")
    stash = git_region(page).get_by_role("button", name=STASH)

    page.route("**/progress/items/baseline-git-stash/", lambda route: route.fulfill(status=500))
    stash.click()
    toast = live_region(page).locator(".toast")
    expect(toast).to_contain_text(
        "Marking “stash, stash pop.” done failed: the server had a problem (500)"
    )
    expect(stash).to_have_attribute("aria-pressed", "false")
    page.unroute("**/progress/items/baseline-git-stash/")
    toast.get_by_role("button", name="Try again").click()
    expect(stash).to_have_attribute("aria-pressed", "true")
    expect(toast).to_have_count(0)

    # The bar shows while a request is slow (after 300 ms), and goes when it ends.
    held = []
    page.route("**/progress/items/baseline-git-stash/", lambda route: held.append(route))
    stash.click()
    indicator = page.locator("#request-indicator")
    expect(indicator).to_be_visible()
    assert indicator.evaluate("e => getComputedStyle(e).transitionDelay") == "0.3s"
    held[0].continue_()
    page.unroute("**/progress/items/baseline-git-stash/")
    expect(stash).to_have_attribute("aria-pressed", "false")
    expect(indicator).to_be_hidden()

    # Offline: a toast, and the typed note is still there to send again.
    git_region(page).get_by_role(
        "link", name=re.compile("Status, note & evidence for stash, stash pop")
    ).click()
    note = page.locator("#item-baseline-git-stash").get_by_label("Private note")
    note.fill("Written on a train")
    page.context.set_offline(True)
    page.locator("#item-baseline-git-stash").get_by_role("button", name="Save").click()
    toast = live_region(page).locator(".toast")
    expect(toast).to_contain_text("could not reach the server")
    expect(note).to_have_value("Written on a train")
    page.context.set_offline(False)
    toast.get_by_role("button", name="Try again").click()
    expect(page.locator("#item-baseline-git-stash .item-note")).to_contain_text(
        "Written on a train"
    )

    # Last: the session ends in another tab while a note is being typed here; a tick meets
    # the sign-in wall.
    git_region(page).get_by_role(
        "link", name=re.compile("Status, note & evidence for stash, stash pop")
    ).click()
    page.locator("#item-baseline-git-stash").get_by_label("Private note").fill(
        "Typed, then signed out"
    )
    other_tab = page.context.new_page()
    other_tab.goto(f"{base}/progress/")
    other_tab.locator(".account-menu > summary").click()  # sign-out lives in the account menu
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.get_by_role("link", name="Sign in")).to_be_visible()

    git_region(page).get_by_role("button", name=STASH).click()
    expect(page).to_have_url(
        re.compile(r"/accounts/login/\?next=%2Froadmap%2Fpython-linux-baseline%2F$")
    )
    expect(page.get_by_text("you will be back on the page")).to_be_visible()
    assert page.locator(".checklist").count() == 0  # no sign-in page swapped into a checklist
    page.get_by_label("Email").fill(learner.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{base}{PAGE}")
    expect(git_region(page).get_by_role("button", name=STASH)).to_have_attribute(
        "aria-pressed", "false"
    )  # the tick was not saved
    # What was typed comes back when the form opens again.
    git_region(page).get_by_role(
        "link", name=re.compile("Status, note & evidence for stash, stash pop")
    ).click()
    item = page.locator("#item-baseline-git-stash")
    expect(item.get_by_label("Private note")).to_have_value("Typed, then signed out")
    expect(item.get_by_text("What you typed before you were signed out is back")).to_be_visible()


def test_focus_announcements_back_and_filters(seeded_live_server, page: Page):
    base = seeded_live_server.url
    signed_in(page.context, base, make_learner().user)
    page.goto(f"{base}{PAGE}")
    item = page.locator("#item-baseline-git-stash")

    item.get_by_role("button", name=STASH).focus()
    page.keyboard.press("Space")
    tick = item.get_by_role("button", name=STASH)
    expect(tick).to_have_attribute("aria-pressed", "true")
    expect(tick).to_be_focused()
    expect(live_region(page)).to_have_text("Marked done · 1 of 51 on this page")
    page.keyboard.press("Enter")
    expect(tick).to_have_attribute("aria-pressed", "false")
    expect(tick).to_be_focused()
    expect(live_region(page)).to_have_text("Marked not started · 0 of 51 on this page")

    edit = item.get_by_role("link", name=re.compile("Status, note & evidence"))
    edit.focus()
    page.keyboard.press("Enter")
    expect(item.get_by_label("Status")).to_be_focused()
    page.keyboard.press("Escape")
    expect(item.get_by_label("Status")).to_have_count(0)
    expect(edit).to_be_focused()

    page.keyboard.press("Enter")
    expect(item.get_by_label("Status")).to_be_focused()
    page.keyboard.press("Tab")
    expect(item.get_by_label("Private note")).to_be_focused()
    page.keyboard.type("Typed with the keyboard")
    page.keyboard.press("Tab")  # evidence link
    page.keyboard.press("Tab")  # Save
    page.keyboard.press("Enter")
    expect(item.locator(".item-note")).to_contain_text("Typed with the keyboard")
    expect(edit).to_be_focused()
    expect(live_region(page)).to_have_text("Saved · 0 of 51 on this page")

    # Cancel closes the form too, and gives focus back to the link that opened it.
    page.keyboard.press("Enter")
    # Wait until the opened form has taken focus, or that focus lands after ours on Cancel.
    expect(item.get_by_label("Status")).to_be_focused()
    item.get_by_role("link", name="Cancel").focus()
    page.keyboard.press("Enter")
    expect(item.get_by_label("Status")).to_have_count(0)
    expect(edit).to_be_focused()

    # Back after a tick shows the tick: personalised pages are never served stale. (The
    # unload listener keeps the page out of the back-forward cache, which would hide staleness.)
    page.evaluate("window.addEventListener('unload', () => {})")
    git_region(page).get_by_role("button", name=STASH).click()
    expect(git_region(page).get_by_role("button", name=STASH)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    page.go_back()
    expect(git_region(page).get_by_role("button", name=STASH)).to_have_attribute(
        "aria-pressed", "true"
    )

    page.go_forward()
    phase = page.get_by_label("Phase")
    phase.select_option(index=1)
    expect(page).to_have_url(re.compile(r"/progress/\?phase="))
    chosen = phase.input_value()
    page.get_by_label("Items").select_option("done")
    expect(page).to_have_url(re.compile(r"state=done"))
    expect(page.get_by_role("row", name=re.compile("Git baseline"))).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/progress/\?phase={chosen}&state=$"))
    expect(page.get_by_label("Items")).to_have_value("")
    expect(phase).to_have_value(chosen)
    page.go_back()
    expect(phase).to_have_value("")
    page.reload()
    page.go_forward()
    expect(phase).to_have_value(chosen)


def test_two_tabs_editing_one_note_see_both_and_choose(
    seeded_live_server, browser: Browser, page: Page
):
    base = seeded_live_server.url
    user = make_learner().user
    signed_in(page.context, base, user)
    other = signed_in(browser.new_context(), base, user).new_page()
    for tab in (page, other):
        tab.goto(f"{base}{PAGE}")
        git_region(tab).get_by_role(
            "link", name=re.compile("Status, note & evidence for stash, stash pop")
        ).click()
    first, second = (tab.locator("#item-baseline-git-stash") for tab in (page, other))
    first.get_by_label("Private note").fill("Saved first, in tab one")
    first.get_by_role("button", name="Save").click()
    expect(first.locator(".item-note")).to_contain_text("Saved first, in tab one")

    second.get_by_label("Private note").fill("Typed later, in tab two")
    second.get_by_role("button", name="Save").click()
    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("This item changed after you opened this form")
    expect(conflict.locator(".conflict-saved")).to_have_text("Saved first, in tab one")
    expect(conflict.locator(".conflict-yours")).to_have_text("Typed later, in tab two")
    expect(conflict).to_be_focused()
    expect(second.get_by_label("Private note")).to_have_value("Typed later, in tab two")
    second.get_by_role("button", name="Save mine").click()
    expect(second.locator(".item-note")).to_contain_text("Typed later, in tab two")
    page.reload()
    expect(page.locator("#item-baseline-git-stash .item-note")).to_contain_text(
        "Typed later, in tab two"
    )
    other.context.close()
