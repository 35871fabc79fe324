"""The dashboard's repeated rows as HTML, written in Python.

Drawn by the template language, the dashboard's loops (this week's items, the milestones, the
phase table and the plan table) were most of its nodes, at 10–20 µs a node: about a
millisecond of a ten-millisecond page (profiled at 10,000 learners). These are the same
markup put together from strings, with the template's escaping: text from the content is
escaped, Markdown is rendered and stripped as the filters did, addresses are remembered
(apps.core.reversing). apps/learners/tests/test_dashboard_rows.py keeps the template loops
they replace and compares the two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from apps.core.html import escape
from apps.core.markdown import render_markdown_inline
from apps.core.reversing import reverse
from apps.core.templatetags.site import date, striptags, truncatechars

from .plan import Plan, Position
from .schedule import Milestone, WeekEntry


def _plain(text: str) -> str:
    # ``text|markdown_inline|striptags``: Markdown's output is safe, so the stripped text is
    # left as it is (its entities stay entities).
    return striptags(render_markdown_inline(text))


def week_entries(entries: Iterable[WeekEntry]) -> str:
    out = []
    for entry in entries:
        item = entry.item
        when = ""
        if entry.when:
            when = " · " + (
                f"moved here from {escape(entry.when.lower())}" if entry.carried
                else escape(entry.when)
            )  # fmt: skip
        out.append(
            f'\n          <li><a href="{escape(reverse("curriculum:page", args=[item.page_slug]))}'
            f'#item-{escape(item.key)}">{_plain(item.text)}</a>\n'
            f'            <span class="effort">{escape(entry.effort_label)} · '
            f"{escape(item.page_title)}{when}</span></li>\n        "
        )
    return "".join(out)


def milestones(items: Iterable[Milestone], today: dt.date) -> str:
    out = []
    for milestone in items:
        day = date(milestone.day, "j M Y")
        if milestone.ongoing:
            when = f"since {day}"
        elif milestone.day < today:
            when = f"was due {day}: this week"
        else:
            when = day
        detail = truncatechars(_plain(milestone.detail), 140)
        out.append(
            f"\n          <li><strong>{escape(milestone.title)}</strong> — {when}. "
            f'<span class="muted">{detail}</span></li>\n        '
        )
    return "".join(out)


def phase_rows(rows: Iterable[tuple], csrf_input: str) -> str:
    """The progress table's rows: (phase, tally, confirmed at or None). ``csrf_input`` is what
    ``{% csrf_token %}`` writes."""
    out = []
    for phase, tally, confirmed_at in rows:
        title = escape(phase.title)
        if confirmed_at:
            action = escape(reverse("checklists:phase_ready", args=[phase.key]))
            confirmed = (
                f"{date(timezone.template_localtime(confirmed_at), 'j M Y')}\n"
                f'                <form method="post" action="{action}" class="inline-form">'
                f'{csrf_input}<input type="hidden" name="confirmed" value="0">'
                '<button type="submit" class="link-button">undo<span class="visually-hidden">'
                f" readiness for {title}"
                "</span></button></form>\n                "
            )
        else:
            confirmed = "—"
        out.append(
            "\n            <tr>\n"
            f'              <th scope="row">{title}</th>\n'
            f'              <td class="num">{tally.done} / {tally.counted} '
            f"({tally.percent}%)</td>\n"
            f"              <td>{confirmed}</td>\n"
            "            </tr>\n            "
        )
    return "".join(out)


def plan_rows(plan: Plan, position: Position) -> str:
    """The arc card's table of phases, the current one marked while the plan runs."""
    current = position.phase_index if position.started and not position.finished else None
    out = []
    for index, phase in enumerate(plan.phases):
        marked = ' aria-current="step" class="current"' if index == current else ""
        out.append(
            f"\n        <tr{marked}>\n"
            f'          <th scope="row">{escape(phase.title)}</th>'
            f"<td>{date(phase.start_date, 'j M Y')}</td><td>{date(phase.end_date, 'j M Y')}</td>\n"
            "        </tr>\n        "
        )
    return "".join(out)
