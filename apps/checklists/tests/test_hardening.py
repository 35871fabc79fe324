"""Regressions from the hostile-user review (issue 10) in progress views, and first writes
under concurrency (lock-or-upsert everywhere, the pin limit under a lock)."""

import contextlib
import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.checklists import services
from apps.checklists.models import WeeklyCheckIn
from apps.curriculum.models import Phase
from tests.factories import make_checklist, make_learner, make_page, make_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, data, fallback",
    [
        ("/bookmarks/toggle/", {"page": "ml-mental-model"}, "/roadmap/ml-mental-model/"),
        (
            "/progress/items/baseline-git-stash/",
            {"state": "done"},
            "/roadmap/python-linux-baseline/",
        ),
        ("/progress/pages/ml-mental-model/read/", {"read": "1"}, "/roadmap/ml-mental-model/"),
        ("/progress/phases/{phase}/ready/", {"confirmed": "1"}, "/dashboard/"),
    ],
)
def test_a_next_that_is_not_a_path_redirects_to_the_fallback(client, url, data, fallback):
    client.force_login(make_learner().user)
    url = url.format(phase=Phase.objects.first().key)
    response = client.post(url, {**data, "next": "evil"})
    assert response.status_code == 302
    assert response["Location"].startswith(fallback)


def race(target, count: int = 8) -> list[BaseException]:
    """Run ``target`` in ``count`` threads released at once; returns what they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            target()
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_writes_never_collide():
    from apps.portfolio import services as portfolio
    from apps.portfolio.forms import ProjectForm
    from apps.portfolio.models import BehavioralStory, InterviewPractice, Project

    user = make_user()
    page = make_page()
    items = list(make_checklist(page=page, items=2).items.all())
    today = dt.date(2026, 11, 25)
    cases = {
        "check-in": lambda: services.weekly_check_in_save(
            user=user, week_start=today, hours=Decimal("3"), reflection="r"
        ),
        "practice": lambda: portfolio.practice_record(
            user=user, question=items[0], confidence=3, day=today
        ),
        "story": lambda: portfolio.story_save(
            user=user, theme=items[1], title="t", situation="s", task="t", action="a", result="r"
        ),
    }
    for name, write in cases.items():
        assert race(write) == [], name
    assert WeeklyCheckIn.objects.filter(user=user).count() == 1
    assert InterviewPractice.objects.get(user=user).times_practised == 8
    assert BehavioralStory.objects.filter(user=user).count() == 1

    def add_project(**fields):
        def write():
            form = ProjectForm(
                {"title": "P", "summary": "S", "status": "idea", **fields}, user=user
            )
            if form.is_valid():  # the loser may see the winner's row already: a form error
                # The rule, checked again under the lock, may refuse it: not a collision.
                with contextlib.suppress(ValidationError):
                    portfolio.record_save(form=form, user=user)

        return write

    assert race(add_project(slot="product-demo")) == []
    assert Project.objects.filter(user=user, slot="product-demo").count() == 1
    assert race(add_project(slot="extra", pinned="on")) == []
    assert Project.objects.filter(user=user, pinned=True).count() == 3


def test_the_note_help_text_says_who_sees_notes():
    """It claimed every mentor could see notes; only mentors the learner shares notes with
    do (off by default)."""
    from apps.checklists.forms import ItemProgressForm
    from apps.mentoring.models import Mentorship

    help_text = ItemProgressForm.base_fields["note"].help_text
    assert help_text.startswith("Private") and "share notes with" in help_text
    assert Mentorship._meta.get_field("shares_notes").default is False
