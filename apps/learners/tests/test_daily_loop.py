"""The daily loop: Resume, This week, why this long, and the calendar feed."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.checklists import services as progress_services
from apps.checklists.models import ItemState
from apps.curriculum.models import ChecklistItem, Page
from apps.learners import services
from apps.learners.models import CalendarFeed, LearnerProfile
from tests.factories import make_learner, make_user

pytestmark = pytest.mark.django_db
DASHBOARD_QUERIES = 18


@pytest.fixture
def learner_client(client):
    learner = make_learner(hours_per_week=15)
    client.force_login(learner.user)
    client.user = learner.user
    client.learner = learner
    return client


def tick(user, key, state=ItemState.DONE):
    progress_services.item_progress_set(user=user, item=ChecklistItem.objects.get(key=key),
                                        state=state)  # fmt: skip


def dashboard(client):
    return client.get(reverse("learners:dashboard"))


def test_day_one_the_main_button_is_resume_at_page_00(learner_client):
    response = dashboard(learner_client)
    html = response.content.decode()
    main = html.split('class="primary-action"')[1].split("</p>")[0]
    assert "Resume: 00 · Where are you starting from" in main
    first = ChecklistItem.objects.filter(checklist__page__number=0).order_by(
        "checklist__order", "order"
    )[0]
    assert f"#item-{first.key}" in main
    assert 'class="button button-primary">I’m ready' not in html


def test_resume_opens_the_page_touched_last_at_its_next_undone_item(learner_client):
    user = learner_client.user
    git = list(ChecklistItem.objects.filter(checklist__key="baseline-git").order_by("order"))
    tick(user, git[0].key)
    tick(user, git[2].key)
    board = dashboard(learner_client).context["board"]
    assert board.resume.page.number == 3
    assert board.resume.item == git[3]  # the next undone item after the one touched last
    # Untouched pages before it do not pull Resume back to page 00.
    assert Page.objects.get(number=0) != board.resume.page


def test_a_finished_page_resumes_at_the_next_page_of_the_phase(learner_client):
    user = learner_client.user
    page_two = Page.objects.get(number=2)
    for item in ChecklistItem.objects.filter(checklist__page=page_two, checklist__kind="done"):
        tick(user, item.key)
    board = dashboard(learner_client).context["board"]
    assert board.resume.page.number == 3  # the next page of Foundation, not back to 00


def test_this_week_is_dated_and_fits_the_hours(learner_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = dashboard(learner_client)
    html = response.content.decode()
    week = response.context["board"].dated.week
    assert week.entries and week.hours >= 15
    assert sum(e.hours for e in week.entries[:-1]) < 15
    assert "3Blue1Brown" in html and "Weeks 1-2 of your plan" in html
    assert "~6 h" in html
    assert "Why this long?" in html and "Add 50-100% to every timeline" in html
    assert "+100%" in html and "the pace the text recommends" in html


def test_a_learner_far_behind_sees_a_redated_plan_not_overdue_items(client):
    start = timezone.localdate() - dt.timedelta(days=200)
    learner = make_learner(bucket="C", start_date=start, hours_per_week=5)
    client.force_login(learner.user)
    response = dashboard(client)
    html = response.content.decode()
    outlook = response.context["board"].dated.outlook
    assert outlook.behind
    assert f"ends on {outlook.projected_end:%-d %B %Y}" in html
    assert "overdue" not in html.lower().replace("nothing is overdue", "")
    assert "moved here from weeks 1-2 of your plan" in html


def test_the_job_search_and_first_ninety_days(client):
    start = timezone.localdate() - dt.timedelta(days=330)
    learner = make_learner(bucket="C", start_date=start, hours_per_week=40,
                           job_started_on=timezone.localdate() - dt.timedelta(days=35))  # fmt: skip
    client.force_login(learner.user)
    board = dashboard(client).context["board"]
    assert board.phase.key == "job-search"
    labels = [e.when for e in board.dated.week.entries]
    assert "Days 31-60 of your first job" in labels


def test_the_calendar_feed_turns_on_parses_and_follows_the_plan(learner_client):
    user = learner_client.user
    assert learner_client.post(reverse("learners:calendar_settings"),
                               {"action": "enable"}).status_code == 302  # fmt: skip
    feed = CalendarFeed.objects.get(user=user)
    url = reverse("learners:calendar_feed", args=[feed.token])
    assert url in learner_client.get(reverse("learners:profile")).content.decode()
    learner_client.logout()  # calendar apps have no session: the token is the key
    response = learner_client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    summaries = [str(e["summary"]) for e in events.values()]
    assert "Foundation begins" in summaries and "Job search ends" in summaries
    assert sum("slump" in s for s in summaries) == 3
    assert "Decide your specialization" in summaries
    check_in = next(e for e in events.values() if "check-in" in str(e["summary"]))
    assert check_in["rrule"]["FREQ"] == ["WEEKLY"]
    math = next(e for e in events.values() if "Weeks 1-2" in str(e["summary"]))
    assert "3Blue1Brown" in str(math["description"])
    oss = [s for s in summaries if "OSS" in s]
    assert oss == []  # the 4-week OSS plan is dated from the week it is started

    # The plan changes: same UIDs, new dates; starting the OSS plan adds its weeks.
    foundation_end = events[next(u for u in events if "phase-foundation-end" in u)]["dtstart"].dt
    profile = LearnerProfile.objects.get(user=user)
    profile.hours_per_week = 40
    profile.save()
    tick(user, "oss-week1-dev-loop", ItemState.IN_PROGRESS)
    again = Calendar.from_ical(learner_client.get(url).content)
    new_events = {str(e["uid"]): e for e in again.walk("VEVENT")}
    assert set(events) <= set(new_events)
    assert new_events[next(u for u in events if "phase-foundation-end" in u)]["dtstart"].dt < (
        foundation_end
    )
    assert sum("OSS" in str(e["summary"]) for e in new_events.values()) == 4


def test_a_revoked_or_regenerated_token_answers_404(learner_client):
    user = learner_client.user
    feed = services.calendar_feed_enable(user=user)
    old = reverse("learners:calendar_feed", args=[feed.token])
    learner_client.post(reverse("learners:calendar_settings"), {"action": "regenerate"})
    assert learner_client.get(old).status_code == 404
    new = reverse("learners:calendar_feed", args=[CalendarFeed.objects.get(user=user).token])
    assert learner_client.get(new).status_code == 200
    learner_client.post(reverse("learners:calendar_settings"), {"action": "revoke"})
    assert learner_client.get(new).status_code == 404
    assert learner_client.get("/calendar/not-a-token.ics").status_code == 404
    assert learner_client.post(reverse("learners:calendar_settings"),
                               {"action": "explode"}).status_code == 400  # fmt: skip


def test_the_feed_queries_are_bounded(client, django_assert_max_num_queries):
    learner = make_learner()
    other = make_user()
    feed = services.calendar_feed_enable(user=learner.user)
    services.calendar_feed_enable(user=other)  # a feed without a plan: nothing to show
    for key in ["oss-week1-dev-loop", "math-plan-3blue1brown", "baseline-git-stash"]:
        tick(learner.user, key)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("learners:calendar_feed", args=[feed.token])).status_code == 200
    other_token = CalendarFeed.objects.get(user=other).token
    assert client.get(reverse("learners:calendar_feed", args=[other_token])).status_code == 404


def test_the_profile_sets_the_first_job_start_date(learner_client):
    from apps.learners.tests.test_views import honest_answers, plan_data

    data = {**honest_answers(3, prefix="test-"), **plan_data(start_date=timezone.localdate()),
            "job_started_on": "2026-13-01"}  # fmt: skip
    response = learner_client.post(reverse("learners:profile"), data)
    assert (
        response.status_code == 200 and "Enter a date like 2027-03-01." in response.content.decode()
    )
    # A fixed date: "today" differs between UTC and the learner's zone near midnight.
    data["job_started_on"] = "2026-11-02"
    assert learner_client.post(reverse("learners:profile"), data).status_code == 302
    assert LearnerProfile.objects.get(user=learner_client.user).job_started_on == dt.date(
        2026, 11, 2
    )
    exported = json.loads(learner_client.get(reverse("checklists:export_json")).getvalue())
    assert exported["profile"]["job_started_on"] == "2026-11-02"


def test_profile_queries_are_bounded_with_the_feed_on(
    learner_client, django_assert_max_num_queries
):
    services.calendar_feed_enable(user=learner_client.user)
    with django_assert_max_num_queries(12):
        html = learner_client.get(reverse("learners:profile")).content.decode()
    assert "Turn the feed off" in html
