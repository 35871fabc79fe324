"""Periodic mail: scheduled by the workers, once per period, in a fixed number of queries."""

import datetime as dt
import io
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.periodic import PeriodicDeferrer, PeriodicRegistry

from apps.checklists.models import WeeklyCheckIn
from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem, DemoralizingMonth, Phase
from apps.learners.selectors import plan_for
from apps.mentoring import services, tasks
from apps.mentoring.models import EmailOptOut, Notification, Review
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
DIGEST_WEEK = dt.timedelta(days=7)
PERIODIC = {
    "send_review_reminders",
    "send_mentor_digests",
    "send_check_in_nudges",
    "send_slump_heads_ups",
}


def deferrer() -> PeriodicDeferrer:
    registry = PeriodicRegistry()
    registry.periodic_tasks = {
        key: task
        for key, task in app.periodic_registry.periodic_tasks.items()
        if key[0] in PERIODIC
    }
    return PeriodicDeferrer(registry=registry)


def test_the_worker_schedules_daily_and_weekly_mail_with_no_cron():
    clock = deferrer()
    week = MONDAY.timestamp()
    clock.last_defers = {key: int(week) for key in clock.registry.periodic_tasks}
    due = [task.task.name for task, _ in clock.get_previous_tasks(at=week + 7 * 86400)]
    assert {name: due.count(name) for name in PERIODIC} == {
        "send_review_reminders": 7,
        "send_mentor_digests": 1,
        "send_check_in_nudges": 1,
        "send_slump_heads_ups": 7,
    }


def test_each_period_runs_once_however_many_workers_are_up():
    at = int((MONDAY + dt.timedelta(hours=7)).timestamp())
    for _worker in range(3):  # each worker's deferrer wakes up at 07:00 and tries
        clock = deferrer()
        async_to_sync(clock.defer_jobs)(list(clock.get_previous_tasks(at=at + 1)))
    jobs = ProcrastinateJob.objects.filter(task_name="send_mentor_digests")
    assert [job.args["timestamp"] for job in jobs] == [at]
    assert ProcrastinateJob.objects.filter(task_name="send_review_reminders").count() == 1


def done_item(user, key="baseline-git-stash"):
    item = ChecklistItem.objects.get(key=key)
    item_progress_set(user=user, item=item, state="done")
    return item


def waiting_review(days: int):
    mentorship = make_mentorship()
    review = services.review_request(mentorship=mentorship, item=done_item(mentorship.learner))
    Review.objects.filter(pk=review.pk).update(state_since=MONDAY - dt.timedelta(days=days))
    return mentorship


def test_the_reminder_job_uses_its_scheduled_time_and_one_bad_row_stops_nothing():
    first, second = waiting_review(8), waiting_review(8)
    waiting_review(3)  # not yet
    Notification.objects.all().delete()
    queued_before = ProcrastinateJob.objects.count()
    real_render = services.email_render

    def render(**kwargs):
        if kwargs["to"] == first.mentor.email:
            raise ValueError("a broken row")
        return real_render(**kwargs)

    with mock.patch.object(services, "email_render", side_effect=render):
        assert tasks.send_review_reminders(timestamp=int(MONDAY.timestamp())) == 2
    assert set(Notification.objects.filter(kind="reminder").values_list("user", flat=True)) == {
        first.mentor.pk,
        second.mentor.pk,
    }
    deliveries = ProcrastinateJob.objects.order_by("id")[queued_before:]
    assert [job.args["message"]["to"] for job in deliveries] == [[second.mentor.email]]
    # A retry of the same day's job reminds nobody twice.
    assert tasks.send_review_reminders(timestamp=int(MONDAY.timestamp())) == 0


def test_the_reminder_command_counts_a_bad_row_and_goes_on():
    bad, good = waiting_review(30), waiting_review(30)  # due by the real clock too
    real_render = services.email_render

    def render(**kwargs):
        if kwargs["to"] == bad.mentor.email:
            raise ValueError("a broken row")
        return real_render(**kwargs)

    out = io.StringIO()
    with mock.patch.object(services, "email_render", side_effect=render):
        call_command("send_review_reminders", stdout=out)  # exits normally: no exception
    assert out.getvalue().strip() == ("Sent 2 reminders (1 could not be written; see the log).")
    assert Review.objects.filter(mentorship=good, last_reminded_at__isnull=False).exists()


def queries(function, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(**kwargs)
    return len(captured)


def test_reminders_take_the_same_queries_for_2_or_12_people():
    for _ in range(2):
        waiting_review(8)
    few = queries(services.send_reminders, now=MONDAY)
    for _ in range(12):
        waiting_review(8)
    assert queries(services.send_reminders, now=MONDAY + dt.timedelta(days=8)) == few <= 10


def test_digests_take_the_same_queries_for_2_or_12_mentors_and_go_once_a_week():
    for _ in range(2):
        waiting_review(1)
    make_user()  # not a mentor: never looked at
    few = queries(services.send_digests, now=MONDAY)
    assert Notification.objects.filter(kind="digest").count() == 2
    for _ in range(10):
        waiting_review(1)
    many = queries(services.send_digests, now=MONDAY + dt.timedelta(days=7))
    assert many == few <= 20
    assert Notification.objects.filter(kind="digest").count() == 2 + 12
    assert services.send_digests(now=MONDAY + dt.timedelta(days=7, hours=1)).count == 0  # a retry


def test_the_digest_lists_waiting_reviews_and_stuck_mentees():
    mentorship = waiting_review(2)
    behind = make_learner(display_name="Bo", start_date=MONDAY.date() - dt.timedelta(days=200))
    make_mentorship(learner=behind, mentor=mentorship.mentor)
    assert services.send_digests(now=MONDAY).count == 1
    job = ProcrastinateJob.objects.order_by("id").last()
    body = job.args["message"]["body"]
    assert "Waiting on you, oldest first:" in body and "(Ada)" in body
    assert "May be stuck:\n- Bo: no activity for two weeks and behind their plan" in body
    assert job.args["message"]["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mentorship.mentor.email in job.args["message"]["to"]


def test_check_in_nudges_go_after_two_silent_weeks_once_a_week_and_respect_opt_outs():
    today = MONDAY.date()
    silent = make_learner(start_date=today - dt.timedelta(days=60))
    checked_in = make_learner(start_date=today - dt.timedelta(days=60))
    WeeklyCheckIn.objects.create(user=checked_in.user, week_start=today - dt.timedelta(days=7),
                                 hours=10)  # fmt: skip
    opted_out = make_learner(start_date=today - dt.timedelta(days=60))
    EmailOptOut.objects.create(user=opted_out.user, kind="check_in_nudge")
    make_learner(start_date=today + dt.timedelta(days=3))  # has not started
    from apps.learners.models import LearnerProfile

    LearnerProfile.objects.update(created_at=MONDAY - dt.timedelta(days=60))
    WeeklyCheckIn.objects.update(updated_at=MONDAY - dt.timedelta(days=3))

    assert tasks.send_check_in_nudges(timestamp=int(MONDAY.timestamp())) == 2
    nudged = set(Notification.objects.filter(kind="check_in_nudge").values_list("user", flat=True))
    assert nudged == {silent.user.pk, opted_out.user.pk}
    mails = ProcrastinateJob.objects.filter(task_name="deliver_email")
    assert [job.args["message"]["to"] for job in mails] == [[silent.user.email]]
    assert "/check-ins/" in mails[0].args["message"]["body"]
    assert services.send_check_in_nudges(now=MONDAY + dt.timedelta(days=1)).count == 0


def test_a_heads_up_a_week_before_each_slump_month_of_the_learners_own_plan():
    learner = make_learner(bucket="B", hours_per_week=15, start_date=dt.date(2026, 1, 5))
    plan = plan_for(profile=learner, phases=list(Phase.objects.all()),
                    slumps=list(DemoralizingMonth.objects.all()))  # fmt: skip
    month_two = plan.slumps[0]
    assert month_two.arc_month == 2
    week_before = dt.datetime.combine(
        month_two.start_date - dt.timedelta(days=7), dt.time(7, 30), tzinfo=dt.UTC
    )
    assert services.send_slump_heads_ups(now=week_before - dt.timedelta(days=1)).count == 0
    assert tasks.send_slump_heads_ups(timestamp=int(week_before.timestamp())) == 1
    mail = ProcrastinateJob.objects.get(task_name="deliver_email").args["message"]
    assert mail["to"] == [learner.user.email]
    assert "You are. Push through." in mail["body"]  # what the roadmap says to do
    assert "this is too much math/code" in mail["body"]
    assert f"Month {int(month_two.start) + 1} of your plan" in mail["subject"]
    assert services.send_slump_heads_ups(now=week_before + dt.timedelta(days=1)).count == 0  # once


def test_slump_heads_ups_take_the_same_queries_for_2_or_12_learners():
    start = timezone.localdate() - dt.timedelta(days=20)
    for _ in range(2):
        make_learner(start_date=start)
    few = queries(services.send_slump_heads_ups, now=MONDAY)
    for _ in range(10):
        make_learner(start_date=start)
    assert queries(services.send_slump_heads_ups, now=MONDAY) == few


@pytest.mark.parametrize(
    ("send", "every"),
    [(services.send_reminders, dt.timedelta(days=8)), (services.send_digests, DIGEST_WEEK)],
)
def test_each_batch_takes_the_same_queries_whoever_is_in_it(send, every):
    """2, 4 and 6 people in batches of 2: every batch adds the same queries, none per person."""
    counts = []
    for people in [2, 4, 6]:
        while Review.objects.count() < people:
            waiting_review(8)  # a reminder due, and a mentor with a review waiting
        counts.append(queries(send, now=MONDAY + every * len(counts), batch_size=2))
    assert counts[2] - counts[1] == counts[1] - counts[0] <= 15
