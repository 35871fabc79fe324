"""The mentee page: the mentee's own checklist, read-only, with review in context."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.checklists.models import ItemProgress
from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.mentoring import services
from apps.mentoring.models import Notification, Review
from apps.portfolio.models import PaperRead
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db
STASH = "baseline-git-stash"

# Queries that read the content, once per content revision and process.
COLD_CONTENT_QUERIES = 37


def tick(user, key=STASH, state="done", **fields):
    item = ChecklistItem.objects.get(key=key)
    item_progress_set(user=user, item=item, state=state, **fields)
    return item


@pytest.fixture
def mentorship():
    learner = make_learner(display_name="Lin Q.")
    return make_mentorship(learner=learner, mentor=make_user(email="mo@example.com"))


def mentee_url(mentorship, query=""):
    return reverse("mentoring:mentee", args=[mentorship.learner_id]) + query


def test_the_mentee_page_is_their_checklist_with_states_dates_and_evidence(client, mentorship):
    tick(mentorship.learner, evidence_url="https://github.com/lin/stash-demo")
    client.force_login(mentorship.mentor)
    html = client.get(mentee_url(mentorship)).content.decode()
    stash = html.split('id="item-baseline-git-stash"')[1].split("</li>")[0]
    assert "stash, stash pop" in stash and "Done" in stash
    assert f"done {timezone.localdate():%-d %b %Y}" in stash
    assert 'href="https://github.com/lin/stash-demo"' in stash
    assert "<details" in html and "<progress" in html
    # Roadmap order: phases, then pages by number.
    assert html.index("Foundation") < html.index("Hands-on ML and DL")
    assert html.index("Git baseline") < html.index("Hands-on ML and DL")
    # Read-only: nothing on it changes the learner's progress.
    assert "checklists/items" not in html and "tick-button" not in html


def test_filters_find_what_needs_the_mentor(client, mentorship):
    learner = mentorship.learner
    tick(learner)  # done, not reviewed
    changes = tick(learner, "baseline-git-branch-merge-rebase")
    review = services.review_request(mentorship=mentorship, item=changes)
    services.review_act(review=review, user=mentorship.mentor, action="request_changes",
                        comment="Show a merge conflict resolved.")  # fmt: skip
    stalled = tick(learner, "baseline-git-resolve-conflicts", state="in_progress")
    ItemProgress.objects.filter(user=learner, item=stalled).update(
        started_at=timezone.now() - dt.timedelta(weeks=4)
    )
    tick(learner, "baseline-git-gitignore", state="in_progress")  # recent: not stalled
    client.force_login(mentorship.mentor)

    def shown(query):
        page = client.get(mentee_url(mentorship, query)).context["page"]
        return {r.item.key for p in page.phases for b in p.pages for c in b.checklists
                for r in c.rows}  # fmt: skip

    assert shown("?filter=unreviewed") == {STASH}
    assert shown("?filter=changes") == {"baseline-git-branch-merge-rebase"}
    assert shown("?filter=stalled") == {"baseline-git-resolve-conflicts"}
    page = client.get(mentee_url(mentorship, "?filter=bogus")).context["page"]
    assert page.filter == "" and page.counts == {"unreviewed": 1, "changes": 1, "stalled": 1}


def test_notes_are_private_unless_shared_and_gone_when_the_mentorship_ends(client, mentorship):
    tick(mentorship.learner, note="I got confused by stash apply vs pop.")
    client.force_login(mentorship.mentor)
    assert not mentorship.shares_notes  # off by default
    assert "stash apply vs pop" not in client.get(mentee_url(mentorship)).content.decode()
    assert (
        "stash apply vs pop"
        not in client.get(
            reverse("mentoring:mentee_export", args=[mentorship.learner_id])
        ).content.decode()
    )

    client.force_login(mentorship.learner)
    client.post(reverse("mentoring:sharing", args=[mentorship.pk]), {"shares_notes": "on"})
    client.force_login(mentorship.mentor)
    assert "stash apply vs pop" in client.get(mentee_url(mentorship)).content.decode()
    # Only the mentor it is shared with.
    other = make_mentorship(learner=mentorship.learner)
    client.force_login(other.mentor)
    assert (
        "stash apply vs pop"
        not in client.get(
            reverse("mentoring:mentee", args=[mentorship.learner_id])
        ).content.decode()
    )

    services.mentorship_end(mentorship=mentorship)
    client.force_login(mentorship.mentor)
    assert client.get(mentee_url(mentorship)).status_code == 404
    assert (
        client.get(
            reverse("mentoring:item_review", args=[mentorship.learner_id, STASH]),
            headers={"HX-Request": "true"},
        ).status_code
        == 404
    )
    # Invited again later, the mentor starts from the default: notes private.
    make_mentorship(learner=mentorship.learner, mentor=mentorship.mentor)
    assert "stash apply vs pop" not in client.get(mentee_url(mentorship)).content.decode()


def test_review_in_context_with_htmx(client, mentorship):
    item = tick(mentorship.learner, evidence_url="https://example.com/e")
    review = services.review_request(mentorship=mentorship, item=item)
    client.force_login(mentorship.mentor)
    url = reverse("mentoring:item_review", args=[mentorship.learner_id, item.key])
    htmx = {"HX-Request": "true"}
    panel = client.get(url, headers=htmx)
    html = panel.content.decode()
    assert panel.status_code == 200 and "<html" not in html
    assert 'id="item-baseline-git-stash"' in html and "Request changes" in html

    empty = client.post(url, {"action": "request_changes", "body": ""}, headers=htmx)
    assert empty.status_code == 422 and "Say what should change" in empty.content.decode()

    done = client.post(url, {"action": "request_changes", "body": "Use -m."}, headers=htmx)
    html = done.content.decode()
    assert "Changes requested. Lin Q. is notified and can resubmit." in html
    assert 'role="status"' in html and "Use -m." in html
    review.refresh_from_db()
    assert review.state == "changes_requested"
    closed = client.get(url + "?close=1", headers=htmx).content.decode()
    assert 'id="item-baseline-git-stash"' in closed and "review-panel" not in closed
    assert Notification.objects.filter(user=mentorship.learner, kind="verdict").exists()


def test_review_in_context_without_javascript(client, mentorship):
    item = tick(mentorship.learner)
    client.force_login(mentorship.mentor)
    url = reverse("mentoring:item_review", args=[mentorship.learner_id, item.key])
    # The link opens the mentee page with the panel open at the item.
    target = client.get(url)["Location"]
    assert target == mentee_url(mentorship, f"?review={item.key}#item-{item.key}")
    html = client.get(target).content.decode()
    assert 'id="review-baseline-git-stash"' in html and "Approve" in html
    # Unasked, the mentor may still approve a done item.
    response = client.post(url, {"action": "approve"})
    assert response["Location"] == target
    page = client.get(target).content.decode()
    assert "Approved. Lin Q. is notified." in page
    assert Review.objects.get(item=item).state == "approved"
    # The learner sees it on their own item, and is not offered "Ask for review" again.
    client.force_login(mentorship.learner)
    own = client.get("/roadmap/python-linux-baseline/").content.decode()
    stash = own.split('id="item-baseline-git-stash"')[1].split("</li>")[0]
    assert "Approved by mo" in stash and "Ask for review" not in stash


def test_only_done_items_get_an_unasked_verdict(client, mentorship):
    tick(mentorship.learner, state="in_progress")
    client.force_login(mentorship.mentor)
    url = reverse("mentoring:item_review", args=[mentorship.learner_id, STASH])
    page = client.post(url, {"action": "approve"}, follow=True).content.decode()
    assert not Review.objects.exists()
    assert "Only items the learner marked done can be reviewed." in page
    refused = client.post(url, {"action": "comment", "body": "hi"}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "Nothing to comment on yet" in refused.content.decode()
    assert 'role="alert"' in refused.content.decode()


@pytest.mark.parametrize("mentees", [1, 50])
def test_mentee_page_queries_are_bounded(client, django_assert_max_num_queries, mentees):
    mentor = make_user()
    mentorships = [make_mentorship(mentor=mentor) for _ in range(mentees)]
    target = mentorships[-1]
    target.shares_notes = target.shares_portfolio = target.shares_papers = True
    target.shares_job_search = True
    target.save()
    for key in [STASH, "baseline-git-branch-merge-rebase", "baseline-git-resolve-conflicts"]:
        item = tick(target.learner, key, note="n")
        services.review_request(mentorship=target, item=item)
    review = Review.objects.filter(mentorship=target).first()
    services.review_comment(review=review, user=mentor, body="ok")
    client.force_login(mentor)
    # The first request builds what is kept per content revision (when no earlier test has).
    with django_assert_max_num_queries(10 + COLD_CONTENT_QUERIES):
        client.get(reverse("mentoring:mentee", args=[target.learner_id]) + "?filter=all")
    # The shared records are read (four queries) only when their rows changed.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("mentoring:mentee", args=[target.learner_id]))
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        client.get(reverse("mentoring:mentee", args=[target.learner_id]) + "?filter=unreviewed")
    with django_assert_max_num_queries(8):  # the open review's thread: two more
        client.get(reverse("mentoring:mentee", args=[target.learner_id]) + f"?review={STASH}")
    PaperRead.objects.create(user=target.learner, title="New", read_on=dt.date(2026, 1, 5))
    with django_assert_max_num_queries(10):
        client.get(reverse("mentoring:mentee", args=[target.learner_id]))


def test_project_reviews_are_listed_newest_change_first_without_the_withdrawn(client, mentorship):
    from apps.portfolio.models import Project

    learner = mentorship.learner
    older, newer, gone = (
        Project.objects.create(user=learner, slot=slot, title=title)
        for slot, title in [("product-demo", "Demo <one>"), ("paper-reproduction", "Paper & two"),
                            ("oss-contribution", "Gone")]
    )  # fmt: skip
    first = services.review_request(mentorship=mentorship, project=older)
    second = services.review_request(mentorship=mentorship, project=newer)
    services.review_act(review=second, user=mentorship.mentor, action="request_changes",
                        comment="Add a README.")  # fmt: skip
    withdrawn = services.review_request(mentorship=mentorship, project=gone)
    services.review_act(review=withdrawn, user=learner, action="withdraw")
    Review.objects.filter(pk=first.pk).update(state_since=timezone.now() - dt.timedelta(days=2))
    item_review = services.review_request(mentorship=mentorship, item=tick(learner))
    client.force_login(mentorship.mentor)
    html = client.get(mentee_url(mentorship)).content.decode()
    listed = html.split('id="project-reviews-heading"')[1].split("</ul>")[0]
    assert listed == (
        ">Project reviews</h2>\n        <ul>"
        f'<li><a href="/reviews/{second.pk}/">Paper &amp; two</a> · Changes requested</li>'
        f'<li><a href="/reviews/{first.pk}/">Demo &lt;one&gt;</a> · Review requested</li>'
    )
    assert f"/reviews/{withdrawn.pk}/" not in html and f"/reviews/{item_review.pk}/" not in html


@pytest.mark.parametrize(("zone", "days_later"), [("UTC", 0), ("Pacific/Auckland", 1)])
def test_days_on_the_checklist_are_in_the_mentors_time_zone(client, mentorship, zone, days_later):
    """Late in the evening, UTC, is already the next day in Auckland: the day shown as done
    (and started) is the mentor's."""
    from apps.learners.middleware import SESSION_KEY

    done = tick(mentorship.learner)
    started = tick(mentorship.learner, "baseline-git-branch-merge-rebase", state="in_progress")
    late = timezone.now().replace(hour=23, minute=50) - dt.timedelta(days=30)
    ItemProgress.objects.filter(user=mentorship.learner, item__in=[done, started]).update(
        done_at=late, started_at=late
    )
    ItemProgress.objects.filter(item=started).update(done_at=None)
    client.force_login(mentorship.mentor)
    session = client.session
    session[SESSION_KEY] = zone
    session.save()
    html = client.get(mentee_url(mentorship)).content.decode()
    day = (late + dt.timedelta(days=days_later)).date()
    row = html.split(f'id="item-{done.key}"')[1].split("</li>")[0]
    assert f"done {day.day} {day:%b %Y}" in row
    row = html.split(f'id="item-{started.key}"')[1].split("</li>")[0]
    assert f"started {day.day} {day:%b %Y}" in row
    assert (
        client.get(mentee_url(mentorship, "?filter=stalled")).context["page"].counts["stalled"] == 1
    )
    export = client.get(reverse("mentoring:mentee_export", args=[mentorship.learner_id]))
    line = next(line for line in export.content.decode().splitlines() if f",{done.key}," in line)
    assert f",done,{day.isoformat()}," in line


def test_the_mentorship_read_for_the_page_is_the_orms(mentorship):
    """The mentee page reads its mentorship with a query written out: the same objects, the
    same related ones, as ``select_related`` gave; the learner's name and plan cost no
    query more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.mentoring import people, selectors
    from apps.mentoring.models import MentorProfile, Mentorship

    nameless = make_mentorship(make_user(email="only.mentor@example.com"), mentorship.mentor)
    MentorProfile.objects.create(user=nameless.learner, display_name="Mo <b>", bio="b")
    for case in [mentorship, nameless]:
        read = selectors.mentee_mentorship(mentor=case.mentor, learner_id=case.learner_id)
        orm = (
            Mentorship.objects.select_related(*selectors.MENTEE_RELATED).get(pk=case.pk)
        )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert read == orm and read.learner == orm.learner
            for field in Mentorship._meta.concrete_fields:
                assert getattr(read, field.attname) == getattr(orm, field.attname)
            for field in orm.learner._meta.concrete_fields:
                assert getattr(read.learner, field.attname) == getattr(orm.learner, field.attname)
            assert people.display_name(read.learner) == people.display_name(orm.learner)
            profile = people.learner_profile(read.learner)
            if profile is None:
                assert people.learner_profile(orm.learner) is None
            else:
                assert profile.bucket == orm.learner.learner.bucket
                assert profile.test_answers == orm.learner.learner.test_answers
                assert profile.start_date == orm.learner.learner.start_date
        assert len(queries) == 0
    assert people.display_name(nameless.learner) == "Mo <b>"



def test_a_kept_page_follows_every_change_of_what_it_shows(client, mentorship):
    """A page is kept for what it was made of (mentee.mentee_page): after each change, every
    page shown before is the one made afresh."""
    import re

    from apps.curriculum.models import Bucket
    from apps.learners.models import LearnerProfile
    from apps.mentoring import fragments
    from apps.mentoring import mentee as mentee_reads

    learner = mentorship.learner
    client.force_login(mentorship.mentor)
    queries = ["", "?filter=unreviewed", "?filter=changes"]

    def page(query):
        html = client.get(mentee_url(mentorship, query)).content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value="|csrftoken": ")[^"]+', r"\1", html)

    def after(change, *args, **kwargs) -> str:
        shown = [page(query) for query in queries]
        assert shown == [page(query) for query in queries]  # kept
        change(*args, **kwargs)
        kept = [page(query) for query in queries]
        mentee_reads._pages.clear()
        fragments._written.clear()
        assert kept == [page(query) for query in queries]
        return kept[0]

    item = ChecklistItem.objects.get(key=STASH)
    html = after(tick, learner)
    assert "done " in html.split('id="item-baseline-git-stash"')[1].split("</li>")[0]
    after(tick, learner, note="A note to share")
    assert "A note to share" in after(services.sharing_update, mentorship=mentorship,
                                      portfolio=False, papers=False, job_search=False, notes=True)  # fmt: skip
    assert "https://example.com/stash" in after(tick, learner, evidence_url="https://example.com/stash")
    assert "review-requested" in after(services.review_request, mentorship=mentorship, item=item)
    review = Review.objects.get(mentorship=mentorship, item=item)
    html = after(services.review_act, review=review, user=mentorship.mentor,
                 action="request_changes", comment="Say more.")  # fmt: skip
    assert "1 comment" in html
    assert "3 h/week" in after(LearnerProfile.objects.filter(user=learner).update, hours_per_week=3)
    after(Bucket.objects.filter(pk=learner.learner.bucket_id).update, months_min=30, months_max=40)
    assert "Stash, told anew" in after(
        ChecklistItem.objects.filter(key=STASH).update, text="Stash, told anew"
    )


def test_kept_shared_records_follow_every_change_of_the_records(client, mentorship):
    """The records a mentee shares are kept for the versions of their rows
    (selectors.mentee_extras): after each change, the page is the one made afresh. Each
    change in a transaction of its own, as every write of the app is: a row's version is the
    transaction that wrote it."""
    import re

    from django.db import transaction

    from apps.mentoring import fragments
    from apps.mentoring import mentee as mentee_reads
    from apps.portfolio.models import Application, PolishCheck, Project, PublicFootprint
    from apps.portfolio.selectors import POLISH_CHECKLIST

    learner = mentorship.learner
    services.sharing_update(mentorship=mentorship, portfolio=True, papers=True, job_search=True,
                            notes=False)  # fmt: skip
    client.force_login(mentorship.mentor)

    def page():
        html = client.get(mentee_url(mentorship)).content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value="|csrftoken": ")[^"]+', r"\1", html)

    def written(write, *args, **kwargs):
        with transaction.atomic():
            return write(*args, **kwargs)

    def kept_is_fresh() -> str:
        kept = page()
        fragments._written.clear()
        mentee_reads._pages.clear()
        assert kept == page()
        return kept

    kept_is_fresh()
    paper = written(PaperRead.objects.create, user=learner, title="Zebra stripes",
                    read_on=dt.date(2026, 1, 5))
    assert "Zebra stripes" in kept_is_fresh()
    written(PaperRead.objects.filter(pk=paper.pk).update, tell_keys=["papers-tell-code"])
    kept_is_fresh()
    application = written(Application.objects.create, user=learner, company="Acme", role="Eng",
                          applied_on=dt.date(2026, 1, 6))  # fmt: skip
    assert "Acme" in kept_is_fresh()
    written(Application.objects.filter(pk=application.pk).update, stage="replied")
    assert "Replied" in kept_is_fresh()
    project = written(Project.objects.create, user=learner, slot="product-demo", title="Demo",
                      summary="s", status="live")  # fmt: skip
    assert "polish 0 of" in kept_is_fresh()
    polish = ChecklistItem.objects.filter(checklist__key=POLISH_CHECKLIST).first()
    written(PolishCheck.objects.create, project=project, item=polish)
    assert "polish 1 of" in kept_is_fresh()
    written(PublicFootprint.objects.create, user=learner, same_three_keys=["x"])
    kept_is_fresh()
    written(paper.delete)
    written(application.delete)
    html = kept_is_fresh()
    assert "Zebra stripes" not in html and "Acme" not in html
    services.sharing_update(mentorship=mentorship, portfolio=False, papers=False,
                            job_search=False, notes=False)  # fmt: skip
    assert "Nothing beyond their checklist" in kept_is_fresh()
