import csv

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core import kept
from apps.core.http import optional_id, parse_id, safe_next
from apps.core.kept import kept_page
from apps.curriculum.models import ChecklistItem
from apps.curriculum.revision import content_revision
from apps.learners.middleware import remember_timezone
from apps.portfolio.models import Project

from . import fragments, people, selectors, services
from . import mentee as mentee_reads
from .forms import MentorProfileForm
from .models import Invitation, Mentorship, Notification
from .services import MentoringError

MAX_EMAIL_LENGTH = 254  # the column's size, and what an SMTP path may hold


def _typed(value: str) -> str:
    """What a person typed, as a CSV cell a spreadsheet shows rather than runs: a leading
    =, +, - or @ would make it a formula."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


def _error(request, error: MentoringError) -> None:
    messages.error(request, " ".join(error.messages))


# The learner's side ---------------------------------------------------------------------


@login_required
@require_GET
def mentors(request):
    return render(
        request,
        "mentoring/mentors.html",
        {
            "mentorships": selectors.learner_mentorships(learner=request.user),
            "invitations": [
                i for i in Invitation.objects.filter(learner=request.user) if i.is_pending
            ],
            "mentors_anyone": Mentorship.objects.active().filter(mentor=request.user).exists(),
            "my_reviews": selectors.learner_reviews(learner=request.user),
        },
    )


@login_required
@require_POST
def invite(request):
    email = request.POST.get("email", "").strip().lower()
    try:
        if len(email) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        messages.error(request, "Enter a valid email address.")
        return redirect("mentoring:mentors")
    # Counted per learner (per hour and per day) and per address: a burst cannot send spam.
    if not ratelimit.consume(request, action="mentor_invitation", user=request.user, key=email):
        return render(
            request,
            "429.html",
            {"message": "You have sent many invitations recently, or several to this "
                        "address. Please wait before sending more."},
            status=429,
        )  # fmt: skip
    try:
        services.invitation_create(learner=request.user, email=email)
        messages.success(request, f"Invitation sent to {email}. The link works once, for 14 days.")
    except MentoringError as error:
        _error(request, error)
    return redirect("mentoring:mentors")


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk, learner=request.user)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, "Invitation withdrawn.")
    return redirect("mentoring:mentors")


def _learner_mentorship(request, pk: int) -> Mentorship:
    return get_object_or_404(Mentorship.objects.active(), pk=pk, learner=request.user)


@login_required
@require_POST
def sharing(request, pk: int):
    mentorship = _learner_mentorship(request, pk)
    services.sharing_update(
        mentorship=mentorship,
        portfolio=request.POST.get("shares_portfolio") == "on",
        papers=request.POST.get("shares_papers") == "on",
        job_search=request.POST.get("shares_job_search") == "on",
        notes=request.POST.get("shares_notes") == "on",
    )
    messages.success(request, "Sharing updated.")
    return redirect("mentoring:mentors")


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk: int):
    """The learner revokes a mentor, or the mentor leaves: access ends at once. GET asks
    first, on a page that says what will happen; only the POST acts."""
    mentorship = selectors.own_mentorship(user=request.user, pk=pk)
    is_learner = mentorship.learner_id == request.user.pk
    other = mentorship.mentor if is_learner else mentorship.learner
    blocking = request.GET.get("block") == "1" or request.POST.get("block") == "1"
    if request.method == "GET":
        return render(
            request,
            "mentoring/end.html",
            {
                "mentorship": mentorship,
                "is_learner": is_learner,
                "other": other,
                "blocking": blocking,
            },  # fmt: skip
        )
    services.mentorship_end(mentorship=mentorship)
    name = people.display_name(other)
    if blocking:
        services.block(blocker=request.user, blocked=other)
        messages.success(
            request, f"Ended and blocked: {name} cannot invite you, or be invited by you, again."
        )
    elif is_learner:
        messages.success(request, f"{name} is no longer your mentor.")
    else:
        messages.success(request, f"You no longer mentor {name}.")
    return redirect("mentoring:mentors" if is_learner else "mentoring:inbox")


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    invitation = (
        Invitation.objects.select_related(*people.related("learner")).filter(token=token).first()
    )
    if problem := services.invitation_problem(invitation):
        return render(request, "mentoring/invitation.html", {"problem": problem}, status=410)
    # Someone new to the site is asked only what a mentor needs, never a learner's plan.
    form = None
    if request.user.is_authenticated and not selectors.has_profile(user=request.user):
        form = MentorProfileForm(
            request.POST or None,
            initial={"display_name": request.user.email.split("@")[0], "timezone": "UTC"},
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if not services.is_invitee(invitation, request.user):
            return _not_the_invitee(request, invitation)
        if form is not None and not form.is_valid():
            return render(
                request,
                "mentoring/invitation.html",
                {"invitation": invitation, "form": form},
                status=400,
            )
        try:
            if form is not None:
                mentorship = services.invitation_accept_as_new_mentor(
                    token=token,
                    user=request.user,
                    display_name=form.cleaned_data["display_name"],
                    timezone_name=form.cleaned_data["timezone"],
                    bio=form.cleaned_data["bio"],
                )
                remember_timezone(request, form.cleaned_data["timezone"])
            else:
                mentorship = services.invitation_accept(token=token, user=request.user)
        except MentoringError as error:
            return render(
                request,
                "mentoring/invitation.html",
                {"problem": " ".join(error.messages)},
                status=400,
            )
        messages.success(
            request,
            f"You are now {people.display_name(invitation.learner)}’s mentor. "
            "Here is where they stand.",
        )
        return redirect("mentoring:mentee", learner_id=mentorship.learner_id)
    if request.user.is_authenticated and not services.is_invitee(invitation, request.user):
        return _not_the_invitee(request, invitation)
    return render(request, "mentoring/invitation.html", {"invitation": invitation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The profile of an account without a plan of its own: name, time zone, bio, and the
    way to start a plan."""
    instance = selectors.mentor_profile(user=request.user)
    form = MentorProfileForm(
        request.POST or None,
        instance=instance,
        initial=None
        if instance
        else {"display_name": people.display_name(request.user), "timezone": "UTC"},  # fmt: skip
    )
    if request.method == "POST" and form.is_valid():
        saved = services.mentor_profile_save(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            timezone_name=form.cleaned_data["timezone"],
            bio=form.cleaned_data["bio"],
        )
        remember_timezone(request, saved.timezone)
        messages.success(request, "Your profile is saved.")
        return redirect("mentoring:profile")
    return render(
        request,
        "mentoring/profile.html",
        {"form": form, "has_plan": selectors.has_plan(user=request.user)},
        status=400 if form.errors else 200,
    )


def _not_the_invitee(request, invitation: Invitation):
    return render(
        request,
        "mentoring/invitation.html",
        {"invitation": invitation, "wrong_account": True},
        status=403,
    )


# The mentor's side ----------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    """The mentor's home: what waits on them, and the cohort at a glance."""
    sort = request.GET.get("sort", "attention")
    sort = sort if sort in selectors.SORTS else "attention"
    user, now = request.user, timezone.now()
    key = None
    if user.data_stamp is not None:
        key = kept.key_for(request, "inbox", selectors.cohort_stamps(mentor=user),
                           content_revision(), timezone.localdate(),
                           now.replace(second=0, microsecond=0), sort)  # fmt: skip
    content = kept.kept_data(key, lambda: _inbox_content(user, sort=sort, now=now), size=len)
    splice = fragments.Splice()
    return splice.render(request, "mentoring/inbox.html", {"content": splice(content)})


def _inbox_content(mentor, *, sort: str, now) -> str:
    """The inbox's content: drawn from the mentor's records and their mentees', the content,
    the day and the minute (how long each review has waited), and kept until one of them
    changes."""
    reviews, mentees = selectors.mentor_home(mentor=mentor, today=timezone.localdate(), sort=sort)
    splice = fragments.Splice()
    html = render_to_string("mentoring/inbox.html#content", {
        "reviews": reviews,
        "review_rows": splice(fragments.inbox_rows(reviews, now=now)),
        "mentees": mentees,
        "mentee_rows": splice(fragments.cohort_rows(mentees)),
        "phases": selectors.phases(),
        "sort": sort,
    })  # fmt: skip
    return splice.join(html)


@login_required
@require_GET
def cohort_export(request):
    rows = selectors.mentees(mentor=request.user, today=timezone.localdate())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mentees.csv"'
    writer = csv.writer(response)
    phases = selectors.phases()
    writer.writerow(
        ["mentee", "phase_now", "month", "months", "done", "counted", "percent",
         *[f"{p.key}_percent" for p in phases], "pace", "last_activity", "waiting_on_you",
         "needs_attention"]
    )  # fmt: skip
    for row in rows:
        writer.writerow(
            [_typed(row.name), row.phase, row.month, row.months, row.done, row.counted, row.percent,
             *[cell.percent for cell in row.cells],
             row.pace.label if row.pace else "",
             timezone.localtime(row.last_activity).date().isoformat() if row.last_activity
             else "",
             row.waiting, "; ".join(row.reasons)]
        )  # fmt: skip
    return response


@login_required
@require_http_methods(["GET", "POST"])
def mentee(request, learner_id: int):
    mentorship = selectors.mentee_mentorship(mentor=request.user, learner_id=learner_id)
    if request.method == "POST":
        try:
            services.note_add(mentorship=mentorship, body=request.POST.get("body", ""))
            messages.success(request, "Note saved. Only you can see it.")
        except MentoringError as error:
            _error(request, error)
        return redirect("mentoring:mentee", learner_id=learner_id)
    focus, filter = request.GET.get("review", ""), request.GET.get("filter", "")
    key = None
    if not focus:  # an open review is not kept
        key = kept.key_for(request, "mentee", mentorship.pk, mentorship.learner_stamp,
                           content_revision(), timezone.localdate(),
                           timezone.now().replace(second=0, microsecond=0), filter)  # fmt: skip
    content = kept.kept_data(
        key, lambda: _mentee_content(mentorship, filter=filter, focus=focus), size=len
    )
    content = kept.with_csrf(request, content)
    splice = fragments.Splice()
    return splice.render(
        request, "mentoring/mentee.html", {"mentorship": mentorship, "content": splice(content)}
    )


def _mentee_content(mentorship: Mentorship, *, filter: str, focus: str) -> bytes:
    """The mentee page's content, in UTF-8, with ``kept.CSRF_MARK`` for the token: drawn
    from the learner's records and the mentor's, the content, the day and the minute (an
    item in progress for two weeks is stalled), and kept until one of them changes."""
    page = mentee_reads.mentee_page(
        mentorship=mentorship, today=timezone.localdate(), filter=filter, focus=focus,
        extras=True,
    )  # fmt: skip
    extras = page.extras
    splice = fragments.Splice()
    html = render_to_string("mentoring/mentee.html#content", {
        "mentorship": mentorship,
        "page": page,
        "checklist": [(splice(html), row) for html, row in fragments.mentee_checklist_utf8(page)],
        "head": splice(fragments.mentee_head(page)),
        "plan_panel": splice(fragments.mentee_plan(page)),
        "shared_records": fragments.mentee_shared_records(extras["shared"]),
        "csrf_token": kept.CSRF_MARK,
        **extras,
    })  # fmt: skip
    return splice.join(html)


@login_required
@require_http_methods(["GET", "POST"])
def item_review(request, learner_id: int, key: str):
    """Review one item in context. htmx swaps the item's row on the mentee page, with the
    review open; without JavaScript the same link opens the mentee page at the item."""
    mentorship = selectors.mentee_mentorship(mentor=request.user, learner_id=learner_id)
    item = get_object_or_404(ChecklistItem.objects.active(), key=key)
    page_url = f"{reverse('mentoring:mentee', args=[learner_id])}?review={key}#item-{key}"
    confirmation = problem = ""
    if request.method == "POST":
        action = request.POST.get("action", "comment")
        try:
            services.item_review_by_mentor(
                mentorship=mentorship, item=item, action=action,
                comment=request.POST.get("body", ""),
            )  # fmt: skip
            confirmation = services.confirmation(action=action, other=mentorship.learner)
        except MentoringError as error:
            problem = " ".join(error.messages)
        if not request.htmx:
            if problem:
                messages.error(request, problem)
            else:
                messages.success(request, confirmation)
            return redirect(page_url)
    elif not request.htmx:
        return redirect(page_url)
    closing = request.method == "GET" and request.GET.get("close") == "1"
    row = mentee_reads.item_row(mentorship=mentorship, item=item, open=not closing)
    return render(
        request,
        "mentoring/mentee.html#item_row",
        {
            "mentorship": mentorship,
            "row": row,
            "confirmation": confirmation,
            "problem": problem,
            "typed": request.POST.get("body", "") if problem else "",
        },  # fmt: skip
        status=422 if problem else 200,
    )


@login_required
@require_GET
def mentee_export(request, learner_id: int):
    """The mentee's checklist as the mentor sees it, one row per item."""
    mentorship = selectors.mentee_mentorship(mentor=request.user, learner_id=learner_id)
    page = mentee_reads.mentee_page(mentorship=mentorship, today=timezone.localdate())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentee-{learner_id}-checklist.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["phase", "page", "checklist", "item_key", "item", "state", "done_on", "evidence_url",
         "review", "note"]
    )  # fmt: skip
    for phase in page.phases:
        for block in phase.pages:
            for checklist in block.checklists:
                for row in checklist.rows:
                    writer.writerow(
                        [
                            phase.phase.title,
                            block.page.number_label,
                            checklist.checklist.title,
                            row.item.key,
                            row.item.text,
                            row.state,
                            row.progress.done_at.isoformat()  # the day, in the mentor's zone
                            if row.progress and row.progress.done_at
                            else "",
                            _typed(row.progress.evidence_url) if row.progress else "",
                            row.review.state if row.review else "",
                            _typed(row.note),
                        ]
                    )
    return response


# Reviews --------------------------------------------------------------------------------


@login_required
@require_POST
def review_request(request):
    mentorship = get_object_or_404(
        Mentorship.objects.active(), pk=parse_id(request.POST.get("mentorship")),
        learner=request.user,
    )  # fmt: skip
    item = project = None
    if key := request.POST.get("item"):
        item = get_object_or_404(ChecklistItem.objects.active(), key=key)
        fallback = f"{item.checklist.page.get_absolute_url()}#item-{item.key}"
    else:
        project = get_object_or_404(
            Project, pk=parse_id(request.POST.get("project")), user=request.user
        )
        fallback = reverse("portfolio:edit", args=["projects", project.pk])
    try:
        review = services.review_request(
            mentorship=mentorship,
            item=item,
            project=project,
            message=request.POST.get("message", ""),
        )
        messages.success(request, "Review requested.")
        return redirect("mentoring:review", pk=review.pk)
    except MentoringError as error:
        _error(request, error)
    return redirect(safe_next(request, fallback))


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    review = selectors.review_for(user=request.user, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action:
                services.review_act(
                    review=review,
                    user=request.user,
                    action=action,
                    comment=request.POST.get("body", ""),
                )
            else:
                services.review_comment(
                    review=review, user=request.user, body=request.POST.get("body", "")
                )
            is_mentor = review.mentorship.mentor_id == request.user.pk
            other = review.mentorship.learner if is_mentor else review.mentorship.mentor
            messages.success(
                request, services.confirmation(action=action or "comment", other=other)
            )
        except MentoringError as error:
            _error(request, error)
        return redirect("mentoring:review", pk=pk)
    is_mentor = review.mentorship.mentor_id == request.user.pk
    return render(
        request,
        "mentoring/review.html",
        {
            "review": review,
            "is_mentor": is_mentor,
            "comments": list(review.comments.select_related(*people.related("author"))),
            "history": list(review.history.select_related(*people.related("by"))),
        },
    )


# Notifications --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@kept_page()
def notifications(request):
    if request.method == "POST":
        services.email_preferences_set(
            user=request.user,
            opted_out={k for k, _ in Notification.Kind.choices if request.POST.get(k) != "on"},
        )
        messages.success(request, "Email preferences saved.")
        return redirect("mentoring:notifications")
    opted_out = set(request.user.email_opt_outs.values_list("kind", flat=True))
    return render(
        request,
        "mentoring/notifications.html",
        {
            "days": selectors.notifications_by_day(user=request.user),
            "kinds": [(k, label, k not in opted_out) for k, label in Notification.Kind.choices],
        },
    )


@login_required
@require_POST
def notifications_read(request):
    notification = None
    if pk := optional_id(request.POST.get("notification")):
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notifications_read(user=request.user, notification=notification)
    if notification and notification.url and request.POST.get("open") == "1":
        return redirect(notification.url)
    return redirect("mentoring:notifications")


# The token is the credential: mail providers post the one-click unsubscribe (RFC 8058)
# without cookies, so there is no session and no CSRF token to check.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (link scanners open links and must not unsubscribe anyone); POST switches
    that kind of email off, from the page's button or from the mail client's one click."""
    try:
        if request.method == "POST":
            kind = services.email_unsubscribe(token=token)
        else:
            kind = services.unsubscribe_kind(token=token)
    except MentoringError as error:
        return render(
            request, "mentoring/unsubscribe.html", {"problem": " ".join(error.messages)}, status=400
        )
    return render(
        request, "mentoring/unsubscribe.html", {"kind": kind, "done": request.method == "POST"}
    )
