"""Data stamps (apps.accounts.stamps): every write to someone's records gives them a new stamp."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import ForeignKey, OneToOneField

from apps.accounts import stamps
from apps.accounts.models import DataStamp, User
from apps.checklists.models import ItemProgress
from apps.checklists.services import bookmark_toggle, item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.learners.models import LearnerProfile
from apps.mentoring import services as mentoring
from apps.mentoring.models import Mentorship, Review
from apps.portfolio.models import Project
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db

# Tables with a user column that need no triggers: the editors' log of content changes (no
# kept page shows it), and the activity days, written only with the history or the zone they
# count (checklists' migration 0005).
NOT_STAMPED = {"curriculum_contentchange", "checklists_activityday"}
# Tables whose rows belong to someone through another table.
THROUGH = {Mentorship, Review, Project}


def stamp(user) -> int | None:
    return DataStamp.objects.filter(user_id=user.pk).values_list("value", flat=True).first()


def stamped_tables() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
                       "WHERE tgname LIKE 'stamp\\_%%' AND NOT tgisinternal")  # fmt: skip
        return set(cursor.fetchall())


def test_every_table_of_someones_records_has_its_stamp_triggers():
    triggers = stamped_tables()
    owned = []
    for model in apps.get_models():
        if not model.__module__.startswith("apps.") or model is DataStamp:
            continue
        relations = [
            field.related_model for field in model._meta.concrete_fields
            if isinstance(field, ForeignKey | OneToOneField)
        ]  # fmt: skip
        if model is User or any(r is User or r in THROUGH for r in relations):
            owned.append(model._meta.db_table)
    assert len(owned) > 25
    owned = [table for table in owned if table not in NOT_STAMPED]
    missing = [
        (table, event) for table in owned for event in ("insert", "update", "delete")
        if (table, stamps._name(table, event)) not in triggers
    ]  # fmt: skip
    assert missing == []
    assert ("account_emailaddress", stamps._name("account_emailaddress", "update")) in triggers


def test_a_tick_stamps_the_learner_and_nobody_else():
    ada, bob = make_learner().user, make_learner().user
    before = stamp(ada), stamp(bob)
    item_progress_set(user=ada, item=ChecklistItem.objects.first(), state="done")
    assert stamp(ada) != before[0]
    assert stamp(bob) == before[1]


def test_every_stamp_is_new_even_for_the_same_change_undone():
    ada = make_learner().user
    item = ChecklistItem.objects.first()
    seen = {stamp(ada)}
    for _ in range(2):
        bookmark_toggle(user=ada, item=item)
        assert stamp(ada) not in seen
        seen.add(stamp(ada))


def test_a_bulk_write_stamps_every_learner_it_touches_in_one_statement():
    learners = [make_learner().user for _ in range(3)]
    before = {user.pk: stamp(user) for user in learners}
    item = ChecklistItem.objects.first()
    ItemProgress.objects.bulk_create(
        [ItemProgress(user=user, item=item, state="done") for user in learners[:2]]
    )
    ItemProgress.objects.filter(user__in=learners[:2]).delete()
    after = {user.pk: stamp(user) for user in learners}
    assert [after[u.pk] != before[u.pk] for u in learners] == [True, True, False]


def test_a_mentors_decision_stamps_both_sides():
    mentorship = make_mentorship()
    item = ChecklistItem.objects.first()
    item_progress_set(user=mentorship.learner, item=item, state="done")
    review = mentoring.review_request(mentorship=mentorship, item=item)
    learner_before, mentor_before = stamp(mentorship.learner), stamp(mentorship.mentor)
    mentoring.review_act(review=review, user=mentorship.mentor, action="approve")
    assert stamp(mentorship.learner) != learner_before
    assert stamp(mentorship.mentor) != mentor_before


def test_a_new_name_stamps_everyone_shown_it():
    mentorship = make_mentorship()
    outsider = make_learner().user
    learner_before, outsider_before = stamp(mentorship.learner), stamp(outsider)
    mentoring.mentor_profile_save(user=mentorship.mentor, display_name="Grace",
                                  timezone_name="UTC", bio="")  # fmt: skip
    assert stamp(mentorship.learner) != learner_before
    assert stamp(outsider) == outsider_before
    mentor_before = stamp(mentorship.mentor)
    LearnerProfile.objects.filter(user=mentorship.learner).update(display_name="Ada L.")
    assert stamp(mentorship.mentor) != mentor_before


def test_an_invitation_stamps_the_account_its_address_belongs_to():
    learner = make_learner().user
    invited = make_user(email="Invited.Person@example.com")
    before = stamp(invited)
    mentoring.invitation_create(learner=learner, email="invited.person@example.com")
    assert stamp(invited) != before


def test_the_signed_in_user_comes_with_its_stamp_in_one_query(django_assert_num_queries):
    ada = make_learner().user
    with django_assert_num_queries(1):
        loaded = User.objects.get(pk=ada.pk)
    assert loaded.data_stamp == stamp(ada)
    assert User.objects.get(email=ada.email).data_stamp is None  # not read: nothing kept
    never_changed = User.objects.get(pk=make_user().pk)
    DataStamp.objects.filter(user_id=never_changed.pk).delete()
    assert User.objects.get(pk=never_changed.pk).data_stamp == 0
