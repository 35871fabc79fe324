import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from apps.core.http import announce, confirm, safe_next
from apps.core.kept import kept_data, kept_page, kept_pieces, key_for
from apps.core.markdown import markdown_plain
from apps.core.versioning import EditConflict, differences
from apps.curriculum.models import Checklist, ChecklistItem, Page, Phase
from apps.curriculum.revision import content_revision
from apps.learners.selectors import learner_profile
from apps.mentoring import selectors as mentoring_selectors

from . import exports, roadmap_page, selectors, services
from .charts import hours_chart
from .forms import CheckInForm, ItemProgressForm
from .models import ItemState


def _writable_item(key: str) -> ChecklistItem:
    item = selectors.writable_item(key=key)
    if item is None:
        raise Http404("No such item to change.")
    return item


def _item_reads(request, item: ChecklistItem):
    """What the answer to a change on one item reads (selectors.ItemChange), with the
    mentors and reviews beside it, in one round trip."""
    reviewing = mentoring_selectors.ItemReviewing(learner=request.user, item_ids=[item.pk])
    return selectors.ItemChange(user=request.user, item=item, also=reviewing), reviewing


def _item_context(
    request, item: ChecklistItem, form=None, editing: bool = False, conflict=None, progress=None,
    reads=None,
) -> dict:  # fmt: skip
    """The item, its checklist and page with the learner's tallies: what the page shows.
    ``reads``: ``_item_reads`` already read (with a tick), else read here."""
    # Only this item's row and bookmark, and the tallies: the rest of the page stays.
    if reads is None:
        reads = _item_reads(request, item)
        selectors.item_change_read(reads[0])
    change, reviewing = reads
    shown = change.context(progress)
    page = shown["page"]
    mentorships, reviews = reviewing.result()
    # Only a done item offers "ask for review": otherwise the mentors are not shown.
    if item.my_progress is None or item.my_progress.state != ItemState.DONE:
        mentorships = []
    item.my_review = reviews.get(item.pk)
    if conflict is not None:
        version = conflict["version"]
    elif form is not None:
        version = request.POST.get("version", "")  # a corrected form keeps its starting point
    else:
        version = services.item_version(item.my_progress)
    return {
        "mentorships": mentorships,
        "version": version,
        "conflict": conflict,
        "item": item,
        "checklist": item.checklist,
        "page": page,
        "page_tally": shown["page_tally"],
        "done_tally": shown["done_tally"],
        "learner": True,
        "form": form,
        "editing": editing or form is not None,
        "states": ItemState.choices,
        "next": safe_next(request, f"{page.get_absolute_url()}#item-{item.key}"),
    }


def _item_result(progress, changes: dict, tally) -> str:
    """What a change did, said in one line: "Marked done · 4 of 51 on this page"."""
    if set(changes) == {"state"}:
        done = f"Marked {progress.get_state_display().lower()}"
    else:
        done = "Saved"
    return f"{done} · {tally.done} of {tally.counted} on this page"


def _is_tick(data) -> bool:
    """A tick sends a known state and nothing to edit (its buttons: ``rows.item_row``)."""
    return data.get("state") in ItemState.values and not any(
        name in data for name in ("note", "evidence_url", "version")
    )


@login_required
@require_http_methods(["GET", "POST"])
def item(request, key: str):
    """An item's state, note and evidence link. htmx swaps the item and every progress figure
    on the page; without JavaScript the form posts here and comes back to the item on its page,
    with the confirmation beside it. An edit opened before a change made elsewhere answers 409
    with both versions; a tick sends the state it wants, so it is safe to repeat."""
    item = _writable_item(key)
    form = conflict = progress = None
    changes: dict = {}
    reads = None
    if request.method == "POST" and item.checklist.is_tickable and _is_tick(request.POST):
        changes = {"state": request.POST["state"]}
        reads = _item_reads(request, item)  # read in the tick's round trip
        progress = services.item_state_set(user=request.user, item=item, state=changes["state"],
                                           then=reads[0])  # fmt: skip
    elif request.method == "POST":
        form = ItemProgressForm(request.POST)
        if form.is_valid():
            changes = form.changes(request.POST)
            try:
                progress = services.item_progress_set(
                    user=request.user, item=item, version=request.POST.get("version", ""),
                    **changes,
                )  # fmt: skip
            except EditConflict as error:
                conflict = {"version": error.version, "differences": differences(form, error)}
            except ValidationError as error:
                form.add_error(None, error)
        if not form.errors and conflict is None:
            form = None
    # GET opens the form; ?view=row is the row without it (Cancel, with JavaScript).
    editing = request.method == "GET" and request.GET.get("view") != "row"
    context = _item_context(request, item, form, editing=editing, conflict=conflict,
                            progress=progress, reads=reads)  # fmt: skip
    result = progress and _item_result(progress, changes, context["page_tally"])
    if result and not request.htmx:
        fallback = f"{item.checklist.page.get_absolute_url()}#item-{item.key}"
        return confirm(request, result, safe_next(request, fallback))
    status = 200
    if conflict is not None:
        status = 409
    elif form is not None and form.errors:
        status = 422 if request.htmx else 400
    if request.htmx:
        context["changed_tallies"] = roadmap_page.changed_tallies(
            item.checklist, context["page_tally"], context["done_tally"]
        )
        response = render(request, "checklists/item_updated.html", context, status=status)
        return announce(response, result) if result else response
    return render(request, "checklists/item.html", context, status=status)


@login_required
@require_POST
def page_read(request, slug: str):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    services.page_read_set(user=request.user, page=page, read=request.POST.get("read") == "1")
    if request.htmx:
        return HttpResponseClientRefresh()
    return confirm(
        request,
        "Marked as read." if request.POST.get("read") == "1" else "Marked as not read.",
        safe_next(request, f"{page.get_absolute_url()}#page-tools"),
    )


@login_required
@require_POST
def bookmark(request):
    item_key, slug = request.POST.get("item"), request.POST.get("page")
    if bool(item_key) == bool(slug):
        return HttpResponse("Bookmark one item or one page.", status=400)
    if item_key:
        target = get_object_or_404(ChecklistItem.objects.active(), key=item_key)
        now = services.bookmark_toggle(user=request.user, item=target)
        fallback = f"{target.checklist.page.get_absolute_url()}#item-{target.key}"
    else:
        target = get_object_or_404(Page.objects.published(), slug=slug)
        now = services.bookmark_toggle(user=request.user, page=target)
        fallback = target.get_absolute_url()
    label = markdown_plain(target.text) if item_key else target.title
    if request.htmx and request.POST.get("ui") == "button":
        response = render(request, "includes/bookmark_button.html", {
            "bookmarked": now, "item_key": item_key or "", "page_slug": slug or "",
            "label": label, "next_url": safe_next(request, fallback),
        })  # fmt: skip
        return announce(response, "Bookmarked." if now else "Bookmark removed.")
    if request.htmx:
        return render(
            request,
            "checklists/bookmarks.html#toggle",
            {
                "bookmark_state": "on" if now else "off",
                "item_key": item_key or "",
                "page_slug": slug or "",
                "next": safe_next(request, fallback),
            },  # fmt: skip
        )
    done = "Bookmarked." if now else "Bookmark removed."
    return confirm(request, done, safe_next(request, fallback))


@login_required
@require_GET
@kept_page(content_revision)
def bookmarks(request):
    return render(
        request, "checklists/bookmarks.html", {"bookmarks": selectors.bookmarks(user=request.user)}
    )


@login_required
@require_GET
def overview(request):
    phase_key = request.GET.get("phase", "")
    state = request.GET.get("state", "")
    if state and state not in ItemState.values:
        state = ""
    data = kept_data(
        key_for(request, "progress", content_revision(), phase_key, state),
        lambda: selectors.progress_overview(user=request.user, phase_key=phase_key, state=state),
        size=lambda data: len(data["rows_html"]) + len(data["history_html"]),
    )
    context = {**data, "phase_key": phase_key, "state": state, "states": ItemState.choices}
    if request.htmx:
        count = len(data["rows"])
        response = render(request, "checklists/overview.html#results", context)
        return announce(response, f"{count} checklist{pluralize(count)} shown")
    return render(request, "checklists/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reset(request):
    checklist = None
    if key := (request.POST.get("checklist") or request.GET.get("checklist")):
        checklist = get_object_or_404(Checklist, key=key)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Tick the confirmation box to reset.")
            return redirect(f"{reverse('checklists:reset')}?checklist={key or ''}")
        count = services.progress_reset(user=request.user, checklist=checklist)
        scope = f"“{checklist.title}”" if checklist else "the whole roadmap"
        messages.success(request, f"Reset {count} item{'s' if count != 1 else ''} of {scope}.")
        return redirect("checklists:overview")
    return render(request, "checklists/reset.html", {"checklist": checklist})


@login_required
@require_POST
def phase_ready(request, key: str):
    phase = get_object_or_404(Phase, key=key)
    confirmed = request.POST.get("confirmed") == "1"
    services.phase_readiness_set(user=request.user, phase=phase, confirmed=confirmed)
    if confirmed:
        messages.success(request, f"Ready: you have moved past {phase.title}.")
    return redirect(safe_next(request, reverse("learners:dashboard")))


@login_required
@require_http_methods(["GET", "POST"])
@kept_page()
def check_ins(request):
    profile = learner_profile(user=request.user)
    today = timezone.localdate()
    form = CheckInForm(request.POST or None, initial={"week_start": today})
    if request.method == "POST" and form.is_valid():
        services.weekly_check_in_save(user=request.user, **form.cleaned_data)
        messages.success(request, "Check-in saved.")
        return redirect("checklists:check_ins")
    since = today - dt.timedelta(weeks=12)
    entries = selectors.check_ins(user=request.user, since=since)
    chart = hours_chart(
        {c.week_start: c.hours for c in entries},
        profile.hours_per_week if profile else 0,
        today,
    )
    return render(
        request,
        "checklists/check_ins.html",
        {"form": form, "entries": entries, "chart": chart, "profile": profile},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def export_json(request):
    response = StreamingHttpResponse(
        kept_pieces(key_for(request, "export", "json", content_revision()),
                    lambda: exports.json_chunks(exports.learner_export(user=request.user))),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="roadmap-export.json"'
    return response


@login_required
@require_GET
def export_csv(request):
    response = StreamingHttpResponse(
        kept_pieces(key_for(request, "export", "csv", content_revision()),
                    lambda: exports.csv_chunks(exports.learner_export_rows(user=request.user))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="roadmap-export.csv"'
    return response
