"""Account deletion leaves nothing personal behind; the export holds everything (issue 10)."""

import json

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Q
from django.test import Client

from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.mentoring import services as mentoring
from apps.mentoring.models import Invitation, Notification, Review
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db
EMAIL = "leaving-person@example.com"
NAME = "Zebulon Quartermain"


def rows_mentioning(*needles: str) -> list[str]:
    """Every row of every table with a text column containing one of ``needles``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        query = Q()
        for field in fields:
            for needle in needles:
                query |= Q(**{f"{field}__icontains": needle})
        for row in model.objects.filter(query):
            found.append(f"{model._meta.label} {row.pk}")
    return found


def _busy_person():
    """Someone who learns, mentors, was invited, commented and was named in notifications."""
    person = make_learner(user=make_user(email=EMAIL), display_name=NAME)
    their_mentor = make_mentorship(learner=person)
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    item_progress_set(user=person.user, item=item, state="done")
    mentoring.review_request(mentorship=their_mentor, item=item, message="mine")
    other = make_learner(display_name="Other")
    mentoring.invitation_create(learner=other.user, email=EMAIL)  # pending, to them
    mentorship = make_mentorship(learner=other, mentor=person.user)
    item_progress_set(user=other.user, item=item, state="done")
    review = mentoring.review_request(mentorship=mentorship, item=item)
    mentoring.review_comment(review=review, user=person.user, body="Looks good")
    mentoring.review_act(review=review, user=person.user, action="approve")
    return person, other, review


def test_deleting_an_account_leaves_no_trace_of_its_email_or_name(client):
    person, other, review = _busy_person()
    assert rows_mentioning(EMAIL, NAME)  # the scan finds them before
    second_device = Client()
    second_device.force_login(person.user)
    client.force_login(person.user)
    response = client.post("/accounts/delete/", {"password": "a-strong-passphrase-42"})
    assert response.status_code == 302
    assert rows_mentioning(EMAIL, NAME) == []
    # Signed in elsewhere too: that session ends as well.
    assert not Session.objects.filter(pk=second_device.cookies["sessionid"].value).exists()
    # What was the other learner's stays theirs, anonymised.
    assert Invitation.objects.filter(learner=other.user).count() == 1
    assert Notification.objects.filter(user=other.user, text__contains="A former member").exists()
    review.refresh_from_db()
    assert review.state == "approved" and review.comments.get().body == "Looks good"


def test_the_export_holds_every_mentoring_record_of_the_person(client):
    person, other, review = _busy_person()
    mentoring.email_preferences_set(user=person.user, opted_out={"digest"})
    client.force_login(person.user)
    data = json.loads(client.get("/profile/export.json").getvalue())
    roles = sorted(m["role"] for m in data["mentorships"])
    assert roles == ["learner", "mentor"]
    assert {r["role"] for r in data["reviews"]} == {"learner", "mentor"}
    as_mentor = next(r for r in data["reviews"] if r["role"] == "mentor")
    assert as_mentor["comments"][0] == as_mentor["comments"][0] | {
        "by": "you",
        "body": "Looks good",
    }
    assert [h["state"] for h in as_mentor["history"]] == ["requested", "approved"]
    assert data["invitations_received"][0]["from"] == "Other"
    assert data["notifications"] and data["emails_wanted"]["digest"] is False
    assert next(r for r in data["reviews"] if r["role"] == "learner")["message"] == "mine"
    rows = client.get("/profile/export.csv").getvalue().decode()
    for record in ["mentorship", "review", "review_comment", "review_history",
                   "invitation_received", "notification", "email_preference"]:  # fmt: skip
        assert f"\n{record}," in rows, record
    assert Review.objects.count() == 2
