import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.checklists import services
from apps.checklists.models import (
    Bookmark,
    EventKind,
    ItemProgress,
    ItemState,
    PageRead,
    PhaseConfirmation,
    ProgressEvent,
    WeeklyCheckIn,
)
from apps.curriculum.models import Checklist, ChecklistItem, Page, Phase
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return make_user()


def item(key="baseline-git-stash"):
    return ChecklistItem.objects.get(key=key)


def test_state_changes_keep_dates_and_history(user):
    target = item()
    services.item_progress_set(user=user, item=target, state=ItemState.IN_PROGRESS)
    row = ItemProgress.objects.get(user=user, item=target)
    assert row.started_at is not None and row.done_at is None
    started = row.started_at

    services.item_progress_set(user=user, item=target, state=ItemState.DONE)
    row.refresh_from_db()
    assert row.started_at == started and row.done_at is not None

    services.item_progress_set(user=user, item=target, state=ItemState.NOT_APPLICABLE)
    row.refresh_from_db()
    assert row.done_at is None

    events = list(
        ProgressEvent.objects.filter(user=user, kind=EventKind.STATE)
        .order_by("at", "id")
        .values_list("from_state", "to_state")
    )
    assert events == [
        ("not_started", "in_progress"),
        ("in_progress", "done"),
        ("done", "not_applicable"),
    ]


def test_a_note_alone_changes_no_state_and_records_no_event(user):
    services.item_progress_set(user=user, item=item(), note="  tried it on my laptop  ")
    row = ItemProgress.objects.get(user=user)
    assert row.note == "tried it on my laptop"
    assert row.state == ItemState.NOT_STARTED
    assert not ProgressEvent.objects.filter(user=user).exists()


def test_bad_evidence_url_and_state_are_refused(user):
    with pytest.raises(ValidationError):
        services.item_progress_set(user=user, item=item(), evidence_url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        services.item_progress_set(user=user, item=item(), state="finished")
    assert not ProgressEvent.objects.exists()


def test_repeated_posts_never_duplicate_rows(user):
    for _ in range(3):
        services.item_progress_set(user=user, item=item(), state=ItemState.DONE)
    assert ItemProgress.objects.filter(user=user).count() == 1
    assert ProgressEvent.objects.filter(user=user).count() == 1


def test_the_database_refuses_a_second_row_for_one_item(user):
    from django.db import IntegrityError, transaction

    ItemProgress.objects.create(user=user, item=item())
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemProgress.objects.create(user=user, item=item())


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_writes_make_one_row():
    from django.conf import settings

    from apps.curriculum.services import roadmap_seed

    roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    learner = make_user()
    target = item()
    barrier = threading.Barrier(4)
    errors = []

    def tick():
        try:
            barrier.wait()
            services.item_progress_set(user=learner, item=target, state=ItemState.DONE)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ItemProgress.objects.filter(user=learner, item=target).count() == 1
    assert ProgressEvent.objects.filter(user=learner).count() == 1


def test_reset_one_checklist_keeps_notes_and_is_recorded(user):
    git = Checklist.objects.get(key="baseline-git")
    for entry in git.items.all():
        services.item_progress_set(user=user, item=entry, state=ItemState.DONE, note="kept")
    other = item("papers-dpo")
    services.item_progress_set(user=user, item=other, state=ItemState.DONE)

    assert services.progress_reset(user=user, checklist=git) == 6
    assert set(
        ItemProgress.objects.filter(user=user, item__checklist=git).values_list("state", "note")
    ) == {("not_started", "kept")}
    assert ItemProgress.objects.get(user=user, item=other).state == ItemState.DONE
    reset = ProgressEvent.objects.get(user=user, kind=EventKind.RESET)
    assert reset.detail == {"checklist": "baseline-git", "items": 6}

    assert services.progress_reset(user=user) == 1
    assert not ItemProgress.objects.filter(user=user, state=ItemState.DONE).exists()


def test_reset_touches_only_the_learners_own_rows(user):
    other = make_user()
    services.item_progress_set(user=other, item=item(), state=ItemState.DONE)
    services.progress_reset(user=user)
    assert ItemProgress.objects.get(user=other).state == ItemState.DONE


def test_page_read_bookmarks_and_phase_readiness(user):
    page = Page.objects.get(slug="ml-mental-model")
    assert services.page_read_set(user=user, page=page, read=True)
    assert not services.page_read_set(user=user, page=page, read=True)
    assert PageRead.objects.filter(user=user).count() == 1
    assert services.page_read_set(user=user, page=page, read=False)

    assert services.bookmark_toggle(user=user, page=page) is True
    assert services.bookmark_toggle(user=user, item=item()) is True
    assert Bookmark.objects.filter(user=user).count() == 2
    assert services.bookmark_toggle(user=user, page=page) is False
    with pytest.raises(ValueError):
        services.bookmark_toggle(user=user)

    phase = Phase.objects.get(key="foundation")
    assert services.phase_readiness_set(user=user, phase=phase, confirmed=True)
    assert PhaseConfirmation.objects.filter(user=user, phase=phase).exists()
    kinds = list(ProgressEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert set(kinds) == {"page_read", "page_unread", "phase_ready"}


def test_weekly_check_in_is_one_per_week(user):
    import datetime as dt

    wednesday = dt.date(2026, 11, 25)
    services.weekly_check_in_save(user=user, week_start=wednesday, hours=Decimal("12.5"),
                                  reflection=" ok ")  # fmt: skip
    services.weekly_check_in_save(user=user, week_start=dt.date(2026, 11, 29),
                                  hours=Decimal("14"), reflection="better")  # fmt: skip
    check_in = WeeklyCheckIn.objects.get(user=user)
    assert check_in.week_start == dt.date(2026, 11, 23)
    assert (check_in.hours, check_in.reflection) == (Decimal("14"), "better")
    with pytest.raises(ValidationError):
        services.weekly_check_in_save(user=user, week_start=wednesday, hours=Decimal("200"),
                                      reflection="")  # fmt: skip


def _days_from_history(user, zone: str) -> dict:
    """The history grouped by day in ``zone``, as the dashboard counted it before ActivityDay."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (at AT TIME ZONE %s)::date, count(*) FROM checklists_progressevent "
            "WHERE user_id = %s GROUP BY 1",
            [zone, user.pk],
        )
        return dict(cursor.fetchall())


def _record_days(user, zone: str) -> dict:
    from django.utils import timezone

    from apps.checklists.selectors import learner_record

    with timezone.override(zone):
        return learner_record(user=user, since=dt.date(2000, 1, 1)).activity


def test_activity_is_counted_per_day_as_changes_are_recorded_in_every_zone(user):
    from apps.checklists.models import ActivityDay

    entries = list(Checklist.objects.get(key="baseline-git").items.all())
    for entry in entries:
        services.item_progress_set(user=user, item=entry, state=ItemState.DONE)
    # Spread the history over days and hours, as if recorded over weeks.
    moments = [
        dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC) + dt.timedelta(hours=7 * n)
        for n in range(ProgressEvent.objects.filter(user=user).count())
    ]
    for event, moment in zip(ProgressEvent.objects.filter(user=user), moments, strict=True):
        ProgressEvent.objects.filter(pk=event.pk).update(at=moment)
    # The first read counts the history; from then on each change is counted as it is recorded.
    assert _record_days(user, "Europe/Berlin") == _days_from_history(user, "Europe/Berlin")
    for entry in entries:
        services.item_progress_set(user=user, item=entry, state=ItemState.IN_PROGRESS)
    services.page_read_set(user=user, page=Page.objects.get(slug="reading-papers"), read=True)
    services.phase_readiness_set(user=user, phase=Phase.objects.order_by("order")[0], confirmed=True)
    services.progress_reset(user=user)
    expected = _days_from_history(user, "Europe/Berlin")
    assert ActivityDay.objects.filter(user=user).count() == len(expected)
    assert _record_days(user, "Europe/Berlin") == expected
    assert sum(expected.values()) == ProgressEvent.objects.filter(user=user).count()
    # Another zone: the history is counted again, in its days.
    assert _record_days(user, "Asia/Kolkata") == _days_from_history(user, "Asia/Kolkata")
    assert _record_days(user, "Asia/Kolkata") != _days_from_history(user, "Europe/Berlin")
    services.item_progress_set(user=user, item=entries[0], state=ItemState.NOT_STARTED)
    assert _record_days(user, "Asia/Kolkata") == _days_from_history(user, "Asia/Kolkata")
    # Only the days since the date asked for.
    from django.utils import timezone

    from apps.checklists.selectors import learner_record

    with timezone.override("UTC"):
        since = dt.date(2026, 3, 30)
        assert learner_record(user=user, since=since).activity == {
            day: n for day, n in _days_from_history(user, "UTC").items() if day >= since
        }


@pytest.mark.django_db(transaction=True)
def test_a_change_recorded_while_the_history_is_counted_again_is_counted_once():
    from django.conf import settings
    from django.db import transaction

    from apps.curriculum.services import roadmap_seed

    roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    learner = make_user()
    # Never counted yet: the change in flight finds no days to count on, so the count must
    # wait for it to end and find it in the history.
    services.item_progress_set(user=learner, item=item(), state=ItemState.IN_PROGRESS)
    recorded, counted = threading.Event(), []

    def tick_held_open():
        try:
            with transaction.atomic():
                services.item_progress_set(user=learner, item=item(), state=ItemState.DONE)
                recorded.set()
                time.sleep(0.5)  # the zone's recount starts meanwhile, and must wait
        finally:
            connection.close()

    def count_in_another_zone():
        try:
            recorded.wait()
            counted.append(services.activity_days_count(user_id=learner.pk, zone="Asia/Tokyo"))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick_held_open), threading.Thread(target=count_in_another_zone)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counted[0].values()) == 2
    assert _record_days(learner, "Asia/Tokyo") == _days_from_history(learner, "Asia/Tokyo")


def test_a_tick_in_one_statement_does_what_the_general_change_does(django_assert_num_queries):
    """``item_state_set`` (a tick, one statement) and ``item_progress_set`` (any change) leave
    the same row, the same history and the same days, whatever the order of states."""
    from apps.checklists.models import ActivityDay

    target = item()
    states = [ItemState.IN_PROGRESS, ItemState.DONE, ItemState.DONE, ItemState.NOT_STARTED,
              ItemState.DONE, ItemState.NOT_APPLICABLE, ItemState.IN_PROGRESS]  # fmt: skip
    learners = []
    for set_state in (services.item_progress_set, services.item_state_set):
        learner = make_user()
        services.activity_days_count(user_id=learner.pk, zone="Pacific/Auckland")
        rows = []
        for state in states:
            returned = set_state(user=learner, item=target, state=state)
            row = ItemProgress.objects.get(user=learner, item=target)
            assert (returned.pk, returned.state, returned.done_at) == (row.pk, row.state, row.done_at)
            rows.append((row.state, row.started_at is not None, row.done_at is not None))
        learners.append((learner, rows))
    (general, general_rows), (ticked, ticked_rows) = learners
    assert ticked_rows == general_rows

    def history(user):
        return list(ProgressEvent.objects.filter(user=user).order_by("id")
                    .values_list("kind", "item_id", "from_state", "to_state", "detail"))  # fmt: skip

    assert history(ticked) == history(general) and len(history(ticked)) == 6
    days = [sum(ActivityDay.objects.filter(user=u).values_list("changes", flat=True))
            for u in (general, ticked)]  # fmt: skip
    assert days == [6, 6]
    # Done again keeps the first time it was done; a tick on an existing row is one query.
    first_done = ItemProgress.objects.get(user=ticked, item=target)
    services.item_state_set(user=ticked, item=target, state=ItemState.DONE)
    done_at = ItemProgress.objects.get(user=ticked, item=target).done_at
    with django_assert_num_queries(1):
        again = services.item_state_set(user=ticked, item=target, state=ItemState.DONE)
    assert again.done_at == done_at and first_done.started_at is not None


@pytest.mark.parametrize(
    "key", ["arc-not-on-the-list", "jobs-red-flags", "interview-negotiation-steps"]
)
def test_a_tick_refuses_rubrics_pitfalls_and_unknown_states(key, user):
    rubric = ChecklistItem.objects.filter(checklist__key=key).first()
    with pytest.raises(ValidationError):
        services.item_state_set(user=user, item=rubric, state=ItemState.DONE)
    services.item_state_set(user=user, item=item(), state=ItemState.DONE)
    with pytest.raises(ValidationError):
        services.item_state_set(user=user, item=item(), state="finished")
    assert list(ItemProgress.objects.filter(user=user).values_list("state", flat=True)) == ["done"]


def test_only_a_tick_commits_without_waiting_for_the_disk(user):
    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    services.item_progress_set(user=user, item=item(), state=ItemState.DONE, note="A note")
    assert synchronous_commit() == "on"
    services.item_state_set(user=user, item=item(), state=ItemState.NOT_STARTED)
    assert synchronous_commit() == "off"  # for the tick's transaction (here, the test's)
