"""The learner's evidence: one generic set of list, add, edit and delete views serves every
kind of record, always through the signed-in learner's own rows (anyone else's is a 404)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.http import announce, confirm
from apps.core.kept import kept_page
from apps.core.markdown import markdown_plain
from apps.core.versioning import EditConflict, differences
from apps.curriculum.models import ChecklistItem
from apps.curriculum.revision import content_revision
from apps.learners.models import LearnerProfile
from apps.learners.selectors import learner_profile
from apps.mentoring import selectors as mentoring_selectors

from . import selectors, services
from .forms import (
    ApplicationForm,
    ContributionForm,
    FootprintForm,
    PaperForm,
    PostForm,
    PracticeForm,
    ProjectForm,
    StoryForm,
)
from .markup import add_form_fields, application_rows_html
from .models import Application, Contribution, PaperRead, Project, PublicPost


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form: type
    title: str
    singular: str
    intro: str
    article: str = "a"


KINDS = {
    kind.slug: kind
    for kind in [
        Kind("projects", Project, ProjectForm, "Portfolio projects", "project",
             "Three pinned projects, three proofs: one you shipped, one paper you reproduced, "
             "one contribution to someone else's codebase."),
        Kind("papers", PaperRead, PaperForm, "Papers", "paper",
             "Skim about ten a week; read one deeply and write the five-sentence note."),
        Kind("contributions", Contribution, ContributionForm, "Open-source contributions",
             "contribution", "Pick ONE project. Get deep. Merged pull requests are the signal."),
        Kind("posts", PublicPost, PostForm, "Building in public", "post",
             "Posts, demos, models and datasets. Every one to two weeks, for months."),
        Kind("applications", Application, ApplicationForm, "Job applications", "application",
             "80-200 applications per offer is normal. Track them to see where the funnel leaks.",
             article="an"),
    ]
}  # fmt: skip


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404("No such kind of record.")
    return KINDS[slug]


def _own(kind: Kind, user, pk: int):
    return get_object_or_404(kind.model, pk=pk, user=user)


def _save(form, user, version: str = ""):
    """The saved record, or None with the reason on the form (a rule that another request
    broke between the form's check and the save, under the lock). A stale edit raises
    EditConflict."""
    try:
        return services.record_save(form=form, user=user, version=version)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _list_context(request, kind: Kind, form) -> dict:
    today = timezone.localdate()
    records = kind.model.objects.filter(user=request.user)
    context = {"kind": kind, "kinds": KINDS.values(), "form": form}
    if kind.slug == "projects":
        records = selectors.with_project_verdicts(selectors.projects(user=request.user))
        context["polish_total"] = len(selectors.items(selectors.POLISH_CHECKLIST))
    elif kind.slug == "papers":
        records = records.select_related("paper")
        context["pace"] = selectors.paper_pace(user=request.user, today=today)
    elif kind.slug == "contributions":
        profile = learner_profile(user=request.user)
        context["suggested"] = selectors.suggested_repositories(
            specialization_id=profile.specialization_id if profile else None
        )
    elif kind.slug == "posts":
        context["cadence"] = selectors.posting_cadence(user=request.user, today=today)
    elif kind.slug == "applications":
        records = selectors.application_rows(user=request.user)  # list, funnel and split
        context["funnel"] = selectors.job_funnel(user=request.user, applications=records)
        context["verdict_split"] = selectors.verdict_split(applications=records)
        context["rows_html"] = application_rows_html(records)
    context["records"] = list(records)
    return context


def _overview(request, footprint_form=None, status=200):
    found = selectors.overview(user=request.user, today=timezone.localdate())
    return render(
        request,
        "portfolio/overview.html",
        {
            "projects": found.projects,
            "polish_total": selectors.portfolio_content().polish_total,
            "pace": found.pace,
            "merged": found.merged,
            "cadence": found.cadence,
            "funnel": found.funnel,
            "footprint": found.footprint,
            "footprint_form": footprint_form,
            "kinds": KINDS.values(),
        },
        status=status,
    )


@login_required
@require_GET
@kept_page(content_revision)
def overview(request):
    return _overview(request)


@login_required
@require_http_methods(["GET", "POST"])
@kept_page(content_revision)
def records(request, kind: str):
    kind = _kind(kind)
    today = timezone.localdate()
    initial = {"read_on": today, "opened_on": today, "published_on": today, "applied_on": today}
    if not request.POST:  # the list and an empty add form, its markup kept (add_form_fields)
        context = _list_context(request, kind, form=None)
        context["form_fields"] = add_form_fields(
            lambda: kind.form(user=request.user, initial=initial), kind=kind.slug, today=today
        )
        return render(request, "portfolio/records.html", context)
    form = kind.form(request.POST, user=request.user, initial=initial)
    if form.is_valid() and (record := _save(form, request.user)):
        messages.success(request, f"Added “{record}”.")
        if kind.slug == "projects":
            return redirect("portfolio:edit", kind="projects", pk=record.pk)
        return redirect("portfolio:records", kind=kind.slug)
    return render(request, "portfolio/records.html", _list_context(request, kind, form),
                  status=400)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, kind: str, pk: int):
    kind = _kind(kind)
    record = _own(kind, request.user, pk)
    form = kind.form(request.POST or None, instance=record, user=request.user)
    # The version this form shows; a posted form keeps the one it was opened at. (Read before
    # validation, which writes the posted values onto the record.)
    version = request.POST.get("version") or services.record_version(record, form)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(form, request.user, version)
        except EditConflict as error:
            conflict = {"differences": differences(form, error)}
            version = error.version
        else:
            if saved:
                messages.success(request, f"Saved “{record}”.")
                return redirect("portfolio:records", kind=kind.slug)
    context = {"kind": kind, "record": record, "form": form, "version": version,
               "conflict": conflict}  # fmt: skip
    if kind.slug == "projects":
        context.update(selectors.project_detail(project=record))
        context["mentorships"] = mentoring_selectors.learner_mentorships(learner=request.user)
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "portfolio/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, kind: str, pk: int):
    kind = _kind(kind)
    record = _own(kind, request.user, pk)
    if request.method == "POST":
        services.record_delete(record=record)
        messages.success(request, f"Deleted “{record}”.")
        return redirect("portfolio:records", kind=kind.slug)
    return render(request, "portfolio/delete.html", {"kind": kind, "record": record})


@login_required
@require_POST
def polish(request, pk: int):
    project = _own(KINDS["projects"], request.user, pk)
    item = get_object_or_404(
        ChecklistItem.objects.active(),
        key=request.POST.get("item", ""),
        checklist__key=selectors.POLISH_CHECKLIST,
    )
    ticked = services.polish_toggle(project=project, item=item)
    done = f"{'Ticked' if ticked else 'Unticked'}: {markdown_plain(item.text)}"
    if request.htmx:
        context = {"record": project, "kind": KINDS["projects"],
                   **selectors.project_detail(project=project)}  # fmt: skip
        return announce(render(request, "portfolio/edit.html#polish", context), done)
    edit_url = reverse("portfolio:edit", args=["projects", project.pk])
    return confirm(request, done, f"{edit_url}#polish-{item.key}")


@login_required
@require_POST
def footprint(request):
    """Apply "the same three projects everywhere" to the learner's public footprint."""
    form = FootprintForm(request.POST)
    if not form.is_valid():
        return _overview(request, footprint_form=form, status=400)
    services.footprint_save(user=request.user, same_three_keys=form.cleaned_data["same_three_keys"])
    messages.success(request, "Your public footprint is saved.")
    return redirect(f"{reverse('portfolio:overview')}#footprint")


@login_required
@require_GET
def interview(request):
    return render(request, "portfolio/interview.html", selectors.interview_prep(user=request.user))


@login_required
@require_POST
def practise(request, key: str):
    question = get_object_or_404(
        ChecklistItem.objects.active(), key=key, checklist__key="interview-top-20"
    )
    form = PracticeForm(request.POST)
    if form.is_valid():
        services.practice_record(user=request.user, question=question,
                                 confidence=form.cleaned_data["confidence"],
                                 day=timezone.localdate())  # fmt: skip
        return confirm(request, "Practice recorded.", f"{reverse('portfolio:interview')}#q-{key}")
    messages.error(request, "Rate your confidence from 1 to 5.")
    return redirect(f"{reverse('portfolio:interview')}#q-{key}")


@login_required
@require_http_methods(["GET", "POST"])
def story(request, key: str):
    theme = get_object_or_404(
        ChecklistItem.objects.active(), key=key, checklist__key="interview-behavioral-stories"
    )
    existing = request.user.stories.filter(theme=theme).first()
    initial = {}
    if existing:
        initial = {
            f: getattr(existing, f) for f in ["title", "situation", "task", "action", "result"]
        }
    form = StoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.story_save(user=request.user, theme=theme, **form.cleaned_data)
        messages.success(request, "Story saved.")
        return redirect("portfolio:interview")
    return render(request, "portfolio/story.html", {"theme": theme, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@require_GET
def public(request, handle: str):
    profile = get_object_or_404(
        LearnerProfile.objects.select_related("specialization"),
        public_handle=handle,
        portfolio_public=True,
    )
    return render(
        request,
        "portfolio/public.html",
        {"profile": profile, **selectors.public_portfolio(user=profile.user_id)},
    )
