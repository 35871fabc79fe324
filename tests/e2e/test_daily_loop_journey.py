"""The daily loop for a learner in week 1 and one in month 7: Resume, This week, the re-dated
plan, rubrics instead of ticks, and the calendar feed."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.test_progress_journey import sign_in
from tests.factories import make_learner

pytestmark = pytest.mark.browser


def test_week_one_resume_this_week_and_the_calendar(seeded_live_server, page: Page):
    base = seeded_live_server.url
    learner = make_learner(display_name="Wen", hours_per_week=15)
    sign_in(page, base, learner.user.email)

    # Day 1: the main action is Resume, not "I'm ready".
    resume = page.get_by_role("link", name="Resume: 00 · Where are you starting from")
    expect(resume).to_be_visible()
    week = page.get_by_role("region", name=re.compile("^This week"))
    expect(week).to_contain_text("Month 1 of 15")
    math = week.get_by_role("link", name=re.compile("3Blue1Brown"))
    math_entry = week.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=re.compile("3Blue1Brown"))
    )
    expect(math_entry).to_contain_text(
        "~6 h · Math you actually need (and what you don't) · Weeks 1-2 of your plan"
    )
    page.get_by_text("Why this long?").click()
    expect(page.locator("#why-this-long")).to_contain_text("+100%")
    expect(page.locator("#why-this-long")).to_contain_text("the pace the text recommends")

    # Do this week's first thing: it leaves the week, and Resume follows the learner.
    math.click()
    expect(page).to_have_url(re.compile(r"/roadmap/math-you-actually-need/#item-"))
    page.get_by_role("button", name="Done: 3Blue1Brown linear algebra + calculus.").click()
    expect(
        page.get_by_role("button", name="Done: 3Blue1Brown linear algebra + calculus.")
    ).to_have_attribute("aria-pressed", "true")
    # Pitfalls on the same page are warnings, with nothing to tick.
    dont = page.get_by_role("region", name=re.compile("^⚠?\\s*What you don't need"))
    expect(dont).to_contain_text("Pitfalls")
    expect(dont.get_by_role("button")).to_have_count(0)

    page.get_by_role("link", name="Dashboard").first.click()
    resume = page.get_by_role("link", name=re.compile("^Resume: 02 · Math you actually need"))
    expect(resume).to_be_visible()
    expect(
        page.get_by_text("Next there: First 4 chapters of the Deep Learning book.")
    ).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("^This week"))).not_to_contain_text(
        "3Blue1Brown"
    )

    # The calendar: turn it on, subscribe, and it parses with the plan's events.
    page.get_by_role("link", name="Subscribe to your plan in your calendar").click()
    page.get_by_role("button", name="Turn on the calendar feed").click()
    address = page.get_by_label(re.compile("Subscribe to this address")).input_value()
    assert re.search(r"/calendar/[\w-]+\.ics$", address)
    response = page.request.get(address)
    assert response.ok
    summaries = {str(e["summary"]) for e in Calendar.from_ical(response.body()).walk("VEVENT")}
    assert {"Foundation begins", "Decide your specialization"} <= summaries
    page.get_by_role("button", name="Turn the feed off").click()
    assert page.request.get(address).status == 404


def test_month_seven_behind_rubrics_and_a_redated_plan(seeded_live_server, page: Page):
    base = seeded_live_server.url
    start = timezone.localdate() - dt.timedelta(days=int(6.5 * 30.44))
    learner = make_learner(display_name="Sam", bucket="C", start_date=start, hours_per_week=15)
    sign_in(page, base, learner.user.email)

    expect(page.locator("#current-month")).to_contain_text("month 7 of 15")
    week = page.get_by_role("region", name=re.compile("^This week"))
    expect(week).to_contain_text("Specialization + portfolio")
    expect(week).to_contain_text("Decide your specialization")
    # What was scheduled long ago is carried into this week, not listed as overdue.
    expect(week).to_contain_text("moved here from weeks 1-2 of your plan")
    outlook = page.locator("#outlook")
    expect(outlook).to_contain_text("Specialization + portfolio ends on")
    expect(outlook).to_contain_text("Nothing is overdue: it is simply later.")

    # Resume follows the last page worked on.
    page.goto(f"{base}/roadmap/portfolio-three-projects/")
    page.get_by_role("button", name="Done: A clear product demo").click()
    expect(page.get_by_role("button", name="Done: A clear product demo")).to_have_attribute(
        "aria-pressed", "true"
    )
    # The polish standard is a rubric for each project, not a task.
    polish = page.get_by_role("region", name=re.compile("^Polish standard"))
    expect(polish).to_contain_text("A rubric, not a task")
    expect(polish.get_by_role("button")).to_have_count(0)
    page.get_by_role("link", name="Dashboard").first.click()
    expect(
        page.get_by_role("link", name=re.compile("^Resume: 10 · Your portfolio"))
    ).to_be_visible()

    # A job posting judged with the text's flags gets a verdict in the list.
    page.goto(f"{base}/portfolio/applications/")
    page.get_by_label("Company:", exact=True).fill("Hype Labs")
    page.get_by_label("Role:", exact=True).fill("AI Ninja")
    page.get_by_label('"Looking for someone passionate about AI."').check()
    page.get_by_label(re.compile("Buzzword salad")).check()
    page.get_by_role("button", name="Add application").click()
    row = page.get_by_role("row", name=re.compile("AI Ninja at Hype Labs"))
    expect(row).to_contain_text("skip: 2 red flags")
