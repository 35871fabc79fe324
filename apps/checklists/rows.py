"""One checklist row as HTML, written in Python.

A long roadmap page has about fifty rows, and drawn by the template language each row cost
about a millisecond (profiled at 10,000 learners: some forty nodes, three URL lookups, a
bookmark include and a messages include per row). The row is the same markup, put together
from strings; the parts that belong to the content (text, links, addresses) are worked out
once per item text and cached (apps.core.markdown, apps.core.reversing). The roadmap page
and the htmx responses of a tick both draw rows with ``item_row``, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple
from urllib.parse import quote

from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.html import strip_tags

from apps.core.html import escape
from apps.core.markdown import markdown_plain, render_markdown, render_markdown_inline
from apps.core.reversing import reverse
from apps.core.templatetags.placed_messages import place_of
from apps.core.templatetags.site import date as date_filter

from .models import ItemState

# Review states in which asking again makes no sense. The template this replaces tested the
# state against one string ("… not in 'requested changes_requested …'"); so does the row.
_NO_NEW_REQUEST = "requested changes_requested resubmitted approved"


def _icon(name: str) -> str:
    return (f'<svg class="icon" aria-hidden="true" focusable="false"><use href="#i-{name}">'
            "</use></svg>")  # fmt: skip


@dataclass
class RowContext:
    """What every row of one response shares."""

    learner: bool
    path: str
    csrf_token: str
    mentorships: list
    htmx: bool
    messages: dict[str, list]  # anchor → messages placed there

    @cached_property
    def csrf_input(self) -> str:
        return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(self.csrf_token)}">'

    @cached_property
    def path_escaped(self) -> str:
        return escape(self.path)

    @cached_property
    def path_quoted(self) -> str:
        """The path as the edit link's ``next`` parameter."""
        return escape(quote(self.path, safe="/"))


def placed_messages(messages) -> dict[str, list]:
    """The request's messages by the anchor they belong to (apps.core.http.confirm)."""
    placed: dict[str, list] = {}
    for message in messages or ():
        anchor = place_of(message)
        if anchor:
            placed.setdefault(anchor, []).append(message)
    return placed


def messages_html(messages: list) -> str:
    return "".join(
        f'<p class="message message-{escape(m.level_tag)} placed-message" role="status">'
        f"{escape(m)}</p>"
        for m in messages
    )


def bookmark_form(*, item_key: str, label: str, bookmarked: bool, next_url: str,
                  csrf_input: str) -> str:  # fmt: skip
    """includes/bookmark_button.html for an item (tested to give the same markup)."""
    address = reverse("checklists:bookmark")
    action = "Removing the bookmark on" if bookmarked else "Bookmarking"
    label = escape(label)
    return (
        f'<form method="post" action="{address}" class="inline-form bookmark-form" '
        f'id="bookmark-item-{escape(item_key)}" data-hx-post="{address}" data-hx-target="this" '
        f'data-hx-swap="outerHTML" data-action="{action} “{label}”">\n'
        f"  {csrf_input}\n"
        f'  <input type="hidden" name="item" value="{escape(item_key)}">\n'
        f'  <input type="hidden" name="next" value="{escape(next_url)}">\n'
        '  <input type="hidden" name="ui" value="button">\n'
        '  <button type="submit" class="link-button bookmark-button" data-focus-key="bookmark" '
        f'aria-pressed="{"true" if bookmarked else "false"}">'
        f"{_icon('bookmark-on' if bookmarked else 'bookmark')}"
        f'<span class="bookmark-word">Bookmark</span><span class="visually-hidden">: {label}'
        "</span></button>\n</form>\n"
    )


class _ItemParts(NamedTuple):
    """What an item's row takes from the content, escaped and rendered."""

    key: str  # escaped
    html: str  # the text, Markdown rendered inline
    name: str  # the text without markup, entities kept
    plain: str  # the text as plain text (not escaped)
    plain_escaped: str
    link: str  # the item's link, or ""
    detail: str  # its detail block, or ""


@lru_cache(maxsize=8192)
def _item_parts(key: str, text: str, url: str, detail: str) -> _ItemParts:
    """Worked out once per item text: a long page draws about fifty rows per request."""
    html = render_markdown_inline(text)
    # As the template's ``markdown_inline|striptags`` gave it: HTML entities kept.
    name = strip_tags(html)
    plain = markdown_plain(text)
    link = (f' <a class="item-link" href="{escape(url)}" rel="noopener">link'
            f'<span class="visually-hidden"> for {name}</span></a>') if url else ""  # fmt: skip
    detail_html = f'<div class="item-detail">{render_markdown(detail)}</div>' if detail else ""
    return _ItemParts(escape(key), html, name, plain, escape(plain), link, detail_html)


def item_row(item, checklist, row: RowContext, *, progress=None, bookmarked: bool = False,
             review=None, editing_html: str = "") -> str:  # fmt: skip
    """The <li> of one item: ``item`` has the content (key, text, url, detail), ``checklist``
    its role; with ``row.learner``, the learner's progress row, bookmark and latest review.
    ``editing_html`` is the open form, if any."""
    parts_of = _item_parts(item.key, item.text, item.url or "", item.detail or "")
    key = parts_of.key
    progress = progress if row.learner else None
    tickable = row.learner and checklist.is_tickable
    parts = [f'<li id="item-{key}" class="checklist-item'
             f'{f" state-{escape(progress.state)}" if progress else ""}">\n']  # fmt: skip
    address = reverse("checklists:item", args=[item.key]) if tickable else ""
    if tickable:
        parts.append(_tick_form(parts_of, progress, row, address))
    elif checklist.role == "pitfall":
        parts.append('<span class="tick-static tick-pitfall" aria-hidden="true"><svg class="icon" '
                     'focusable="false"><use href="#i-close"></use></svg></span>')  # fmt: skip
    else:
        parts.append('<span class="tick-static" aria-hidden="true"><svg class="icon icon-fill" '
                     'focusable="false"><use href="#i-dot"></use></svg></span>')  # fmt: skip
    parts.append(f'\n<div class="item-body">\n<span class="item-text">{parts_of.html}</span>\n')
    if tickable and progress and progress.state in (ItemState.IN_PROGRESS,
                                                    ItemState.NOT_APPLICABLE):  # fmt: skip
        parts.append(f'<span class="state-badge state-{progress.state}">'
                     f"{escape(progress.get_state_display())}</span>")  # fmt: skip
    parts.append(f"\n{parts_of.link}\n{parts_of.detail}\n")
    if tickable and progress and progress.note:
        parts.append(
            f'<p class="item-note" title="{escape(truncatechars(progress.note, 300))}">'
            f'{_icon("note")}<span><span class="visually-hidden">Your note: </span>'
            f"{escape(truncatechars(progress.note, 200))}</span></p>"
        )
    parts.append("\n</div>\n")
    if tickable:
        parts += [_meta(item, parts_of, progress, bookmarked, review, row, address), "\n",
                  editing_html, "\n"]  # fmt: skip
        if not row.htmx:
            parts.append(messages_html(row.messages.get(f"item-{item.key}", [])))
    parts.append("\n</li>")
    return "".join(parts)


def _tick_form(parts_of: _ItemParts, progress, row: RowContext, address: str) -> str:
    key = parts_of.key
    done = progress is not None and progress.state == ItemState.DONE
    title = ""
    if progress is not None and progress.done_at:
        title = f' title="Done on {date_filter(timezone.localtime(progress.done_at), "j M Y")}"'
    return (
        f'<form method="post" action="{address}" class="tick-form" data-hx-post="{address}" '
        f'data-hx-target="#item-{key}" data-hx-swap="outerHTML" data-action="Marking '
        f'“{parts_of.plain_escaped}” {"not started" if done else "done"}">\n{row.csrf_input}\n'
        f'<input type="hidden" name="next" value="{row.path_escaped}#item-{key}">\n'
        f'<button type="submit" name="state" value="{"not_started" if done else "done"}" '
        f'class="tick-button" data-focus-key="tick" aria-pressed="{"true" if done else "false"}"'
        f"{title}>\n{_icon('check')}\n"
        f'<span class="visually-hidden">Done: {parts_of.name}</span>\n</button>\n</form>'
    )


def _meta(item, parts_of: _ItemParts, progress, bookmarked: bool, review, row: RowContext,
          address: str) -> str:  # fmt: skip
    key, name = parts_of.key, parts_of.name
    parts = ['<div class="item-meta">\n']
    if progress is not None and progress.evidence_url:
        parts.append(f'<a class="item-icon" href="{escape(progress.evidence_url)}" '
                     f'rel="noopener nofollow" title="Evidence">{_icon("link")}'
                     f'<span class="visually-hidden">Evidence for {name}</span></a>')  # fmt: skip
    parts.append("\n")
    if review:
        parts.append(_review_link(review))
    parts.append("\n")
    review_state = (review.state if review else "") or "none"
    if row.mentorships and progress is not None and progress.state == ItemState.DONE and (
        review_state not in _NO_NEW_REQUEST
    ):
        parts.append(_review_request_form(item, key, name, row))
    parts.append("\n")
    parts.append(bookmark_form(item_key=item.key, label=parts_of.plain, bookmarked=bookmarked,
                               next_url=f"{row.path}#item-{item.key}",
                               csrf_input=row.csrf_input))  # fmt: skip
    parts.append(
        f'<a href="{address}?next={row.path_quoted}%23item-{key}" '
        'class="item-icon item-edit item-edit-link" title="Status, note and evidence" '
        f'data-hx-get="{address}" data-hx-target="#item-{key}" data-hx-swap="outerHTML" '
        f'data-focus-return data-action="Opening the form for “{parts_of.plain_escaped}”">'
        f'{_icon("edit")}<span class="visually-hidden">Status, note &amp; evidence for {name}'
        "</span></a>\n</div>"
    )
    return "".join(parts)


def _review_link(review) -> str:
    from apps.mentoring.people import display_name

    icon = {"approved": "approved", "changes_requested": "alert"}.get(review.state, "review")
    if review.state == "approved":
        said = f"Approved by {escape(display_name(review.state_by))}"
    else:
        said = escape(review.get_state_display())
    return (
        f'<a class="item-icon review-{escape(review.state)}" '
        f'href="{reverse("mentoring:review", args=[review.pk])}" '
        f'title="{escape(review.get_state_display())}">{_icon(icon)}'
        f'<span class="visually-hidden">Review: {said}</span></a>'
    )


def _review_request_form(item, key: str, name: str, row: RowContext) -> str:
    if len(row.mentorships) == 1:
        mentor = f'<input type="hidden" name="mentorship" value="{row.mentorships[0].pk}">'
    else:
        options = "".join(f'<option value="{m.pk}">{escape(m.name)}</option>'
                          for m in row.mentorships)  # fmt: skip
        mentor = (f'<label class="visually-hidden" for="mentor-{key}">Mentor</label>'
                  f'<select name="mentorship" id="mentor-{key}">{options}</select>')  # fmt: skip
    return (
        f'<form method="post" action="{reverse("mentoring:review_request")}" class="item-review">'
        f'\n{row.csrf_input}<input type="hidden" name="item" value="{key}">'
        f'<input type="hidden" name="next" value="{row.path_escaped}#item-{key}">\n{mentor}\n'
        f'<button type="submit" class="item-icon" title="Ask for review">{_icon("review")}'
        f'<span class="visually-hidden">Ask for review: {name}</span></button>\n</form>'
    )
