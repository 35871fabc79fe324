"""A roadmap page for a signed-in learner: the article cached for the content revision
(apps.curriculum.article) with the learner's own state filled into its holes."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from apps.core import kept, skeleton
from apps.curriculum.article import PageArticle
from apps.curriculum.revision import content_revision
from apps.mentoring import selectors as mentoring_selectors

from . import rows, selectors
from .models import ItemState

PAGE = "curriculum/page.html"
CHECKLIST = "includes/checklist.html"


def _partial(name: str, context: dict) -> str:
    return get_template(name).render(context)


_drawn: dict[tuple, str] = {}


def _remembered(name: str, key: tuple, context: dict) -> str:
    """A partial that depends only on ``key`` (a few numbers and names), drawn once per process
    for each key: a long page has a tally for every checklist."""
    html = _drawn.get((name, *key))
    if html is None:
        if len(_drawn) > 4096:
            _drawn.clear()
        html = _drawn[(name, *key)] = _partial(name, context)
    return html


def changed_tallies(checklist, page_tally, done_tally) -> SafeString:
    """The tallies an htmx answer to a change on one item swaps out of band: its checklist's
    and the page's, drawn as the page draws them (kept by their numbers)."""
    tally = checklist.my_tally
    mine = SimpleNamespace(key=checklist.key, title=checklist.title, my_tally=tally)
    return mark_safe(  # noqa: S308 - our templates' partials
        _remembered(f"{CHECKLIST}#checklist_progress",
                    (checklist.key, checklist.title, tally.done, tally.counted, "oob"),
                    {"checklist": mine, "oob": True})
        + "\n"
        + _remembered(f"{PAGE}#page_progress",
                      (page_tally.done, page_tally.counted, done_tally.complete, "oob"),
                      {"page_tally": page_tally, "done_tally": done_tally, "oob": True})
    )  # fmt: skip


def learner_article(request, article: PageArticle) -> SafeString:
    """The article with this learner's tools, rows, tallies and retired items: kept
    (apps.core.kept) until the learner's records or the content change, unless the request
    has messages to place beside its rows."""
    key = kept.key_for(request, "roadmap-page", content_revision(), article.detail.page.pk,
                       request.path, bool(getattr(request, "htmx", False)))  # fmt: skip
    if key is None or len(get_messages(request)):
        return _learner_article(request, article, get_token(request))
    drawn = kept.kept_data(key, lambda: _learner_article(request, article, kept.CSRF_MARK),
                           size=len)  # fmt: skip
    return kept.with_csrf(request, drawn)


def _learner_article(request, article: PageArticle, csrf_token: str) -> SafeString:
    user, detail = request.user, article.detail
    page = detail.page
    all_checklists = list(page.checklists.all())
    item_ids = [item.pk for checklist in all_checklists for item in checklist.items.all()]
    state = selectors.page_progress(user=user, page=page, item_ids=item_ids)
    progress = state["progress"]
    tallies, page_tally, done_tally = selectors.count_page(
        all_checklists, {item_id: row.state for item_id, row in progress.items()}
    )
    shown = {checklist.pk: checklist for checklist in selectors.page_checklists(detail)}
    items = {item.pk: (item, checklist) for checklist in shown.values()
             for item in checklist.items.all()}  # fmt: skip
    mentorships, reviews = mentoring_selectors.item_reviewing(learner=user, item_ids=list(items))
    messages = get_messages(request)
    row_context = rows.RowContext(
        learner=True, path=request.path, csrf_token=csrf_token, mentorships=mentorships,
        htmx=bool(getattr(request, "htmx", False)), messages=rows.placed_messages(messages),
    )  # fmt: skip

    def filler(name: str, args: list[str]) -> str:
        if name == "row":
            item_id = int(args[0])
            return rows.item_row(
                *items[item_id], row_context,
                progress=progress.get(item_id), bookmarked=item_id in state["bookmarked_items"],
                review=reviews.get(item_id),
            )  # fmt: skip
        if name == "tally":
            checklist = shown[int(args[0])]
            tally = tallies[checklist.pk]
            mine = SimpleNamespace(key=checklist.key, title=checklist.title, my_tally=tally)
            return _remembered(f"{CHECKLIST}#checklist_progress",
                               (checklist.key, checklist.title, tally.done, tally.counted),
                               {"checklist": mine})  # fmt: skip
        if name == "kept":
            checklist = shown[int(args[0])]
            kept = 0 if checklist.is_tickable else sum(
                progress[item.pk].state != ItemState.NOT_STARTED
                for item in checklist.items.all() if item.pk in progress
            )  # fmt: skip
            if not kept:  # the partial draws nothing
                return ""
            mine = SimpleNamespace(kept_ticks=kept)
            return _partial(f"{CHECKLIST}#kept_ticks", {"checklist": mine})
        if name == "tools":
            resume = selectors.resume_point(
                progress=selectors.roadmap_progress(user=user, states=state["states"]),
                last_item_id=state["last_item_id"],
            )
            return _partial(f"{PAGE}#page_tools", {
                "page": page, "request": request, "messages": messages, "csrf_token": csrf_token,
                "page_read": state["page_read"], "page_bookmarked": state["page_bookmarked"],
                "resume": resume,
            })  # fmt: skip
        if name == "progress":
            key = (page_tally.done, page_tally.counted, done_tally.complete)
            context = {"page_tally": page_tally, "done_tally": done_tally}
            return _remembered(f"{PAGE}#page_progress", key, context)
        if name == "retired":  # the partial draws nothing without retired progress
            retired = state["retired_progress"]
            return _partial(f"{PAGE}#retired", {"retired_progress": retired}) if retired else ""
        raise ValueError(f"No filling for the hole {name!r}.")

    return skeleton.fill(article.learner_parts, filler)
