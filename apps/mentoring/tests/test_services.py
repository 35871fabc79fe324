import datetime as dt

import pytest
from django.utils import timezone

from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.mentoring import services
from apps.mentoring.models import (
    EmailOptOut,
    Invitation,
    Mentorship,
    Notification,
    Review,
    ReviewComment,
)
from apps.mentoring.services import MentoringError
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db


def done_item(user, key="baseline-git-stash"):
    item = ChecklistItem.objects.get(key=key)
    item_progress_set(user=user, item=item, state="done")
    return item


def test_invitation_is_single_use_and_expires(deliver_mail):
    learner = make_learner()
    invitation = services.invitation_create(learner=learner.user, email="Mentor@Example.com")
    assert invitation.email == "mentor@example.com"
    outbox = deliver_mail()
    assert len(outbox) == 1 and invitation.token in outbox[0].body

    mentor = make_user(email="mentor@example.com")
    mentorship = services.invitation_accept(token=invitation.token, user=mentor)
    assert mentorship.learner == learner.user and mentorship.mentor == mentor
    with pytest.raises(MentoringError, match="already been used"):
        services.invitation_accept(token=invitation.token, user=make_user())

    old = services.invitation_create(learner=learner.user, email="late@example.com")
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(MentoringError, match="expired"):
        services.invitation_accept(token=old.token, user=make_user())
    with pytest.raises(MentoringError, match="not valid"):
        services.invitation_accept(token="nope", user=mentor)


def test_invitations_expire_after_14_days():
    invitation = services.invitation_create(learner=make_user(), email="m@example.com")
    delta = invitation.expires_at - invitation.created_at
    assert dt.timedelta(days=13, hours=23) < delta <= dt.timedelta(days=14, seconds=1)


def test_self_and_blocked_invitations_are_refused():
    learner, mentor = make_user(email="l@example.com"), make_user(email="m@example.com")
    with pytest.raises(MentoringError, match="own mentor"):
        services.invitation_create(learner=learner, email="L@example.com")
    services.block(blocker=mentor, blocked=learner)
    with pytest.raises(MentoringError, match="cannot invite"):
        services.invitation_create(learner=learner, email="m@example.com")


def test_blocking_ends_the_mentorship_and_revokes_pending_invitations():
    mentorship = make_mentorship()
    pending = services.invitation_create(learner=mentorship.learner, email="other@example.com")
    services.block(blocker=mentorship.learner, blocked=mentorship.mentor)
    mentorship.refresh_from_db()
    assert mentorship.ended_at is not None
    pending.refresh_from_db()
    assert pending.revoked_at is None  # a different person's invitation stays


def test_review_turns_and_history(deliver_mail):
    mentorship = make_mentorship()
    learner, mentor = mentorship.learner, mentorship.mentor
    item = done_item(learner)
    review = services.review_request(mentorship=mentorship, item=item, message="Look?")
    assert review.state == "requested" and review.waiting_on_mentor
    assert Notification.objects.filter(user=mentor, kind="review_request").exists()
    assert deliver_mail()[-1].to == [mentor.email]

    with pytest.raises(MentoringError, match="write a comment"):
        services.review_act(review=review, user=mentor, action="request_changes")
    with pytest.raises(MentoringError, match="not yours"):
        services.review_act(review=review, user=learner, action="approve")
    services.review_act(review=review, user=mentor, action="request_changes", comment="Add a test")
    review.refresh_from_db()
    assert review.state == "changes_requested" and review.state_by == mentor
    comment = ReviewComment.objects.get()
    assert comment.state == "requested" and comment.author == mentor

    with pytest.raises(MentoringError, match="not possible now"):
        services.review_act(review=review, user=mentor, action="approve")
    services.review_act(review=review, user=learner, action="resubmit")
    services.review_act(review=review, user=mentor, action="approve")
    review.refresh_from_db()
    assert review.state == "approved"
    assert [h.state for h in review.history.all()] == [
        "requested",
        "changes_requested",
        "resubmitted",
        "approved",
    ]
    # The review never gates the learner: the item stays done throughout.
    assert learner.item_progress.get(item=item).state == "done"


def test_review_needs_a_done_item_and_one_open_review_at_a_time():
    mentorship = make_mentorship()
    item = ChecklistItem.objects.get(key="papers-dpo")
    with pytest.raises(MentoringError, match="Mark the item done"):
        services.review_request(mentorship=mentorship, item=item)
    done_item(mentorship.learner, "papers-dpo")
    services.review_request(mentorship=mentorship, item=item)
    with pytest.raises(MentoringError, match="already open"):
        services.review_request(mentorship=mentorship, item=item)


def test_ending_withdraws_open_reviews():
    mentorship = make_mentorship()
    review = services.review_request(mentorship=mentorship, item=done_item(mentorship.learner))
    services.mentorship_end(mentorship=mentorship)
    review.refresh_from_db()
    assert review.state == "withdrawn"


def test_email_opt_outs_are_per_kind(deliver_mail):
    mentorship = make_mentorship()
    EmailOptOut.objects.create(user=mentorship.mentor, kind="review_request")
    review = services.review_request(mentorship=mentorship, item=done_item(mentorship.learner))
    assert deliver_mail() == []
    assert Notification.objects.filter(user=mentorship.mentor).count() == 1  # in-app still
    services.review_comment(review=review, user=mentorship.mentor, body="Nice")
    assert [m.to for m in deliver_mail()] == [[mentorship.learner.email]]


def test_reminders_go_to_whoevers_turn_it_is_after_seven_days():
    mentorship = make_mentorship()
    review = services.review_request(mentorship=mentorship, item=done_item(mentorship.learner))
    assert services.send_reminders().count == 0
    Review.objects.filter(pk=review.pk).update(state_since=timezone.now() - dt.timedelta(days=8))
    assert services.send_reminders().count == 1
    assert Notification.objects.filter(user=mentorship.mentor, kind="reminder").exists()
    assert services.send_reminders().count == 0  # not again the same week

    services.review_act(
        review=review, user=mentorship.mentor, action="request_changes", comment="Fix"
    )
    Review.objects.filter(pk=review.pk).update(state_since=timezone.now() - dt.timedelta(days=8))
    assert services.send_reminders().count == 1
    assert Notification.objects.filter(user=mentorship.learner, kind="reminder").exists()


def test_digest_command_mails_mentors_with_something_to_say(deliver_mail):
    from django.core.management import call_command

    busy = make_mentorship()
    services.review_request(mentorship=busy, item=done_item(busy.learner))
    deliver_mail().clear()
    call_command("send_mentor_digest")
    assert any(busy.mentor.email in m.to for m in deliver_mail())
    assert Notification.objects.filter(user=busy.mentor, kind="digest").exists()


def test_accepting_twice_does_not_duplicate_the_relationship():
    learner, mentor = make_user(), make_user(email="m2@example.com")
    first = services.invitation_create(learner=learner, email=mentor.email)
    services.invitation_accept(token=first.token, user=mentor)
    with pytest.raises(MentoringError, match="already your mentor"):
        services.invitation_create(learner=learner, email=mentor.email)
    assert Mentorship.objects.filter(learner=learner, mentor=mentor).count() == 1
