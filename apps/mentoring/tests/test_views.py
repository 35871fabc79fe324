import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.checklists.models import ItemProgress
from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.mentoring import services
from apps.mentoring.models import Invitation, MentorNote, Mentorship, Notification, Review
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db

# Queries that read the content, once per content revision and process.
COLD_CONTENT_QUERIES = 10


def done(user, key="baseline-git-stash"):
    item = ChecklistItem.objects.get(key=key)
    item_progress_set(user=user, item=item, state="done")
    return item


@pytest.fixture
def pair():
    learner = make_learner(display_name="Lin Q.")
    mentorship = make_mentorship(learner=learner, mentor=make_user(email="mentor@example.com"))
    review = services.review_request(mentorship=mentorship, item=done(learner.user))
    return mentorship, review


def mentor_urls(mentorship, review):
    learner_id = mentorship.learner_id
    return [
        ("get", reverse("mentoring:mentee", args=[learner_id])),
        ("post", reverse("mentoring:mentee", args=[learner_id])),
        ("get", reverse("mentoring:mentee_export", args=[learner_id])),
        ("get", reverse("mentoring:review", args=[review.pk])),
        ("post", reverse("mentoring:review", args=[review.pk])),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, pair):
    for method, url in mentor_urls(*pair) + [("get", "/mentor/"), ("get", "/mentors/")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["stranger", "revoked", "blocked"])
def test_no_data_for_anyone_but_the_current_mentor(client, pair, who):
    mentorship, review = pair
    if who == "stranger":
        client.force_login(make_user())
    else:
        client.force_login(mentorship.mentor)
        if who == "revoked":
            services.mentorship_end(mentorship=mentorship)
        else:
            services.block(blocker=mentorship.learner, blocked=mentorship.mentor)
    for method, url in mentor_urls(mentorship, review):
        response = getattr(client, method)(url, {"body": "x", "action": "approve"})
        assert response.status_code == 404, (who, url)
    inbox = client.get("/mentor/").content.decode()
    assert "Lin Q." not in inbox
    assert not MentorNote.objects.exists()
    assert Review.objects.get(pk=review.pk).state in {"requested", "withdrawn"}


def test_a_mentor_can_never_change_a_mentees_progress(client, pair):
    mentorship, _ = pair
    client.force_login(mentorship.mentor)
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    client.post(
        reverse("checklists:item", args=[item.key]),
        {"state": "not_started", "user": mentorship.learner_id},
    )
    assert ItemProgress.objects.get(user=mentorship.learner, item=item).state == "done"
    html = client.get(reverse("mentoring:mentee", args=[mentorship.learner_id])).content.decode()
    assert 'class="tick-button"' not in html and "checklists/items" not in html


def test_the_mentor_sees_inbox_mentee_grid_notes_and_export(client, pair):
    mentorship, review = pair
    client.force_login(mentorship.mentor)
    inbox = client.get("/mentor/").content.decode()
    assert "Waiting on you (1)" in inbox and "Lin Q." in inbox
    url = reverse("mentoring:mentee", args=[mentorship.learner_id])
    client.post(url, {"body": "Strong on git; push on papers."})
    page = client.get(url).content.decode()
    assert "Strong on git" in page and "Git baseline" in page
    export = client.get(reverse("mentoring:mentee_export", args=[mentorship.learner_id]))
    assert export["Content-Type"].startswith("text/csv")
    assert "baseline-git" in export.content.decode()
    # Notes are the mentor's alone: the learner never sees them.
    client.force_login(mentorship.learner)
    assert "Strong on git" not in client.get("/mentors/").content.decode()


def test_shared_records_follow_the_learners_choice(client, pair):
    from apps.portfolio.models import Application

    mentorship, _ = pair
    Application.objects.create(
        user=mentorship.learner, company="SharedCo", role="r", applied_on=dt.date.today()
    )
    client.force_login(mentorship.mentor)
    url = reverse("mentoring:mentee", args=[mentorship.learner_id])
    assert "SharedCo" not in client.get(url).content.decode()
    client.force_login(mentorship.learner)
    client.post(reverse("mentoring:sharing", args=[mentorship.pk]), {"shares_job_search": "on"})
    client.force_login(mentorship.mentor)
    assert "SharedCo" in client.get(url).content.decode()


def test_the_mentor_sees_rubric_results_of_shared_records_only(
    client, pair, django_assert_max_num_queries
):
    from apps.portfolio.models import Application, PaperRead, Project

    mentorship, _ = pair
    learner = mentorship.learner
    for n in range(3):
        Application.objects.create(
            user=learner, company=f"Co{n}", role="r", applied_on=dt.date.today(),
            red_flag_keys=["jobs-red-buzzword-salad", "jobs-red-no-stack-mentioned"],
        )  # fmt: skip
        PaperRead.objects.create(user=learner, title=f"Paper {n}", read_on=dt.date.today(),
                                 red_flag_keys=["papers-red-flag-one-seed"])  # fmt: skip
    Project.objects.create(user=learner, slot="product-demo", title="Demo", summary="s",
                           strength_keys=["portfolio-demo-live"])  # fmt: skip
    url = reverse("mentoring:mentee", args=[learner.pk])
    client.force_login(mentorship.mentor)
    html = client.get(url).content.decode()
    assert "skip: 2 red flags" not in html and "Only one seed" not in html
    mentorship.shares_job_search = mentorship.shares_papers = mentorship.shares_portfolio = True
    mentorship.save()
    with django_assert_max_num_queries(30):
        html = client.get(url).content.decode()
    assert "skip: 2 red flags" in html and "Buzzword salad" in html
    assert "Only one seed" in html and "Public footprint" in html


def test_inbox_queries_are_bounded(client, django_assert_max_num_queries):
    mentor = make_user()
    for _ in range(6):
        mentorship = make_mentorship(mentor=mentor)
        services.review_request(mentorship=mentorship, item=done(mentorship.learner))
    client.force_login(mentor)
    # The first request builds what is kept per content revision (when no earlier test has).
    with django_assert_max_num_queries(6 + COLD_CONTENT_QUERIES):
        client.get("/mentor/?sort=name")
    with django_assert_max_num_queries(6):  # the tallies counted the first time are kept
        response = client.get("/mentor/?sort=progress")
    assert response.status_code == 200
    assert len(response.context["mentees"]) == 6
    with django_assert_max_num_queries(5):  # nothing changed: the kept inbox
        client.get("/mentor/?sort=progress")
    for sort in ["name", "phase", "month", "activity", "stuck", "reviews", "bogus"]:
        assert client.get(f"/mentor/?sort={sort}").status_code == 200


def test_stuck_flag_after_two_weeks_without_activity(client):
    mentorship = make_mentorship()
    client.force_login(mentorship.mentor)
    row = client.get("/mentor/").context["mentees"][0]
    assert row.stuck and "no activity" in row.stuck_reason
    done(mentorship.learner)
    assert "no activity" not in client.get("/mentor/").context["mentees"][0].stuck_reason


def test_invitation_pages_explain_expired_and_used_links(client):
    learner = make_learner()
    invitation = services.invitation_create(learner=learner.user, email="m@example.com")
    url = reverse("mentoring:invitation", args=[invitation.token])
    assert "Sign up" in client.get(url).content.decode()
    assert client.post(url)["Location"].startswith("/accounts/login/")
    mentor = make_user(email="m@example.com")
    client.force_login(mentor)
    accept = {"display_name": "Mo", "timezone": "Europe/Berlin", "bio": "ML engineer."}
    assert client.post(url, accept)["Location"] == reverse(
        "mentoring:mentee", args=[learner.user.pk]
    )
    reused = client.get(url)
    assert reused.status_code == 410 and "already been used" in reused.content.decode()
    expired = services.invitation_create(learner=learner.user, email="x@example.com")
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    response = client.get(reverse("mentoring:invitation", args=[expired.token]))
    assert response.status_code == 410 and "has expired" in response.content.decode()
    assert client.get("/invitations/garbage/").status_code == 410


def test_learner_invites_revokes_and_blocks(client):
    learner = make_learner()
    client.force_login(learner.user)
    client.post("/mentors/invite/", {"email": "not an email"})
    assert not Invitation.objects.exists()
    client.post("/mentors/invite/", {"email": "mentor@example.com"})
    invitation = Invitation.objects.get()
    client.post(reverse("mentoring:invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    mentorship = make_mentorship(learner=learner)
    client.post(reverse("mentoring:end", args=[mentorship.pk]), {"block": "1"})
    mentorship.refresh_from_db()
    assert mentorship.ended_at is not None
    other = make_learner()
    theirs = make_mentorship(learner=other)
    assert client.post(reverse("mentoring:end", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("mentoring:sharing", args=[theirs.pk])).status_code == 404


def test_review_request_from_the_page_and_badges(client):
    learner = make_learner()
    mentorship = make_mentorship(learner=learner)
    item = done(learner.user)
    client.force_login(learner.user)
    page = client.get("/roadmap/python-linux-baseline/").content.decode()
    assert "Ask for review" in page
    response = client.post(
        "/reviews/request/",
        {"item": item.key, "mentorship": mentorship.pk, "message": "Please look"},
    )
    review = Review.objects.get()
    assert response["Location"] == reverse("mentoring:review", args=[review.pk])
    services.review_act(review=review, user=mentorship.mentor, action="approve")
    page = client.get("/roadmap/python-linux-baseline/").content.decode()
    assert "Approved by" in page
    other_mentorship = make_mentorship()
    forged = client.post("/reviews/request/", {"item": item.key, "mentorship": other_mentorship.pk})
    assert forged.status_code == 404


def test_bell_and_notifications(client, pair):
    mentorship, review = pair
    client.force_login(mentorship.mentor)
    html = client.get("/dashboard/", follow=True).content.decode()
    assert "Notifications: 1 unread" in html
    notification = Notification.objects.get(user=mentorship.mentor)
    response = client.post("/notifications/read/", {"notification": notification.pk, "open": "1"})
    # The mentor is taken to the item in context, on the mentee's checklist.
    key = review.item.key
    assert (
        response["Location"]
        == reverse("mentoring:mentee", args=[mentorship.learner_id]) + f"?review={key}#item-{key}"
    )
    assert "unread" not in client.get("/notifications/").content.decode().split("<main")[0]
    client.post("/notifications/", {"verdict": "on"})
    assert set(mentorship.mentor.email_opt_outs.values_list("kind", flat=True)) == {
        "invitation",
        "review_request",
        "comment",
        "reminder",
        "digest",
        "check_in_nudge",
        "slump_heads_up",
    }
    stranger_note = Notification.objects.create(user=mentorship.learner, kind="comment", text="x")
    assert (
        client.post("/notifications/read/", {"notification": stranger_note.pk}).status_code == 404
    )


def test_a_mentee_can_have_several_mentors_and_a_mentor_many_mentees(client):
    learner = make_learner()
    first, second = make_mentorship(learner=learner), make_mentorship(learner=learner)
    assert Mentorship.objects.active().filter(learner=learner.user).count() == 2
    client.force_login(learner.user)
    services.mentor_profile_save(
        user=first.mentor, display_name="First Mentor", timezone_name="UTC", bio=""
    )
    html = client.get("/mentors/").content.decode()
    # People by name, never by address: one who chose no name shows as their address's name.
    assert "First Mentor" in html and second.mentor.email.split("@")[0] in html
    assert first.mentor.email not in html and second.mentor.email not in html


def test_a_portfolio_project_can_be_reviewed_and_the_learner_sees_all_reviews(client):
    from apps.portfolio.models import Project

    learner = make_learner()
    mentorship = make_mentorship(learner=learner)
    project = Project.objects.create(user=learner.user, title="Contract QA", summary="s")
    client.force_login(learner.user)
    page = client.get(reverse("portfolio:edit", args=["projects", project.pk])).content.decode()
    assert "Ask a mentor to review this project" in page
    client.post("/reviews/request/", {"project": project.pk, "mentorship": mentorship.pk})
    review = Review.objects.get()
    assert review.project == project and review.subject == "Contract QA"
    assert "Contract QA" in client.get("/mentors/").content.decode()
    theirs = Project.objects.create(user=make_user(), title="Not mine", summary="s")
    assert (
        client.post(
            "/reviews/request/", {"project": theirs.pk, "mentorship": mentorship.pk}
        ).status_code
        == 404
    )


def test_a_mentor_without_a_plan_lands_on_the_inbox(client):
    mentorship = make_mentorship()
    client.force_login(mentorship.mentor)
    assert client.get("/dashboard/")["Location"] == reverse("mentoring:inbox")


def test_the_mentor_sees_the_phase_the_learners_dashboard_shows(client):
    from apps.checklists.services import phase_readiness_set
    from apps.curriculum.models import Phase

    mentorship = make_mentorship()
    phase_readiness_set(
        user=mentorship.learner, phase=Phase.objects.get(key="foundation"), confirmed=True
    )
    client.force_login(mentorship.mentor)
    assert client.get("/mentor/").context["mentees"][0].phase == "Hands-on ML and DL"


def test_one_click_unsubscribe_needs_no_sign_in_and_switches_that_kind_off(client):
    from apps.core.mail import unsubscribe_token
    from apps.mentoring.models import EmailOptOut

    user = make_user()
    url = reverse("mentoring:unsubscribe", args=[unsubscribe_token(user_id=user.pk, kind="digest")])
    page = client.get(url)  # a link scanner opening it unsubscribes nobody
    assert page.status_code == 200 and "Weekly digest for mentors" in page.content.decode()
    assert not EmailOptOut.objects.exists()
    # RFC 8058: the mail client posts this body, with no cookie and no CSRF token.
    csrf_client = Client(enforce_csrf_checks=True)
    done = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "no longer get emails" in done.content.decode()
    assert list(EmailOptOut.objects.values_list("user", "kind")) == [(user.pk, "digest")]
    assert csrf_client.post(url).status_code == 200  # twice is fine
    assert EmailOptOut.objects.count() == 1


def test_a_forged_or_stale_unsubscribe_link_is_a_clear_400(client):
    from apps.core.mail import unsubscribe_token

    forged = reverse("mentoring:unsubscribe", args=["made-up"])
    assert client.get(forged).status_code == 400
    assert "not valid" in client.post(forged).content.decode()
    gone = make_user()
    token = unsubscribe_token(user_id=gone.pk, kind="digest")
    gone.delete()
    response = client.post(reverse("mentoring:unsubscribe", args=[token]))
    assert response.status_code == 400 and "no longer exists" in response.content.decode()


@pytest.mark.parametrize("side", ["learner", "mentor"])
def test_ending_asks_first_and_says_what_will_happen(client, pair, side):
    mentorship, review = pair
    client.force_login(getattr(mentorship, side))
    url = reverse("mentoring:end", args=[mentorship.pk])
    page = client.get(url + "?block=1").content.decode()
    assert "Open reviews between you are withdrawn" in page and "Blocked:" in page
    assert 'name="block" value="1"' in page
    mentorship.refresh_from_db()
    assert mentorship.ended_at is None  # asking changes nothing
    response = client.post(url, {"block": "1"})
    mentorship.refresh_from_db()
    assert mentorship.ended_at is not None and response.status_code == 302
    assert Review.objects.get(pk=review.pk).state == "withdrawn"
    assert client.get(url).status_code == 404
    client.force_login(make_user())
    assert client.get(reverse("mentoring:end", args=[make_mentorship().pk])).status_code == 404


def test_kept_mentor_pages_follow_every_change_and_the_clock(client, pair, monkeypatch):
    from apps.core.kept import CSRF_MARK
    from apps.learners.models import LearnerProfile

    mentorship, review = pair
    client.force_login(mentorship.mentor)
    page_url = reverse("mentoring:mentee", args=[mentorship.learner_id])
    inbox, page = client.get("/mentor/").content.decode(), client.get(page_url).content.decode()
    assert "Waiting on you (1)" in inbox and "Lin Q." in inbox
    assert "1 of " in page and CSRF_MARK not in page and 'name="csrfmiddlewaretoken"' in page
    # The learner's own changes: their records, their name.
    done(mentorship.learner, key="baseline-git-gitignore")
    LearnerProfile.objects.filter(user=mentorship.learner).update(display_name="Lin R.")
    inbox, page = client.get("/mentor/").content.decode(), client.get(page_url).content.decode()
    assert "Lin R." in inbox and "Lin Q." not in inbox
    assert "2 of " in page and "Lin R." in page
    # The mentor's own: a review decided, a note.
    services.review_act(review=review, user=mentorship.mentor, action="approve")
    client.post(page_url, {"body": "Kept notes show up."})
    assert "Waiting on you (0)" in client.get("/mentor/").content.decode()
    assert "Kept notes show up." in client.get(page_url).content.decode()
    # How long a review has waited is drawn again a minute later.
    item = ChecklistItem.objects.get(key="baseline-git-gitignore")
    services.review_request(mentorship=mentorship, item=item)
    assert "Waiting on you (1)" in client.get("/mentor/").content.decode()
    later = timezone.now() + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "<td>3\xa0hours</td>" in client.get("/mentor/").content.decode()
