import pytest
from django.utils import timezone

from apps.mentoring import people, selectors
from apps.mentoring.models import MentorProfile
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db


def test_mentor_choices_name_each_active_mentor_as_people_do(django_assert_num_queries):
    learner = make_learner()
    by_mentor_profile = make_user("grace@example.com")
    MentorProfile.objects.create(user=by_mentor_profile, display_name="Grace <H>")
    by_learner_profile = make_learner(display_name="Alan").user
    by_address = make_user("barbara.liskov@example.com")
    gone = make_user("ended@example.com")
    kept = [make_mentorship(learner, mentor) for mentor in
            (by_mentor_profile, by_learner_profile, by_address)]  # fmt: skip
    make_mentorship(learner, gone, ended_at=timezone.now())
    deleted = make_user("deleted@example.com")
    kept.append(make_mentorship(learner, deleted))
    deleted.delete()  # the mentorship stays, without its mentor
    kept[-1].refresh_from_db()
    make_mentorship(make_learner(), by_address)  # someone else's
    with django_assert_num_queries(1):
        choices = selectors.mentor_choices(learner=learner.user)
    expected = [(m.pk, people.display_name(m.mentor)) for m in kept]
    assert choices == expected
    assert [name for _, name in choices] == ["Grace <H>", "Alan", "barbara.liskov",
                                              "A former member"]
    assert {m.pk for m in selectors.learner_mentorships(learner=learner.user)} == {
        pk for pk, _ in choices
    }
