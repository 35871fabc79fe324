"""Roles decide the way in: learner, mentor, editor, or several."""

import pytest
from django.urls import reverse

from apps.mentoring import services
from apps.mentoring.models import MentorProfile
from tests.factories import make_editor, make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db


def nav(client) -> str:
    html = client.get(reverse("curriculum:roadmap")).content.decode()
    return html.split('<nav aria-label="Main">')[1].split("</nav>")[0]


def test_an_invitee_is_asked_only_what_a_mentor_needs(client):
    learner = make_learner(display_name="Lin Q.")
    invitation = services.invitation_create(learner=learner.user, email="mo@example.com")
    mentor = make_user(email="mo@example.com")
    client.force_login(mentor)
    url = reverse("mentoring:invitation", args=[invitation.token])
    page = client.get(url).content.decode()
    assert "Display name" in page and "Time zone" in page and "Short bio" in page
    assert "bucket" not in page.lower() and "hours per week" not in page.lower()

    missing = client.post(url, {"display_name": " ", "timezone": "Mars/Base", "bio": ""})
    assert missing.status_code == 400
    assert "Choose a display name." in missing.content.decode()
    assert not MentorProfile.objects.exists() and invitation.learner.mentorships.count() == 0

    response = client.post(
        url, {"display_name": "Mo", "timezone": "Asia/Tokyo", "bio": "Ten years of MLOps."}
    )
    assert response["Location"] == reverse("mentoring:mentee", args=[learner.user.pk])
    assert MentorProfile.objects.get(user=mentor).timezone == "Asia/Tokyo"
    assert client.session["learner_timezone"] == "Asia/Tokyo"
    # Their home is the mentees page, never a learner's onboarding.
    assert client.get("/dashboard/")["Location"] == reverse("mentoring:inbox")
    # The learner sees the mentor by name, with the bio, and not by address.
    client.force_login(learner.user)
    mentors = client.get(reverse("mentoring:mentors")).content.decode()
    assert "Mo" in mentors and "Ten years of MLOps." in mentors


def test_someone_with_a_plan_accepts_in_one_click(client):
    learner = make_learner()
    invitation = services.invitation_create(learner=learner.user, email="both@example.com")
    both = make_learner(make_user(email="both@example.com"), display_name="Both")
    client.force_login(both.user)
    assert (
        "Display name"
        not in client.get(reverse("mentoring:invitation", args=[invitation.token])).content.decode()
    )
    client.post(reverse("mentoring:invitation", args=[invitation.token]))
    assert learner.user.mentorships.get().mentor == both.user


def test_navigation_follows_the_roles(client):
    learner = make_learner()
    client.force_login(learner.user)
    links = nav(client)
    assert "Dashboard" in links and "Mentors" in links
    assert "Mentees" not in links and "Edit content" not in links

    mentorship = make_mentorship()
    client.force_login(mentorship.mentor)
    links = nav(client)
    assert "Mentees" in links and "Dashboard" not in links and "Progress" not in links
    assert reverse("mentoring:profile") in links

    assert client.get(reverse("learners:profile"))["Location"] == reverse("mentoring:profile")

    editor = make_editor()
    client.force_login(editor)
    links = nav(client)
    assert "Edit content" in links and "Mentees" not in links
    assert client.get("/dashboard/")["Location"] == reverse("admin:index")
    assert client.get(reverse("learners:profile"))["Location"] == reverse("mentoring:profile")

    # Several roles at once: a learner who mentors sees both sides and the inbox count.
    make_mentorship(mentor=learner.user)
    client.force_login(learner.user)
    links = nav(client)
    assert "Dashboard" in links and "Mentors" in links and "Mentees" in links


def test_the_inbox_count_is_in_the_navigation(client):
    from apps.checklists.services import item_progress_set
    from apps.curriculum.models import ChecklistItem

    mentorship = make_mentorship()
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    item_progress_set(user=mentorship.learner, item=item, state="done")
    services.review_request(mentorship=mentorship, item=item)
    client.force_login(mentorship.mentor)
    assert '1<span class="visually-hidden"> waiting on you</span>' in nav(client)


def test_a_mentor_edits_their_profile_and_can_become_a_learner(client):
    mentorship = make_mentorship()
    client.force_login(mentorship.mentor)
    page = client.get(reverse("mentoring:profile")).content.decode()
    assert "Start my own plan" in page
    bad = client.post(reverse("mentoring:profile"), {"display_name": "", "timezone": "UTC"})
    assert bad.status_code == 400
    client.post(
        reverse("mentoring:profile"),
        {"display_name": "Mo", "timezone": "America/Lima", "bio": "Hi"},
    )
    assert MentorProfile.objects.get(user=mentorship.mentor).display_name == "Mo"
    assert client.get(reverse("learners:onboarding")).status_code == 200


def test_a_mentor_signs_in_to_their_own_time_zone(client):
    mentor = make_user(email="tz@example.com")
    services.mentor_profile_save(
        user=mentor, display_name="Tz", timezone_name="Pacific/Auckland", bio=""
    )
    client.post(
        reverse("account_login"), {"login": "tz@example.com", "password": "a-strong-passphrase-42"}
    )
    assert client.session["learner_timezone"] == "Pacific/Auckland"


def test_an_invitee_who_signs_in_later_goes_back_to_the_invitation(client):
    learner = make_learner()
    invitation = services.invitation_create(learner=learner.user, email="later@example.com")
    client.force_login(make_user(email="later@example.com"))
    invitation_url = reverse("mentoring:invitation", args=[invitation.token])
    assert client.get("/dashboard/")["Location"] == invitation_url
    assert client.get(reverse("learners:profile"))["Location"] == reverse("learners:onboarding")
    services.invitation_revoke(invitation=invitation)
    assert client.get("/dashboard/")["Location"] == reverse("learners:onboarding")
