from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core import kept
from apps.core.kept import kept_page
from apps.curriculum.revision import content_revision

from . import selectors, services
from .forms import HonestTestForm, PlanForm, ProfileForm, honest_test_fields
from .honest_test import TRAINING_ANSWER
from .middleware import remember_timezone

SESSION_TEST_ANSWERS = "onboarding_test_answers"


def _save_profile(request, test_form: HonestTestForm, plan_form: PlanForm):
    answers = test_form.answers()
    can_train = answers.pop(TRAINING_ANSWER)
    data = plan_form.cleaned_data
    profile = services.learner_profile_save(
        user=request.user,
        display_name=data["display_name"],
        bucket=data["bucket"],
        start_date=data["start_date"],
        hours_per_week=data["hours_per_week"],
        timezone_name=data["timezone"],
        specialization=data["specialization"],
        test_answers=answers,
        can_train_model=can_train,
        public_handle=data.get("public_handle"),
        portfolio_public=data.get("portfolio_public"),
        job_started_on=data.get("job_started_on") if "job_started_on" in data else ...,
    )
    remember_timezone(request, profile.timezone)
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request):
    """Step 1: the honest test."""
    questions = selectors.honest_test_questions()
    if request.method == "POST":
        form = HonestTestForm(request.POST, questions=questions)
        if form.is_valid():
            request.session[SESSION_TEST_ANSWERS] = form.answers()
            return redirect("learners:onboarding_plan")
    else:
        profile = selectors.learner_profile(user=request.user)
        form = HonestTestForm(
            questions=questions,
            initial=HonestTestForm.initial_from(profile, request.session.get(SESSION_TEST_ANSWERS)),
        )
    return render(request, "learners/onboarding.html", {"form": form, "step": 1})


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_plan(request):
    """Step 2: the suggested bucket (and why), start date, pace, time zone, specialization."""
    answers = request.session.get(SESSION_TEST_ANSWERS)
    if answers is None:
        messages.info(request, "Start with the honest test: it suggests where you begin.")
        return redirect("learners:onboarding")
    questions = selectors.honest_test_questions()
    test_form = HonestTestForm(HonestTestForm.initial_from(None, answers), questions=questions)
    test_form.is_valid()
    buckets = selectors.buckets()
    suggestion = selectors.suggestion_for(answers=answers, questions=questions, buckets=buckets)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            _save_profile(request, test_form, form)
            del request.session[SESSION_TEST_ANSWERS]
            messages.success(request, "Your plan is ready. Here is where you are today.")
            return redirect("learners:dashboard")
    else:
        suggested = next(b for b in buckets if b.letter == suggestion.letter)
        form = PlanForm(
            initial={
                "bucket": suggested.pk,
                "start_date": timezone.localdate(),
                "hours_per_week": 15,
                "timezone": "UTC",
                "display_name": request.user.email.split("@")[0],
            }
        )
        form.fields["timezone"].widget.attrs["data-detect-timezone"] = ""
    return render(
        request,
        "learners/onboarding_plan.html",
        {"form": form, "suggestion": suggestion, "step": 2},
    )


@login_required
@require_http_methods(["GET", "POST"])
@kept_page(content_revision)
def profile(request):
    profile = selectors.profile_for_editing(user=request.user)
    if profile is None:
        # A mentor or editor without a plan has a profile of their own (name, time zone).
        if request.user.is_staff or selectors.home_without_plan(user=request.user) == reverse(
            "mentoring:inbox"
        ):
            return redirect("mentoring:profile")
        return redirect("learners:onboarding")
    questions = selectors.honest_test_questions()
    if request.method == "POST":
        test_form = HonestTestForm(request.POST, questions=questions, prefix="test")
        plan_form = ProfileForm(request.POST, instance=profile)
        if test_form.is_valid() and plan_form.is_valid():
            _save_profile(request, test_form, plan_form)
            messages.success(request, "Your profile is saved.")
            return redirect("learners:profile")
    else:
        test_form = None  # shown from its kept markup (honest_test_fields)
        plan_form = ProfileForm(instance=profile)
    answers = (
        test_form.answers()
        if test_form is not None and test_form.is_valid()
        else {**profile.test_answers, TRAINING_ANSWER: profile.can_train_model}
    )
    suggestion = selectors.suggestion_for(
        answers=answers, questions=questions, buckets=selectors.buckets()
    )
    return render(
        request,
        "learners/profile.html",
        {
            "test_form": test_form,
            "test_fields": test_form is None and honest_test_fields(
                questions=questions, initial=HonestTestForm.initial_from(profile), prefix="test"
            ),
            "form": plan_form,
            "profile": profile,
            "suggestion": suggestion,
            "calendar_token": profile.calendar_token,
        },  # fmt: skip
    )


@login_required
@require_POST
def suggestion(request):
    """htmx: the bucket the honest test suggests for the answers being edited."""
    questions = selectors.honest_test_questions()
    test_form = HonestTestForm(request.POST, questions=questions, prefix="test")
    suggestion = None
    if test_form.is_valid():
        suggestion = selectors.suggestion_for(
            answers=test_form.answers(), questions=questions, buckets=selectors.buckets()
        )
    return render(request, "learners/profile.html#suggestion", {"suggestion": suggestion})


@login_required
@require_GET
def dashboard(request):
    """Drawn from the learner's records and the day; kept (apps.core.kept) until either, or
    the content, changes."""
    user, today = request.user, timezone.localdate()
    board_html = kept.kept_data(
        kept.key_for(request, "dashboard", content_revision(), today),
        lambda: _board_html(user, today), size=len,
    )  # fmt: skip
    if board_html is None:
        return redirect(selectors.home_without_plan(user=user))
    board_html = kept.with_csrf(request, board_html)
    return render(request, "learners/dashboard.html", {"board_html": board_html})


def _board_html(user, today) -> str | None:
    """The dashboard's board, with ``kept.CSRF_MARK`` for the token; None without a plan."""
    profile = selectors.learner_profile(user=user)
    if profile is None:
        return None
    board = selectors.learner_dashboard(profile=profile, today=today)
    return render_to_string("learners/dashboard.html#board", {
        "board": board, "profile": profile, "csrf_token": kept.CSRF_MARK,
    })  # fmt: skip


@login_required
@require_POST
def calendar_settings(request):
    """Turn the private calendar feed on, give it a new address, or turn it off."""
    action = request.POST.get("action")
    if action == "enable":
        services.calendar_feed_enable(user=request.user)
        messages.success(request, "Your calendar feed is on. Subscribe to the address below.")
    elif action == "regenerate":
        services.calendar_feed_regenerate(user=request.user)
        messages.success(request, "New address: the old one no longer works.")
    elif action == "revoke":
        services.calendar_feed_revoke(user=request.user)
        messages.success(request, "Your calendar feed is off: its address no longer works.")
    else:
        return HttpResponse("Choose enable, regenerate or revoke.", status=400)
    return redirect(f"{reverse('learners:profile')}#calendar")


@require_GET
def calendar_feed(request, token: str):
    """The private iCalendar feed: the token in the address is the only key."""
    body = selectors.calendar_for_token(token=token)
    if body is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="roadmap.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
