"""A visitor reads the roadmap from the arc through all sixteen pages, in real Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_walk_the_roadmap_by_its_next_links(seeded_live_server, page: Page):
    page.goto(f"{seeded_live_server.url}/roadmap/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "AI Expert Roadmap From Scratch (Beginner)"
    )
    expect(page.get_by_role("img", name="The 12-month arc")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"00\s+Where are you starting from")).click()
    titles = []
    for number in range(16):
        expect(page.get_by_text(f"Page {number:02d} of the roadmap")).to_be_visible()
        titles.append(page.get_by_role("heading", level=1).inner_text())
        expect(page.get_by_role("heading", name="Done", exact=True)).to_be_visible()
        next_link = page.get_by_role("link", name=re.compile("^Next"))
        if number == 15:
            expect(next_link).to_have_count(0)
            break
        next_link.click()

    assert titles[0] == "Where are you starting from"
    assert titles[15] == "Done: the next 12 months"
    assert len(set(titles)) == 16
    page.get_by_role("link", name=re.compile("^← Previous")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First 90 days on the job")


def test_faq_opens_and_skip_link_focuses_the_content(seeded_live_server, page: Page):
    page.goto(f"{seeded_live_server.url}/roadmap/the-12-month-arc/")
    question = page.get_by_text("Can I do this part-time?")
    question.click()
    expect(page.get_by_text("Add 50-100% to every timeline.", exact=False)).to_be_visible()

    page.reload()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_roadmap_fits_a_phone(seeded_live_server, page: Page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{seeded_live_server.url}/roadmap/interview-prep/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
