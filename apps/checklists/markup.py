"""Repeated fragments of the progress overview, written in Python: through the template
engine its ~60 checklist rows and 20 history lines cost more than the rest of the page. Each
function returns exactly what the template loop it replaces printed (tests compare them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.template.defaultfilters import linebreaksbr, pluralize, striptags, truncatechars
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from apps.core.html import escape
from apps.core.markdown import render_markdown_inline
from apps.core.reversing import reverse
from apps.core.templatetags.site import date

from .models import EventKind, ItemState

MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                       "Nov", "Dec"]  # fmt: skip
STATE_LABELS = dict(ItemState.choices)
KIND_LABELS = dict(EventKind.choices)


def overview_row(row, *, page_url: str, reset_url: str, with_items: bool) -> SafeString:
    """One checklist's table row (and the row of its matching items, when filtering by
    state), with the whitespace the template's loop printed around it."""
    checklist, tally, page = row.checklist, row.tally, row.checklist.page
    html = _checklist_row(
        checklist.title, checklist.key, page.number_label, page.title, page_url, reset_url,
        tally.done, tally.counted, tally.in_progress, tally.percent,
    )  # fmt: skip
    if with_items:
        items = "".join(
            f'<li><a href="{page_url}#item-{escape(item.key)}">'
            f"{render_markdown_inline(item.text)}</a></li>"
            for item in row.items
        )
        html += (
            f'\n        <tr class="item-rows"><td colspan="4"><ul>{items}</ul></td></tr>\n        '
        )
    return mark_safe(html + "\n        ")  # noqa: S308 — every value above is escaped


@lru_cache(maxsize=8192)
def _checklist_row(title: str, key: str, number_label: str, page_title: str, page_url: str,
                   reset_url: str, done: int, counted: int, in_progress: int,
                   percent: int) -> str:  # fmt: skip
    """A checklist's row from what it shows: the same for every learner with these numbers
    (most have a checklist untouched, or finished), so written once each."""
    title, key = escape(title), escape(key)
    reset = (
        f'<a class="muted small-link" href="{reset_url}?checklist={key}">reset'
        f'<span class="visually-hidden"> {title}</span></a>'
        if done or in_progress
        else ""
    )
    return (
        "\n        <tr>\n"
        f'          <th scope="row"><a href="{page_url}#checklist-{key}">{title}</a></th>\n'
        f"          <td>{number_label} · {escape(page_title)}</td>\n"
        f'          <td class="num">{done} / {counted}</td>\n'
        f'          <td><progress max="{counted}" value="{done}" '
        f'aria-label="{title}: {percent}%"></progress>\n'
        f"            {reset}</td>\n        </tr>\n        "
    )


def overview_rows(rows: list, *, with_items: bool) -> None:
    """Give each overview row its ``html``: page addresses reversed once per page."""
    reset_url = reverse("checklists:reset")
    page_urls: dict[int, str] = {}
    for row in rows:
        page = row.checklist.page
        if page.pk not in page_urls:
            page_urls[page.pk] = escape(reverse("curriculum:page", kwargs={"slug": page.slug}))
        row.html = overview_row(
            row, page_url=page_urls[page.pk], reset_url=reset_url, with_items=with_items
        )


@lru_cache(maxsize=4096)
def _item_summary(text: str) -> str:
    return truncatechars(striptags(render_markdown_inline(text)), 70)


@dataclass(frozen=True)
class HistoryLine:
    """One change, as the history list shows it."""

    at: dt.datetime
    kind: str
    item_text: str | None
    from_state: str
    to_state: str
    detail: Any
    page_title: str | None
    phase_title: str | None
    zone: dt.tzinfo  # the learner's: looked up once for the list, not per line

    @property
    def html(self) -> SafeString:
        local = self.at.astimezone(self.zone)
        offset = local.utcoffset() or dt.timedelta()
        minutes = abs(int(offset.total_seconds())) // 60
        stamp = local.strftime("%Y-%m-%dT%H:%M:%S") + (
            f"{'-' if offset < dt.timedelta() else '+'}{minutes // 60:02d}{minutes % 60:02d}"
        )
        shown = (
            f"{local.day} {MONTH_ABBREVIATIONS[local.month - 1]} {local.year}, "
            f"{local:%H}:{local:%M}"
        )
        return mark_safe(  # noqa: S308 — escaped below, or markup from our Markdown
            f'\n      <li><time datetime="{stamp}">{shown}</time> ·\n        {self._what()}'
            "</li>\n    "
        )

    def _what(self) -> str:
        if self.kind == EventKind.STATE:
            text = _item_summary(self.item_text or "")
            before = STATE_LABELS.get(self.from_state, "") if self.from_state else ""
            after = STATE_LABELS.get(self.to_state, "") if self.to_state else ""
            return f"{text}: {escape(before or '—')} → <strong>{escape(after)}</strong>\n        "
        if self.kind == EventKind.RESET:
            detail = self.detail if isinstance(self.detail, dict) else {}
            scope = "a checklist" if detail.get("checklist") else "everything"
            items = detail.get("items", "")
            return f"Reset {scope} ({escape(items)} item{pluralize(items)})\n        "
        label = escape(KIND_LABELS.get(self.kind, self.kind))
        if self.page_title is not None:
            return f"{label}: {escape(self.page_title)}\n        "
        if self.phase_title is not None:
            return f"{label}: {escape(self.phase_title)}"
        return ""


def check_in_rows(entries) -> SafeString:
    """The recent weeks' table rows on the check-ins page, as the template's loop printed
    them: week, hours and reflection (escaped, its line breaks as <br>)."""
    return mark_safe(  # noqa: S308 — every value is escaped
        "".join(
            f'<tr><th scope="row">{escape(date(entry.week_start, "j M Y"))}</th>'
            f'<td class="num">{escape(localize(entry.hours))}</td>'
            f"<td>{linebreaksbr(entry.reflection, autoescape=True)}</td></tr>"
            for entry in entries
        )
    )
