import pytest
from django.db.models import OuterRef, Subquery

from apps.learners import selectors
from apps.learners.models import CalendarFeed, LearnerProfile
from tests.factories import make_learner, make_user

pytestmark = pytest.mark.django_db


def _by_the_orm(user):
    feed = CalendarFeed.objects.filter(user=OuterRef("user_id")).values("token")
    return LearnerProfile.objects.filter(user=user).annotate(calendar_token=Subquery(feed)).first()


def _fields(profile) -> dict:
    return {
        **{f.attname: getattr(profile, f.attname) for f in LearnerProfile._meta.concrete_fields},
        "calendar_token": profile.calendar_token,
    }


@pytest.mark.parametrize("with_feed", [True, False])
def test_the_profile_for_editing_is_the_orms_with_the_feeds_token(with_feed):
    learner = make_learner(test_answers={"q1": True, "q2": False}, public_handle="ada-builds")
    other = make_learner()
    CalendarFeed.objects.create(user=other.user, token="someone-elses")
    if with_feed:
        CalendarFeed.objects.create(user=learner.user, token="tok-en_1")
    found = selectors.profile_for_editing(user=learner.user)
    assert _fields(found) == _fields(_by_the_orm(learner.user))
    assert found.calendar_token == ("tok-en_1" if with_feed else None)
    assert found.test_answers == {"q1": True, "q2": False} and not found._state.adding
    assert selectors.profile_for_editing(user=make_user()) is None
