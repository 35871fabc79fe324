import csv
import io
import json
import re

import pytest
from django.urls import reverse

from apps.checklists import services
from apps.checklists.models import Bookmark, ItemProgress, ItemState, ProgressEvent, WeeklyCheckIn
from apps.curriculum.models import ChecklistItem, Page
from tests.factories import make_checklist, make_learner, make_user

pytestmark = pytest.mark.django_db
EXPORT_COLD_CONTENT_QUERIES = 10
PAGE = "/roadmap/python-linux-baseline/"


@pytest.fixture
def learner_client(client):
    learner = make_learner()
    client.force_login(learner.user)
    client.user = learner.user
    return client


def item_url(key="baseline-git-stash"):
    return reverse("checklists:item", args=[key])


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", item_url()),
        ("get", item_url()),
        ("get", "/progress/"),
        ("get", "/bookmarks/"),
        ("post", "/bookmarks/toggle/"),
        ("get", "/check-ins/"),
        ("get", "/progress/reset/"),
        ("get", "/profile/export.json"),
        ("get", "/profile/export.csv"),
        ("post", "/progress/pages/ml-mental-model/read/"),
        ("post", "/progress/phases/foundation/ready/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not ItemProgress.objects.exists()


def test_ticking_without_javascript_posts_and_redirects_back(learner_client):
    response = learner_client.post(
        item_url(), {"state": "done", "next": f"{PAGE}#item-baseline-git-stash"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#item-baseline-git-stash"
    assert ItemProgress.objects.get(user=learner_client.user).state == ItemState.DONE


def test_ticking_with_htmx_returns_the_item_and_every_figure(learner_client):
    response = learner_client.post(item_url(), {"state": "done"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<li id="item-baseline-git-stash"')
    assert 'aria-pressed="true"' in html
    assert 'id="checklist-progress-baseline-git" data-hx-swap-oob="true"' in html
    assert "1 of 6 done" in html
    assert 'id="page-progress" data-hx-swap-oob="true"' in html
    assert "This page: 1 of 51 items done" in html
    assert "<html" not in html


def test_the_page_shows_the_same_state_after_reload(learner_client):
    learner_client.post(item_url(), {"state": "done"})
    html = learner_client.get(PAGE).content.decode()
    assert "1 of 6 done" in html
    assert 'class="checklist-item state-done"' in html


def test_note_and_evidence_are_saved_and_shown(learner_client):
    learner_client.post(
        item_url(),
        {
            "state": "in_progress",
            "note": "Practised on a toy repo",
            "evidence_url": "https://github.com/me/toy",
        },
    )
    row = ItemProgress.objects.get(user=learner_client.user)
    assert (row.state, row.note, row.evidence_url) == (
        "in_progress", "Practised on a toy repo", "https://github.com/me/toy",
    )  # fmt: skip
    html = learner_client.get(PAGE).content.decode()
    assert "Practised on a toy repo" in html and 'href="https://github.com/me/toy"' in html


def test_a_bad_evidence_link_is_explained_and_nothing_is_lost(learner_client):
    data = {"state": "done", "note": "keep me", "evidence_url": "not a url"}
    plain = learner_client.post(item_url(), data)
    assert plain.status_code == 400
    assert "Enter a full web address" in plain.content.decode()
    assert "keep me" in plain.content.decode()
    htmx = learner_client.post(item_url(), data, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 422
    assert 'aria-invalid="true"' in htmx.content.decode()
    assert not ItemProgress.objects.exists()


def test_an_unknown_state_is_refused(learner_client):
    response = learner_client.post(item_url(), {"state": "finished"})
    assert response.status_code == 400
    assert not ItemProgress.objects.exists()


def test_unknown_or_retired_items_are_404(learner_client):
    assert learner_client.post(item_url("no-such-item"), {"state": "done"}).status_code == 404
    ChecklistItem.objects.filter(key="baseline-git-stash").update(is_retired=True)
    assert learner_client.post(item_url(), {"state": "done"}).status_code == 404


def test_a_forged_user_id_changes_only_the_learners_own_row(learner_client):
    other = make_user()
    learner_client.post(item_url(), {"state": "done", "user": other.pk, "user_id": other.pk})
    assert not ItemProgress.objects.filter(user=other).exists()
    assert ItemProgress.objects.filter(user=learner_client.user).count() == 1


def test_another_learners_notes_never_show(learner_client):
    other = make_user()
    services.item_progress_set(
        user=other, item=ChecklistItem.objects.get(key="baseline-git-stash"), note="secret plan"
    )
    assert "secret plan" not in learner_client.get(PAGE).content.decode()
    assert "secret plan" not in learner_client.get(item_url()).content.decode()
    exported = learner_client.get(reverse("checklists:export_json")).getvalue().decode()
    assert "secret plan" not in exported


def test_item_edit_form_plain_and_htmx(learner_client):
    plain = learner_client.get(item_url())
    assert plain.status_code == 200
    assert '<select name="state"' in plain.content.decode()
    htmx = learner_client.get(item_url(), HTTP_HX_REQUEST="true").content.decode()
    assert htmx.lstrip().startswith('<li id="item-baseline-git-stash"')
    assert '<select name="state"' in htmx
    assert "hx-swap-oob" not in htmx


def test_retired_items_with_progress_show_as_retired(learner_client):
    target = ChecklistItem.objects.get(key="baseline-git-stash")
    services.item_progress_set(user=learner_client.user, item=target, state=ItemState.DONE,
                               note="old work")  # fmt: skip
    target.is_retired = True
    target.save()
    html = learner_client.get(PAGE).content.decode()
    assert "Retired items you worked on" in html
    assert "old work" in html
    assert 'id="item-baseline-git-stash"' not in html


def test_new_items_appear_for_everyone(learner_client):
    page = Page.objects.get(slug="python-linux-baseline")
    added = make_checklist(page=page, items=2, title="New list")
    html = learner_client.get(PAGE).content.decode()
    for entry in added.items.all():
        assert f'id="item-{entry.key}"' in html


def test_page_read_and_bookmarks(learner_client):
    response = learner_client.post("/progress/pages/ml-mental-model/read/", {"read": "1"})
    assert response["Location"] == "/roadmap/ml-mental-model/#page-tools"
    html = learner_client.get("/roadmap/ml-mental-model/").content.decode()
    assert 'aria-pressed="true">' in html and "Read</button>" in html and "Mark as read" not in html

    learner_client.post("/bookmarks/toggle/", {"page": "ml-mental-model"})
    learner_client.post("/bookmarks/toggle/", {"item": "papers-dpo"})
    html = learner_client.get("/bookmarks/").content.decode()
    assert "ML mental model in one page" in html and "DPO" in html
    htmx = learner_client.post("/bookmarks/toggle/", {"item": "papers-dpo"}, HTTP_HX_REQUEST="true")
    assert "Bookmark again" in htmx.content.decode()
    assert Bookmark.objects.filter(user=learner_client.user).count() == 1
    assert learner_client.post("/bookmarks/toggle/", {}).status_code == 400
    assert learner_client.post("/bookmarks/toggle/", {"item": "nope"}).status_code == 404


def test_overview_filters_plain_and_htmx(learner_client, django_assert_max_num_queries):
    learner_client.post(item_url(), {"state": "in_progress"})
    with django_assert_max_num_queries(8):
        page = learner_client.get("/progress/?state=in_progress")
    html = page.content.decode()
    assert "Git baseline" in html and "Python baseline" not in html
    assert "Not started → <strong>In progress</strong>" in html  # the history
    assert 'href="/roadmap/python-linux-baseline/#item-baseline-git-stash"' in html
    fragment = learner_client.get("/progress/?phase=job-search", HTTP_HX_REQUEST="true")
    fragment_html = fragment.content.decode()
    assert fragment_html.lstrip().startswith('<div id="results">')
    assert "Interview" in fragment_html and "Git baseline" not in fragment_html
    assert learner_client.get("/progress/?state=bogus").status_code == 200


def test_reset_needs_confirmation_and_is_recorded(learner_client):
    learner_client.post(item_url(), {"state": "done"})
    assert learner_client.get("/progress/reset/?checklist=baseline-git").status_code == 200
    learner_client.post("/progress/reset/", {"checklist": "baseline-git"})
    assert ItemProgress.objects.get().state == ItemState.DONE
    learner_client.post("/progress/reset/", {"checklist": "baseline-git", "confirm": "yes"})
    assert ItemProgress.objects.get().state == ItemState.NOT_STARTED
    assert ProgressEvent.objects.filter(kind="reset").count() == 1
    assert learner_client.get("/progress/reset/?checklist=nope").status_code == 404


def test_confirming_readiness_moves_the_dashboard_on(learner_client):
    dashboard = learner_client.get("/dashboard/").context["board"]
    assert dashboard.phase.key == "foundation"
    learner_client.post("/progress/phases/foundation/ready/", {"confirmed": "1"})
    board = learner_client.get("/dashboard/").context["board"]
    assert board.phase.key == "hands-on-ml"
    assert board.ahead_of_plan
    assert board.phase_rows[0][2] is not None  # when it was confirmed
    learner_client.post("/progress/phases/foundation/ready/", {"confirmed": "0"})
    assert learner_client.get("/dashboard/").context["board"].phase.key == "foundation"


def test_check_ins_and_the_hours_chart(learner_client):
    response = learner_client.post(
        "/check-ins/", {"week_start": "2026-11-25", "hours": "12.5", "reflection": "Steady."}
    )
    assert response["Location"] == "/check-ins/"
    assert WeeklyCheckIn.objects.get().week_start.isoformat() == "2026-11-23"
    bad = learner_client.post("/check-ins/", {"week_start": "2026-11-25", "hours": "200"})
    assert bad.status_code == 400
    assert "A week has 168 hours." in bad.content.decode()
    page = learner_client.get("/check-ins/").content.decode()
    assert 'aria-labelledby="hours-title hours-desc"' in page


def test_dashboard_and_progress_pages_agree(learner_client, django_assert_max_num_queries):
    for key in ["baseline-git-stash", "papers-dpo", "interview-done-top-20"]:
        if ChecklistItem.objects.filter(key=key).exists():
            learner_client.post(item_url(key), {"state": "done"})
    with django_assert_max_num_queries(18):
        board = learner_client.get("/dashboard/").context["board"]
    overview = learner_client.get("/progress/").context["progress"]
    assert board.progress.overall.done == overview.overall.done >= 2
    html = learner_client.get("/dashboard/").content.decode()
    assert "heatmap-title" in html and "of the last 12 weeks" in html


def test_query_counts_stay_flat_with_many_items_and_learners(client, django_assert_max_num_queries):
    page = Page.objects.get(slug="python-linux-baseline")
    for _ in range(10):
        make_checklist(page=page, items=20)
    for _ in range(5):
        other = make_user()
        for entry in ChecklistItem.objects.filter(checklist__page=page)[:30]:
            services.item_progress_set(user=other, item=entry, state=ItemState.DONE)
    learner = make_learner()
    client.force_login(learner.user)
    client.get(PAGE)  # the page's content, built once per content revision
    with django_assert_max_num_queries(7):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.post(item_url(), {"state": "done"}, HTTP_HX_REQUEST="true").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/progress/").status_code == 200


def test_exports_contain_everything_recorded(learner_client):
    learner_client.post(
        item_url(), {"state": "done", "note": "n1", "evidence_url": "https://example.com/1"}
    )
    learner_client.post("/bookmarks/toggle/", {"page": "ml-mental-model"})
    learner_client.post("/check-ins/", {"week_start": "2026-11-25", "hours": "9"})
    data = json.loads(learner_client.get("/profile/export.json").getvalue())
    assert data["profile"]["bucket"] == "C"
    assert data["progress"][0] | {"started_at": None, "done_at": None} == {
        "item": "baseline-git-stash", "item_text": data["progress"][0]["item_text"],
        "checklist": "baseline-git", "retired": False, "state": "done", "note": "n1",
        "evidence_url": "https://example.com/1", "started_at": None, "done_at": None,
    }  # fmt: skip
    assert data["history"][0]["to"] == "done"
    assert data["bookmarks"][0]["page"] == "ml-mental-model"
    assert data["weekly_check_ins"][0]["hours"] == "9.0"
    response = learner_client.get("/profile/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="roadmap-export.csv"'
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][0] == "record"
    records = {row[0] for row in rows[1:]}
    assert {"profile", "progress", "history", "bookmark", "check_in"} <= records
    progress_row = next(row for row in rows if row[0] == "progress")
    assert progress_row[1:6] == [
        "baseline-git-stash",
        progress_row[2],
        "done",
        "n1",
        "https://example.com/1",
    ]


def test_pitfalls_and_rubrics_show_without_tick_buttons(learner_client):
    response = learner_client.get(reverse("curriculum:page", args=["the-12-month-arc"]))
    html = response.content.decode()
    section = html.split('id="checklist-arc-not-on-the-list"')[1].split("</section>")[0]
    assert "Get a PhD" in section and "Pitfalls" in section
    assert "tick-button" not in section and "checklists/item" not in section
    page = learner_client.get(reverse("curriculum:page", args=["evaluating-job-postings"]))
    rubric = page.content.decode().split('id="checklist-jobs-red-flags"')[1].split("</section>")[0]
    assert "tick-button" not in rubric
    assert reverse("portfolio:records", args=["applications"]) in rubric
    # Things to do on the same page still tick.
    assert 'id="checklist-jobs-done"' not in html  # another page
    assert "tick-button" in page.content.decode()


def test_posting_a_tick_on_a_pitfall_is_refused(learner_client):
    response = learner_client.post(
        reverse("checklists:item", args=["first90-learn-dont-be-loudest"]), {"state": "done"}
    )
    assert response.status_code == 400
    assert "pitfalls" in response.content.decode()
    assert not ItemProgress.objects.filter(item__key="first90-learn-dont-be-loudest").exists()


def test_ticks_from_before_a_list_became_a_rubric_are_kept_and_said(learner_client):
    item = ChecklistItem.objects.filter(checklist__key="jobs-red-flags").first()
    ItemProgress.objects.create(user=learner_client.user, item=item, state=ItemState.DONE)
    html = learner_client.get(reverse("curriculum:page", args=["evaluating-job-postings"]))
    section = html.content.decode().split('id="checklist-jobs-red-flags"')[1].split("</section>")[0]
    assert "You marked 1 of these" in section


def edit_form(client, key="baseline-git-stash"):
    """The version the item's edit form was opened at."""
    html = client.get(item_url(key), HTTP_HX_REQUEST="true").content.decode()
    return html.split('name="version" value="', 1)[1].split('"', 1)[0]


def test_a_stale_edit_form_answers_409_with_both_versions_and_saves_nothing(learner_client):
    stale = edit_form(learner_client)
    fresh = edit_form(learner_client)
    assert stale == fresh and stale
    saved = learner_client.post(
        item_url(), {"state": "in_progress", "note": "Saved in tab one", "version": fresh}
    )
    assert saved.status_code == 302
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = learner_client.post(
            item_url(),
            {
                "state": "not_started",
                "note": "Typed in tab two",
                "evidence_url": "",
                "version": stale,
            },
            **headers,
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert "changed after you opened this form" in html
        assert "Saved in tab one" in html and "Typed in tab two" in html
        assert ">Typed in tab two</textarea>" in html  # what was typed stays in the form
        assert "HX-Trigger" not in response
    progress = ItemProgress.objects.get(user=learner_client.user)
    assert (progress.note, progress.state) == ("Saved in tab one", ItemState.IN_PROGRESS)
    # Choosing to keep one's own version: the form now carries the newer version.
    newer = html.split('name="version" value="', 1)[1].split('"', 1)[0]
    response = learner_client.post(
        item_url(), {"state": "done", "note": "Typed in tab two", "version": newer}
    )
    assert response.status_code == 302
    assert ItemProgress.objects.get(user=learner_client.user).note == "Typed in tab two"


def test_ticks_carry_no_version_and_repeat_safely(learner_client):
    version = edit_form(learner_client)
    learner_client.post(item_url(), {"note": "mine", "version": version})
    for _ in range(2):
        response = learner_client.post(item_url(), {"state": "done"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    progress = ItemProgress.objects.get(user=learner_client.user)
    assert (progress.state, progress.note) == (ItemState.DONE, "mine")
    # A stale form that changes nothing the other tab changed is not a conflict either.
    same = learner_client.post(
        item_url(), {"state": "done", "note": "mine", "evidence_url": "", "version": version}
    )
    assert same.status_code == 302


def test_results_are_announced_with_the_page_tally(learner_client):
    response = learner_client.post(item_url(), {"state": "done"}, HTTP_HX_REQUEST="true")
    announced = json.loads(response["HX-Trigger"])["announce"]["text"]
    assert announced == "Marked done · 1 of 51 on this page"
    response = learner_client.post(
        item_url(),
        {"state": "done", "note": "n", "version": edit_form(learner_client)},
        HTTP_HX_REQUEST="true",
    )
    assert json.loads(response["HX-Trigger"])["announce"]["text"].startswith("Saved · 1 of 51")


def test_without_javascript_the_confirmation_sits_beside_the_item(learner_client):
    anchor = f"{PAGE}#item-baseline-git-stash"
    response = learner_client.post(item_url(), {"state": "done", "next": anchor}, follow=True)
    html = response.content.decode()
    row = html.split('id="item-baseline-git-stash"', 1)[1].split("</li>", 1)[0]
    assert "Marked done · 1 of 51 on this page" in row
    assert 'class="wrap messages"' not in html  # not at the top, off-screen from the item
    # Bookmarking is a small form on the row: nothing typed elsewhere is posted with it.
    response = learner_client.post(
        "/bookmarks/toggle/", {"item": "baseline-git-stash", "next": anchor}, follow=True
    )
    row = response.content.decode().split('id="item-baseline-git-stash"', 1)[1].split("</li>", 1)[0]
    assert "Bookmarked." in row and 'aria-pressed="true"' in row


def test_the_row_bookmark_swaps_itself_with_htmx(learner_client):
    response = learner_client.post(
        "/bookmarks/toggle/",
        {"item": "baseline-git-stash", "ui": "button"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<form method="post" action="/bookmarks/toggle/"')
    assert 'id="bookmark-item-baseline-git-stash"' in html and 'aria-pressed="true"' in html
    assert json.loads(response["HX-Trigger"])["announce"]["text"] == "Bookmarked."


def test_cancel_closes_the_form_back_to_the_row(learner_client):
    html = learner_client.get(item_url() + "?view=row", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<li id="item-baseline-git-stash"')
    assert "<textarea" not in html and "data-focus-return" in html


def test_filtering_announces_how_many_checklists_are_shown(learner_client):
    response = learner_client.get("/progress/?state=done", HTTP_HX_REQUEST="true")
    assert json.loads(response["HX-Trigger"])["announce"]["text"] == "0 checklists shown"
    response = learner_client.get("/progress/", HTTP_HX_REQUEST="true")
    assert json.loads(response["HX-Trigger"])["announce"]["text"].endswith("checklists shown")


@pytest.mark.parametrize("url", ["/profile/export.json", "/profile/export.csv"])
def test_exports_stream_in_a_fixed_number_of_queries(learner_client, url,
                                                     django_assert_max_num_queries):  # fmt: skip
    def streamed() -> bytes:
        response = learner_client.get(url)
        assert response.streaming
        return response.getvalue()

    # The content's keys the history is named by: built once per content revision.
    with django_assert_max_num_queries(6 + EXPORT_COLD_CONTENT_QUERIES):
        streamed()
    with django_assert_max_num_queries(6):
        few = streamed()
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    ProgressEvent.objects.bulk_create(
        ProgressEvent(user=learner_client.user, kind="state", item=item, to_state="done")
        for _ in range(3000)
    )
    # Reviews with comments and state changes by both sides: no query per one of them.
    from apps.mentoring import services as mentoring
    from tests.factories import make_mentorship

    mentorship = make_mentorship(learner=learner_client.user)
    for key in ["baseline-git-stash", "baseline-git-everyday-commands", "baseline-git-gitignore"]:
        done = ChecklistItem.objects.get(key=key)
        services.item_progress_set(user=learner_client.user, item=done, state="done")
        review = mentoring.review_request(mentorship=mentorship, item=done, message="look")
        mentoring.review_comment(review=review, user=mentorship.mentor, body="why?")
        review = mentoring.review_act(review=review, user=mentorship.mentor,
                                      action="request_changes", comment="more")  # fmt: skip
        mentoring.review_comment(review=review, user=learner_client.user, body="because")
    with django_assert_max_num_queries(6):
        many = streamed()
    assert many.count(b"baseline-git-stash") >= few.count(b"baseline-git-stash") + 3000
    if url.endswith(".json"):
        exported = json.loads(many)
        assert len(exported["history"]) == 3000 + 3  # and the three ticks reviewed
        assert len(exported["reviews"]) == 3


def test_a_kept_page_shows_every_change_and_this_requests_token(learner_client):
    from apps.core.kept import CSRF_MARK

    first = learner_client.get(PAGE).content.decode()
    assert "0 of 6 done" in first and CSRF_MARK not in first
    again = learner_client.get(PAGE).content.decode()

    def tokens_out(html):
        return re.sub(r'("csrfmiddlewaretoken" value="|"x-csrftoken": ")[^"&]+', r"\1", html)

    assert tokens_out(again) == tokens_out(first)
    assert 'name="csrfmiddlewaretoken" value="KeptCsrf' not in again
    learner_client.post(item_url(), {"state": "done"}, HTTP_HX_REQUEST="true")
    assert "1 of 6 done" in learner_client.get(PAGE).content.decode()
    # Another learner never sees the first one's copy.
    other = make_learner()
    learner_client.force_login(other.user)
    assert "0 of 6 done" in learner_client.get(PAGE).content.decode()


def test_a_message_placed_by_a_row_shows_on_a_kept_page(learner_client):
    learner_client.get(PAGE)
    response = learner_client.post(
        item_url(), {"state": "done", "next": f"{PAGE}#item-baseline-git-stash"}, follow=True
    )
    html = response.content.decode()
    assert "placed-message" in html and "1 of 6 done" in html
    assert "placed-message" not in learner_client.get(PAGE).content.decode()


def test_the_kept_progress_page_follows_every_change(learner_client):
    url = reverse("checklists:overview")
    assert "No changes yet." in learner_client.get(url).content.decode()
    learner_client.post(item_url(), {"state": "done"}, HTTP_HX_REQUEST="true")
    html = learner_client.get(url).content.decode()
    assert "No changes yet." not in html and "<strong>1 of " in html
    results = learner_client.get(f"{url}?state=done", HTTP_HX_REQUEST="true").content.decode()
    assert "Git baseline" in results and "<html" not in results


def test_a_tick_is_one_round_trip_after_the_session(learner_client, django_assert_max_num_queries):
    learner_client.post(item_url(), {"state": "done"}, HTTP_HX_REQUEST="true")  # makes the row
    with django_assert_max_num_queries(4):  # session, user, content revision, the tick
        response = learner_client.post(item_url(), {"state": "not_started"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'aria-pressed="false"' in html and "0 of 6 done" in html
    assert "This page: 0 of 51 items done" in html
