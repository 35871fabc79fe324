"""The cohort at a glance: mentees × phases, needs attention first, CSV, bounded queries."""

import csv
import datetime as dt
import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.checklists.models import ProgressEvent
from apps.checklists.services import item_progress_set, progress_reset
from apps.curriculum.models import ChecklistItem, Phase
from apps.mentoring import selectors, services
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db


def tick(user, key):
    item = ChecklistItem.objects.get(key=key)
    item_progress_set(user=user, item=item, state="done")
    return item


def test_the_grid_puts_who_needs_attention_first(client):
    mentor = make_user()
    today = dt.date.today()
    fine = make_mentorship(make_learner(display_name="Ana"), mentor)
    waiting = make_mentorship(make_learner(display_name="Ben"), mentor)
    behind = make_mentorship(
        make_learner(display_name="Cy", start_date=today - dt.timedelta(days=150)), mentor
    )
    tick(fine.learner, "baseline-git-stash")
    services.review_request(mentorship=waiting, item=tick(waiting.learner, "baseline-git-stash"))
    tick(behind.learner, "baseline-git-stash")
    client.force_login(mentor)
    response = client.get(reverse("mentoring:inbox"))
    rows = response.context["mentees"]
    assert [r.name for r in rows] == ["Ben", "Cy", "Ana"]
    assert rows[0].reasons == ["1 review waiting on you"]
    assert rows[1].pace.behind and rows[1].reasons[-1].endswith("weeks behind plan")
    assert rows[2].reasons == [] and rows[2].pace.label == "On track"
    # The cell for the phase of the git item: coloured, and saying it in words.
    foundation = Phase.objects.get(pk=ChecklistItem.objects.get(key="baseline-git-stash")
                                   .checklist.page.phase_id)  # fmt: skip
    cell = next(c for c in rows[2].cells if c.phase == foundation)
    assert cell.done == 1 and cell.heat == 1
    html = response.content.decode()
    assert f"of {foundation.title}: 1 of {cell.counted} done" in html
    assert f'<time datetime="{today:%Y-%m-%d}">' in html

    # Stuck: two weeks without activity comes first of all.
    ProgressEvent.objects.filter(user=fine.learner).update(
        at=dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    )
    rows = client.get(reverse("mentoring:inbox")).context["mentees"]
    assert [r.name for r in rows] == ["Ana", "Ben", "Cy"]
    assert rows[0].reasons == ["stuck: no activity for 20 days"]
    assert client.get(reverse("mentoring:inbox") + "?sort=name").context["mentees"][0].name == "Ana"


def test_cohort_csv(client):
    mentorship = make_mentorship(make_learner(display_name="=HYPERLINK(1)"))
    tick(mentorship.learner, "baseline-git-stash")
    client.force_login(mentorship.mentor)
    response = client.get(reverse("mentoring:cohort_export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, row = rows[0], rows[1]
    assert header[0] == "mentee" and "foundation_percent" in header
    # A typed value is shown by a spreadsheet, never run as a formula.
    assert row[0] == "'=HYPERLINK(1)" and row[header.index("done")] == "1"
    # Only one's own mentees.
    client.force_login(make_user())
    assert len(list(csv.reader(io.StringIO(
        client.get(reverse("mentoring:cohort_export")).content.decode())))) == 1  # fmt: skip


@pytest.mark.parametrize("count", [1, 50])
def test_cohort_queries_are_bounded(client, django_assert_max_num_queries, count):
    mentor = make_user()
    for number in range(count):
        mentorship = make_mentorship(make_learner(display_name=f"M{number}"), mentor)
        if number % 10 == 0:
            services.review_request(
                mentorship=mentorship, item=tick(mentorship.learner, "baseline-git-stash")
            )
    client.force_login(mentor)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("mentoring:inbox"))
    assert len(response.context["mentees"]) == count
    with django_assert_max_num_queries(5):  # nothing changed: the kept inbox
        client.get(reverse("mentoring:inbox"))
    with django_assert_max_num_queries(4):  # the tallies counted for the inbox are kept
        client.get(reverse("mentoring:cohort_export"))


def test_the_grid_follows_content_edits():
    """The roadmap's phases and counts are kept under the content revision: an editor's
    change shows at once."""
    from apps.mentoring import selectors

    mentorship = make_mentorship(make_learner(display_name="Ana"))
    today = dt.date.today()

    def counted():
        return sum(cell.counted for cell in selectors.mentees(mentor=mentorship.mentor,
                                                              today=today)[0].cells)  # fmt: skip

    before = counted()
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    item.is_retired = True
    item.save()
    assert counted() == before - 1


def test_rows_are_kept_until_the_mentees_progress_or_reviews_move():
    """Each mentee's tallies and row are kept for their latest progress event (every change
    of state records one), their open reviews, the day and how long they have been idle."""
    mentorship = make_mentorship(make_learner(display_name="Ana"))
    other = make_mentorship(make_learner(display_name="Ben"), mentorship.mentor)
    tick(other.learner, "baseline-git-stash")
    today = dt.date.today()

    def rows():
        return {row.name: row for row in selectors.mentees(mentor=mentorship.mentor, today=today)}

    first = rows()
    assert first["Ana"].done == 0 and first["Ben"].done == 1
    with CaptureQueriesContext(connection) as queries:
        again = rows()
    assert again["Ana"] is first["Ana"] and again["Ben"] is first["Ben"]
    assert not any("itemprogress" in query["sql"] for query in queries.captured_queries)

    item = tick(mentorship.learner, "baseline-git-stash")
    moved = rows()
    assert moved["Ana"].done == 1 and moved["Ana"].last_activity is not None
    assert moved["Ben"] is first["Ben"]
    item_progress_set(user=mentorship.learner, item=item, state="not_applicable")
    assert rows()["Ana"].done == 0 and rows()["Ana"].counted == first["Ana"].counted - 1
    tick(mentorship.learner, "baseline-git-stash")
    progress_reset(user=mentorship.learner)
    assert rows()["Ana"].done == 0 and rows()["Ana"].counted == first["Ana"].counted

    services.review_request(
        mentorship=other, item=ChecklistItem.objects.get(key="baseline-git-stash")
    )
    assert rows()["Ben"].waiting == 1
    # Idle for three weeks: stuck, and the days counted from today.
    ProgressEvent.objects.filter(user=other.learner).update(
        at=timezone.now() - dt.timedelta(days=21)
    )
    assert rows()["Ben"].reasons[0] == "stuck: no activity for 21 days"
    with mock.patch.object(timezone, "now", return_value=timezone.now() + dt.timedelta(days=1)):
        assert rows()["Ben"].reasons[0] == "stuck: no activity for 22 days"
