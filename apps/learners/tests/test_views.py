import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.curriculum.models import Bucket, HonestTestQuestion, Specialization
from apps.learners.models import LearnerProfile
from tests.factories import make_learner, make_user
from tests.field_groups import assert_same_as_templates

pytestmark = pytest.mark.django_db
# Session and user, profile, phases, slumps, progress, resume, confirmations, activity,
# check-ins, next page, the bell: a constant, whatever the number of learners or items. The
# first view after a content change builds the content; a learner's first view counts their
# activity by day (once: apps.checklists.models.ActivityDay).
DASHBOARD_QUERIES = 21
# A learner's next views.
WARM_DASHBOARD_QUERIES = 6


def question_keys():
    return list(
        HonestTestQuestion.objects.filter(is_training_question=False).values_list("key", flat=True)
    )


def honest_answers(yes: int, can_train: bool = False, prefix: str = "") -> dict:
    data = {f"{prefix}{key}": "yes" if i < yes else "no" for i, key in enumerate(question_keys())}
    data[f"{prefix}can_train_model"] = "yes" if can_train else "no"
    return data


def plan_data(**overrides) -> dict:
    data = {
        "display_name": "Grace",
        "bucket": Bucket.objects.get(letter="C").pk,
        "start_date": "2026-09-01",
        "hours_per_week": "20",
        "timezone": "Europe/Berlin",
        "specialization": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def user_client(client):
    user = make_user()
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.parametrize("name", ["dashboard", "onboarding", "onboarding_plan", "profile"])
def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, name):
    url = reverse(f"learners:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_a_new_learner_is_sent_to_onboarding(user_client):
    response = user_client.get(reverse("learners:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("learners:onboarding")


def test_onboarding_suggests_a_bucket_and_creates_the_profile(user_client):
    response = user_client.post(reverse("learners:onboarding"), honest_answers(4, can_train=True))
    assert response["Location"] == reverse("learners:onboarding_plan")

    page = user_client.get(reverse("learners:onboarding_plan"))
    html = page.content.decode()
    assert "Suggested: bucket D" in html
    assert "You answered yes to 4 of the 4 questions and can already train a model" in html
    assert page.context["form"].initial["bucket"] == Bucket.objects.get(letter="D").pk

    # The learner may choose another bucket than the suggestion.
    response = user_client.post(reverse("learners:onboarding_plan"), plan_data())
    assert response["Location"] == reverse("learners:dashboard")
    profile = LearnerProfile.objects.get(user=user_client.user)
    assert profile.bucket.letter == "C"
    assert profile.hours_per_week == 20
    assert profile.timezone == "Europe/Berlin"
    assert profile.can_train_model is True
    assert sum(profile.test_answers.values()) == 4
    assert user_client.session["learner_timezone"] == "Europe/Berlin"


def test_onboarding_requires_every_answer(user_client):
    data = honest_answers(2)
    del data[question_keys()[0]]
    response = user_client.post(reverse("learners:onboarding"), data)
    assert response.status_code == 200
    assert "Answer yes or no." in response.content.decode()


def test_step_two_without_the_test_goes_back_to_step_one(user_client):
    response = user_client.get(reverse("learners:onboarding_plan"))
    assert response["Location"] == reverse("learners:onboarding")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_per_week", "0", "Plan at least 1 hour a week."),
        ("hours_per_week", "100", "is not sustainable"),
        ("hours_per_week", "ten", "Enter a whole number of hours."),
        ("start_date", "2026-02-30", "Enter a date like 2026-09-01."),
        ("start_date", "1999-12-31", "too far in the past"),
        ("start_date", (dt.date.today() + dt.timedelta(days=400)).isoformat(), "within the next"),
        ("timezone", "Mars/Olympus", "Select a valid choice."),
        ("display_name", "   ", "Choose a display name."),
        ("bucket", "", "Choose the bucket you start from."),
        ("bucket", "999999", "Select a valid choice."),
        ("specialization", "999999", "Select a valid choice."),
    ],
)
def test_invalid_plan_values_get_clear_messages(user_client, field, value, message):
    user_client.post(reverse("learners:onboarding"), honest_answers(3))
    response = user_client.post(reverse("learners:onboarding_plan"), plan_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LearnerProfile.objects.filter(user=user_client.user).exists()


def test_profile_edits_everything_and_records_when_a_specialization_was_chosen(user_client):
    make_learner(user_client.user, bucket="B")
    page = user_client.get(reverse("learners:profile"))
    assert page.status_code == 200
    specialization = Specialization.objects.get(key="mlops")
    data = {**honest_answers(3, prefix="test-"), **plan_data(specialization=specialization.pk)}
    response = user_client.post(reverse("learners:profile"), data)
    assert response["Location"] == reverse("learners:profile")
    profile = LearnerProfile.objects.get(user=user_client.user)
    assert profile.bucket.letter == "C"
    assert profile.specialization == specialization
    assert profile.specialization_chosen_on == timezone.localdate()


def test_profile_errors_keep_what_was_typed(user_client):
    make_learner(user_client.user)
    data = {**honest_answers(3, prefix="test-"), **plan_data(hours_per_week="0",
            display_name="Kept name")}  # fmt: skip
    response = user_client.post(reverse("learners:profile"), data)
    html = response.content.decode()
    assert "Plan at least 1 hour a week." in html
    assert 'value="Kept name"' in html
    assert LearnerProfile.objects.get(user=user_client.user).display_name == "Ada"


def test_suggestion_fragment_for_htmx(user_client):
    make_learner(user_client.user)
    url = reverse("learners:suggestion")
    response = user_client.post(url, honest_answers(1, prefix="test-"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="suggestion"')
    assert "bucket A" in html
    assert "<html" not in html
    incomplete = user_client.post(url, {"test-can_train_model": "no"}, HTTP_HX_REQUEST="true")
    assert "Answer every question" in incomplete.content.decode()
    assert user_client.get(url).status_code == 405


def test_dashboard_shows_month_phase_arc_and_next_page(user_client, django_assert_max_num_queries):
    start = timezone.localdate() - dt.timedelta(days=45)
    make_learner(user_client.user, bucket="C", start_date=start)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = user_client.get(reverse("learners:dashboard"))
    with django_assert_max_num_queries(WARM_DASHBOARD_QUERIES):
        assert user_client.get(reverse("learners:dashboard")).status_code == 200
    html = response.content.decode()
    board = response.context["board"]
    assert board.position.month_number == 2
    assert board.phase.key == "hands-on-ml"
    assert "month 2 of 8" in html
    assert 'aria-labelledby="plan-arc-title plan-arc-desc"' in html
    assert "arc-marker-today" in html
    assert board.next_page.slug == "transformers-in-one-page"
    assert "Signal you're ready for phase 3" in html.replace("&#x27;", "'")


def test_dashboard_warns_of_a_slump_and_nudges_for_a_specialization(user_client):
    # Bucket C, full time: the month-6 slump spans plan months 3.125-3.75.
    start = timezone.localdate() - dt.timedelta(days=int(3.3 * 30.4375))
    make_learner(user_client.user, bucket="C", start_date=start)
    html = user_client.get(reverse("learners:dashboard")).content.decode()
    assert "A hard stretch is here" in html
    assert "Time to pick a specialization" in html
    profile = LearnerProfile.objects.get(user=user_client.user)
    profile.specialization = Specialization.objects.first()
    profile.save()
    assert "Time to pick" not in user_client.get(reverse("learners:dashboard")).content.decode()


def test_dashboard_before_the_start(user_client):
    make_learner(user_client.user, start_date=timezone.localdate() + dt.timedelta(days=10))
    html = user_client.get(reverse("learners:dashboard")).content.decode()
    assert "in 10 days" in html


def test_dashboard_queries_do_not_grow_with_learners(client, django_assert_max_num_queries):
    for _ in range(15):
        make_learner()
    learner = make_learner()
    client.force_login(learner.user)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("learners:dashboard")).status_code == 200


def test_learners_only_ever_see_their_own_profile(client):
    mine, theirs = make_learner(display_name="Mine"), make_learner(display_name="Theirs")
    client.force_login(mine.user)
    html = client.get(reverse("learners:dashboard")).content.decode()
    assert "Hi Mine" in html and "Theirs" not in html
    profile_html = client.get(reverse("learners:profile")).content.decode()
    assert "Theirs" not in profile_html
    theirs.refresh_from_db()
    assert theirs.display_name == "Theirs"


@pytest.mark.parametrize("value", ["Europe/Berlin", "America/Argentina/Buenos_Aires", "", "bogus"])
def test_the_time_zone_select_is_the_long_select_markup(value):
    """Its options are written once per process; the page shows what LongSelect wrote."""
    from django import forms

    from apps.core.widgets import LongSelect
    from apps.learners.forms import TimezoneSelect, timezone_choices

    class Both(forms.Form):
        long = forms.ChoiceField(choices=timezone_choices, widget=LongSelect(attrs={"data-x": 1}))
        zone = forms.ChoiceField(choices=timezone_choices, widget=TimezoneSelect(attrs={"data-x": 1}))

    for form in (Both(data={"long": value, "zone": value}), Both(initial={"long": value, "zone": value})):
        long = str(form["long"].as_widget()).replace("long", "field")
        zone = str(form["zone"].as_widget()).replace("zone", "field")
        assert zone == long
        assert ("selected" in zone) == (value in ("Europe/Berlin", "America/Argentina/Buenos_Aires"))


@pytest.mark.parametrize(
    "choices",
    [[("yes", "Yes"), ("no", "No")], [("a&b", 'L "q" <b>'), ("c", "C")],
     [("G <1>", [("a", "A"), ("b", "B")]), ("G2", [("c", "C")])]],
)  # fmt: skip
@pytest.mark.parametrize("value", [None, "yes", "a&b", "b"])
@pytest.mark.parametrize("attrs", [{"id": "id_x"}, {}, {"id": "id_x", "class": "k", "required": True}])
def test_quick_radio_buttons_are_djangos_markup(choices, value, attrs):
    from django import forms

    from apps.learners.forms import QuickRadioSelect

    assert QuickRadioSelect(choices=choices).render("x", value, attrs) == (
        forms.RadioSelect(choices=choices).render("x", value, attrs)
    )


# Session, user, the profile (with its calendar token), the content revision, the account
# menu. The first request after a content change also reads the questions, buckets and
# specializations and shares them through the cache (get, then set): once per revision.
PROFILE_QUERIES = 5
COLD_PLACEMENT_QUERIES = 9


def test_the_profile_page_reads_its_content_once_per_revision(user_client, django_assert_max_num_queries):
    from apps.curriculum.revision import bump_content_revision

    make_learner(user_client.user)
    bump_content_revision()
    with django_assert_max_num_queries(PROFILE_QUERIES + COLD_PLACEMENT_QUERIES):
        assert user_client.get(reverse("learners:profile")).status_code == 200
    with django_assert_max_num_queries(PROFILE_QUERIES):
        assert user_client.get(reverse("learners:profile")).status_code == 200
    for _ in range(3):
        make_learner()
    with django_assert_max_num_queries(PROFILE_QUERIES):
        assert user_client.get(reverse("learners:profile")).status_code == 200


def test_an_edited_bucket_or_question_shows_on_the_next_profile_page(user_client):
    make_learner(user_client.user)
    assert "Never coded" in user_client.get(reverse("learners:profile")).content.decode()
    bucket = Bucket.objects.get(letter="A")
    bucket.title = "Never written code"
    bucket.save()
    question = HonestTestQuestion.objects.filter(is_training_question=False).first()
    question.text = "Have you **ever** shipped anything?"
    question.save()
    Specialization.objects.filter(pk=Specialization.objects.first().pk).update(title="Renamed")
    html = user_client.get(reverse("learners:profile")).content.decode()
    assert "A. Never written code" in html and "Never coded" not in html
    assert "Have you ever shipped anything?" in html
    assert ">Renamed</option>" in html


def test_the_profile_shows_the_calendar_feed_address_only_when_it_is_on(user_client):
    from apps.learners import services

    make_learner(user_client.user)
    assert "calendar-url" not in user_client.get(reverse("learners:profile")).content.decode()
    feed = services.calendar_feed_enable(user=user_client.user)
    html = user_client.get(reverse("learners:profile")).content.decode()
    assert f'value="http://testserver/calendar/{feed.token}.ics"' in html
    assert f'href="/calendar/{feed.token}.ics"' in html


@pytest.mark.parametrize("bound", [False, True])
def test_the_profile_and_plan_forms_are_written_as_the_templates_write_them(bound):
    """Every field group of the honest test, the plan and the profile, unbound (from the
    learner's profile) and bound with errors: QuickBoundField against Django's templates."""
    from apps.learners.forms import HonestTestForm, PlanForm, ProfileForm
    from apps.learners.selectors import honest_test_questions

    profile = make_learner(specialization=Specialization.objects.first())
    questions = honest_test_questions()
    bad = {"test-can_train_model": "maybe", "hours_per_week": "0", "start_date": "1999-01-01",
           "display_name": "  ", "bucket": "999", "timezone": "Mars/Olympus",
           "public_handle": "", "portfolio_public": "on", "job_started_on": "soon"}  # fmt: skip
    if bound:
        forms = [HonestTestForm(bad, questions=questions, prefix="test"),
                 ProfileForm(bad, instance=profile), PlanForm(bad)]  # fmt: skip
        assert not any(form.is_valid() for form in forms)
    else:
        forms = [HonestTestForm(questions=questions, initial=HonestTestForm.initial_from(profile),
                                prefix="test"),
                 ProfileForm(instance=profile), PlanForm(initial={"hours_per_week": 15})]  # fmt: skip
    assert sum(assert_same_as_templates(form) for form in forms) == sum(len(f.fields) for f in forms)


def test_listed_choices_are_the_querysets_and_a_choice_is_still_checked(django_assert_num_queries):
    from django import forms

    from apps.core.fields import ListedModelChoiceField
    from apps.learners import selectors
    from apps.learners.forms import QuickRadioSelect

    class Both(forms.Form):
        listed = ListedModelChoiceField(Bucket.objects.all(), objects=selectors.buckets,
                                        widget=QuickRadioSelect, empty_label=None)  # fmt: skip
        queried = forms.ModelChoiceField(Bucket.objects.all(), widget=QuickRadioSelect,
                                         empty_label=None)  # fmt: skip
        listed_s = ListedModelChoiceField(Specialization.objects.all(), required=False,
                                          objects=selectors.specializations)  # fmt: skip
        queried_s = forms.ModelChoiceField(Specialization.objects.all(), required=False)

    selectors.buckets(), selectors.specializations()  # the revision's content, read
    bucket, specialization = Bucket.objects.get(letter="B"), Specialization.objects.last()
    form = Both(initial={"listed": bucket, "queried": bucket, "listed_s": specialization.pk,
                         "queried_s": specialization.pk})  # fmt: skip
    with django_assert_num_queries(2):  # the revision, once per field outside a request
        listed, listed_s = str(form["listed"]), str(form["listed_s"])
    assert listed == str(form["queried"]).replace("queried", "listed")
    assert listed_s == str(form["queried_s"]).replace("queried_s", "listed_s")
    assert "checked" in listed and "selected" in listed_s
    assert len(form.fields["listed_s"].choices) == Specialization.objects.count() + 1

    submitted = Both({"listed": "999999", "queried": bucket.pk, "listed_s": specialization.pk})
    assert not submitted.is_valid() and list(submitted.errors) == ["listed"]
    assert submitted.cleaned_data["listed_s"] == specialization


def test_a_kept_dashboard_follows_the_learners_changes_and_the_day(user_client, monkeypatch):
    from apps.core.kept import CSRF_MARK

    today = timezone.localdate()
    profile = make_learner(user_client.user, display_name="Ada",
                           start_date=today + dt.timedelta(days=10))  # fmt: skip
    first = user_client.get(reverse("learners:dashboard")).content.decode()
    assert "Hi Ada" in first and "in 10 days" in first and CSRF_MARK not in first
    assert 'name="csrfmiddlewaretoken"' in first
    LearnerProfile.objects.filter(pk=profile.pk).update(display_name="Grace")
    assert "Hi Grace" in user_client.get(reverse("learners:dashboard")).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + dt.timedelta(days=1))
    assert "in 9 days" in user_client.get(reverse("learners:dashboard")).content.decode()
