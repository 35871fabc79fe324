"""Mail leaves through the job queue: requests never wait on SMTP nor fail because of it."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.jobs import Job

from apps.core.mail import (
    email_render,
    message_from_payload,
    message_payload,
    unsubscribe_claim,
    unsubscribe_token,
)
from apps.core.tasks import EmailRetry
from tests.factories import make_learner, make_user
from tests.jobs import run_queued_jobs
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(settings):
    """Mail goes to a real SMTP server on this machine that is not running yet."""
    sink = SmtpSink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 5
    yield sink
    sink.stop()


def time_passes() -> None:
    """Make the retries that are scheduled later due now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET scheduled_at = now() - interval '1 second' "
            "WHERE status = 'todo'"
        )


def test_a_message_survives_the_trip_through_the_queue():
    message = email_render(
        to="someone@example.com",
        template="notification",
        context={"text": "Line one\nline two", "link": "http://x/y", "kind": "Comments"},
        unsubscribe_url="http://testserver/email/unsubscribe/abc/",
    )
    copy = message_from_payload(message_payload(message))
    assert copy.subject == "[Roadmap] Line one line two"  # one line: no header injection
    assert copy.to == ["someone@example.com"] and copy.body == message.body
    assert copy.alternatives[0][1] == "text/html" and "Line one" in copy.alternatives[0][0]
    sent = copy.message()
    assert sent["List-Unsubscribe"] == "<http://testserver/email/unsubscribe/abc/>"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_transactional_mail_has_no_unsubscribe_header():
    message = email_render(
        to="a@example.com",
        template="invitation",
        context={
            "inviter": "Lin",
            "inviter_email": "lin@example.com",
            "link": "http://x/i/t/",
            "expires_at": dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.UTC),
        },  # fmt: skip
    )
    assert "List-Unsubscribe" not in message.message()


def test_unsubscribe_tokens_are_signed():
    token = unsubscribe_token(user_id=7, kind="digest")
    assert unsubscribe_claim(token) == (7, "digest")
    assert unsubscribe_claim(token[:-2] + "xx") is None
    assert unsubscribe_claim("not-a-token") is None


def test_five_tries_over_about_an_hour_then_failed():
    strategy = EmailRetry()
    waits = []
    for attempts in range(10):
        decision = strategy.get_retry_decision(
            exception=OSError("refused"),
            job=Job(
                id=1,
                queue="email",
                lock=None,
                queueing_lock=None,
                task_name="deliver_email",
                task_kwargs={},
                attempts=attempts,
            ),  # fmt: skip
        )
        if decision is None:
            break
        waits.append(decision.retry_at)
    assert len(waits) == 4  # the first try and four retries
    assert [round((at - dt.datetime.now(dt.UTC)).total_seconds() / 10) * 10 for at in waits] == [
        60,
        300,
        900,
        2400,
    ]


def test_signing_up_inviting_and_resetting_succeed_with_smtp_down_and_mail_arrives_later(
    client, smtp_down
):
    started = time.monotonic()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a-strong-passphrase-42",
            "password2": "a-strong-passphrase-42",
        },  # fmt: skip
    )
    assert response.status_code == 302
    learner = make_learner()
    client.force_login(learner.user)
    response = client.post(reverse("mentoring:invite"), {"email": "mentor@example.com"})
    assert response.status_code == 302
    client.logout()
    make_user(email="forgot@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "forgot@example.com"})
    assert response.status_code == 302
    assert time.monotonic() - started < 5  # nobody waited on the dead SMTP server

    assert run_queued_jobs() == [("deliver_email", "retry")] * 3
    assert smtp_down.received() == []

    smtp_down.start()  # SMTP is back
    time_passes()
    assert run_queued_jobs() == [("deliver_email", "succeeded")] * 3
    by_recipient = {m["To"]: m for m in smtp_down.received()}
    assert set(by_recipient) == {"new@example.com", "mentor@example.com", "forgot@example.com"}
    assert "/accounts/confirm-email/" in by_recipient["new@example.com"].get_payload()
    invitation = by_recipient["mentor@example.com"]
    text = invitation.get_payload()[0].get_payload()
    assert invitation["Subject"] == '[Roadmap] A Roadmap learner, "Ada", invites you to be their mentor'
    assert "/invitations/" in text and "expires on" in text
    assert "/accounts/password/reset/key/" in by_recipient["forgot@example.com"].get_payload()


def test_a_mail_that_never_goes_out_is_failed_and_listed_in_the_admin(smtp_down, admin_client):
    learner = make_learner()
    from apps.mentoring.services import invitation_create

    invitation_create(learner=learner.user, email="nobody@example.com")
    outcomes = []
    for _ in range(6):
        outcomes += run_queued_jobs()
        time_passes()
    assert outcomes == [("deliver_email", "retry")] * 4 + [("deliver_email", "failed")]
    job = ProcrastinateJob.objects.get(task_name="deliver_email")
    assert job.status == "failed" and job.attempts == 5
    page = admin_client.get("/admin/procrastinate/procrastinatejob/?status=failed")
    assert page.status_code == 200 and "deliver_email" in page.content.decode()
