"""Regressions from the hostile-user review (issue 10): invitations belong to their invitee,
invitations cannot send spam, subjects cannot inject headers, bad ids and limits are 4xx,
and a deleted mentor leaves the learner's reviews in place."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from apps.mentoring import services
from apps.mentoring.models import (
    Invitation,
    MentorNote,
    Mentorship,
    Notification,
    Review,
    ReviewComment,
)
from apps.portfolio.models import Project
from tests.factories import make_learner, make_mentorship, make_user

from .test_views import done

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    learner = make_learner(display_name="Lin Q.")
    return services.invitation_create(learner=learner.user, email="invitee@example.com")


def test_someone_holding_the_link_cannot_accept_an_invitation_for_another_address(
    client, invitation
):
    intruder = make_user(email="intruder@example.com")
    client.force_login(intruder)
    url = reverse("mentoring:invitation", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 403
    html = page.content.decode()
    assert "This invitation is for someone else" in html and "invitee@example.com" in html
    assert "Sign out and sign in as invitee@example.com" in html
    response = client.post(url)
    assert response.status_code == 403
    assert not Mentorship.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    with pytest.raises(services.MentoringError, match="invitee@example.com"):
        services.invitation_accept(token=invitation.token, user=intruder)


def test_an_unverified_address_does_not_make_you_the_invitee(client, invitation):
    user = make_learner(user=make_user(email="other@example.com")).user
    EmailAddress.objects.create(user=user, email="invitee@example.com", verified=False)
    client.force_login(user)
    assert client.post(reverse("mentoring:invitation", args=[invitation.token])).status_code == 403
    EmailAddress.objects.filter(email="invitee@example.com").update(verified=True)
    response = client.post(reverse("mentoring:invitation", args=[invitation.token]))
    assert response.status_code == 302
    assert Mentorship.objects.get().mentor == user


def test_invitations_are_rate_limited_per_address_and_per_learner(client, deliver_mail):
    learner = make_learner()
    client.force_login(learner.user)
    statuses = [
        client.post("/mentors/invite/", {"email": "same@example.com"}).status_code for _ in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(deliver_mail()) == 3
    page = client.post("/mentors/invite/", {"email": "same@example.com"})
    assert "Please wait before sending more" in page.content.decode()
    statuses = [
        client.post("/mentors/invite/", {"email": f"m{n}@example.com"}).status_code
        for n in range(10)
    ]
    assert statuses.count(302) == 7 and statuses[-1] == 429  # 10 an hour in all
    assert Invitation.objects.count() == 10


def test_the_invitation_email_shows_the_learners_name_as_plain_text_beside_the_sites(
    deliver_mail,
):
    learner = make_learner(display_name="Win a prize\r\nBcc: victim@example.com <b>now</b>")
    services.invitation_create(learner=learner.user, email="m@example.com")
    (message,) = deliver_mail()
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.startswith('[Roadmap] A Roadmap learner, "Win a prize Bcc:')
    assert message.message().get("Bcc") is None
    html = message.alternatives[0][0]
    assert "<b>now</b>" not in html and "&lt;b&gt;now&lt;/b&gt;" in html


def test_a_line_break_in_a_project_title_does_not_break_the_request_or_the_mail(
    client, deliver_mail
):
    learner = make_learner()
    mentorship = make_mentorship(learner=learner)
    project = Project.objects.create(user=learner.user, title="Line one\nBcc: x@example.com")
    client.force_login(learner.user)
    response = client.post(
        "/reviews/request/", {"mentorship": mentorship.pk, "project": project.pk}
    )
    assert response.status_code == 302
    assert Review.objects.count() == 1
    (message,) = deliver_mail()
    assert "\n" not in message.subject


@pytest.mark.parametrize(
    "data",
    [
        {"mentorship": "abc", "item": "baseline-git-stash"},
        {"mentorship": "1", "project": "abc"},
        {"mentorship": "99999999999999999999999", "item": "baseline-git-stash"},
        {"mentorship": "-1", "item": "baseline-git-stash"},
    ],
)
def test_malformed_ids_in_a_review_request_are_404s(client, data):
    learner = make_learner()
    make_mentorship(learner=learner)
    client.force_login(learner.user)
    assert client.post("/reviews/request/", data).status_code == 404


def test_a_malformed_notification_id_is_a_404(client):
    client.force_login(make_user())
    response = client.post("/notifications/read/", {"notification": "abc"})
    assert response.status_code == 404


def test_a_next_that_is_not_a_path_falls_back_on_review_request(client):
    learner = make_learner()
    mentorship = make_mentorship(learner=learner)
    client.force_login(learner.user)
    response = client.post(
        "/reviews/request/",
        {"mentorship": mentorship.pk, "item": "baseline-git-stash", "next": "evil"},
    )  # the item is not done: the request is refused and sent back
    assert response.status_code == 302
    assert response["Location"].startswith("/roadmap/python-linux-baseline/")


def test_documented_length_limits_hold_on_the_server(client):
    learner = make_learner()
    mentorship = make_mentorship(learner=learner)
    item = done(learner.user)
    client.force_login(learner.user)
    client.post(
        "/reviews/request/", {"mentorship": mentorship.pk, "item": item.key, "message": "m" * 2001}
    )
    assert not Review.objects.exists()
    review = services.review_request(mentorship=mentorship, item=item, message="m" * 2000)
    client.post(reverse("mentoring:review", args=[review.pk]), {"body": "c" * 5001})
    assert not ReviewComment.objects.exists()
    client.post(
        reverse("mentoring:review", args=[review.pk]), {"action": "withdraw", "body": "c" * 5001}
    )
    review.refresh_from_db()
    assert review.state == "requested" and not ReviewComment.objects.exists()
    client.force_login(mentorship.mentor)
    response = client.post(
        reverse("mentoring:mentee", args=[learner.user.pk]), {"body": "n" * 5001}, follow=True
    )
    assert "at most 5000 characters" in response.content.decode()
    assert not MentorNote.objects.exists()
    client.post(reverse("mentoring:mentee", args=[learner.user.pk]), {"body": "n" * 5000})
    assert MentorNote.objects.count() == 1


def test_deleting_a_mentor_keeps_the_learners_reviews_with_a_former_mentor(client):
    learner = make_learner()
    mentor = make_user(email="gone@example.com")
    mentorship = make_mentorship(learner=learner, mentor=mentor)
    review = services.review_request(mentorship=mentorship, item=done(learner.user))
    services.review_act(review=review, user=mentor, action="request_changes", comment="Add tests")
    client.force_login(mentor)
    client.post(reverse("accounts:delete"), {"password": "a-strong-passphrase-42"})
    review.refresh_from_db()
    assert review.state == "withdrawn"  # nobody is left to act on it
    assert ReviewComment.objects.get().body == "Add tests"
    assert review.history.count() == 3
    client.force_login(learner.user)
    page = client.get(reverse("mentoring:review", args=[review.pk])).content.decode()
    assert "a former mentor" in page and "A former mentor" in page and "Add tests" in page
    assert "gone@example.com" not in page
    assert "a former mentor" in client.get("/mentors/").content.decode()


def test_a_name_with_a_line_break_never_leaves_a_half_saved_state(client, deliver_mail):
    """Subjects are built by one sanitiser, so a newline anywhere cannot fail after commit."""
    learner = make_learner(display_name="Evil\nName")
    mentorship = make_mentorship(learner=learner)
    client.force_login(learner.user)
    item = done(learner.user)
    response = client.post("/reviews/request/", {"mentorship": mentorship.pk, "item": item.key})
    assert response.status_code == 302
    assert Notification.objects.filter(user=mentorship.mentor).count() == 1
    sent = deliver_mail()
    assert sent and all("\n" not in m.subject for m in sent)
