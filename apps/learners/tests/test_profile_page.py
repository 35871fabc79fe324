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


@pytest.mark.parametrize("answers", [{}, "all yes", "mixed", {"gone-question": True}])
def test_the_kept_honest_test_is_what_the_pages_loop_writes(answers):
    from django.template import engines

    from apps.learners.forms import HonestTestForm, honest_test_fields
    from apps.learners.honest_test import TRAINING_ANSWER

    questions = selectors.honest_test_questions()
    keys = [q.key for q in questions if not q.is_training_question] + [TRAINING_ANSWER]
    if answers == "all yes":
        answers = dict.fromkeys(keys, True)
    elif answers == "mixed":
        answers = {key: n % 3 == 0 for n, key in enumerate(keys) if n != 1}
    initial = HonestTestForm.initial_from(None, answers)
    loop = engines["django"].from_string(
        '{% for field in test_form %}<div class="yes-no">{{ field.as_field_group }}</div>'
        "{% endfor %}"
    )
    form = HonestTestForm(questions=questions, initial=initial, prefix="test")
    kept = honest_test_fields(questions=questions, initial=initial, prefix="test")
    assert kept == loop.render({"test_form": form})
    assert honest_test_fields(questions=questions, initial=initial, prefix="test") is kept
    assert kept.count('class="yes-no"') == len(keys) and kept.count(" checked") == len(
        [key for key in keys if key in answers]
    )


def test_the_kept_bucket_and_specialization_choices_are_the_widgets_own():
    from apps.core.widgets import LongSelect
    from apps.curriculum.models import Bucket, Specialization
    from apps.learners.forms import ProfileForm, QuickRadioSelect

    learner = make_learner()
    values = [(b.pk, s.pk) for b, s in zip(Bucket.objects.all(), Specialization.objects.all(),
                                             strict=False)] + [(None, None)]  # fmt: skip
    for bucket, specialization in values:
        for data in (None, {"bucket": bucket or "", "specialization": specialization or "x"}):
            learner.bucket_id, learner.specialization_id = bucket, specialization
            form = ProfileForm(data, instance=learner)
            for name, plain in (("bucket", QuickRadioSelect), ("specialization", LongSelect)):
                field = form[name]
                kept = field.as_widget()
                assert field.as_widget() is kept or data is not None
                widget = plain(attrs=field.field.widget.attrs)
                widget.choices = field.field.widget.choices
                attrs = field.build_widget_attrs({}, field.field.widget)  # as the field does
                attrs.setdefault("id", field.auto_id)
                assert kept == widget.render(field.html_name, field.value(), attrs)
    # An edited bucket or specialization shows at once: test_views'
    # test_an_edited_bucket_or_question_shows_on_the_next_profile_page.
