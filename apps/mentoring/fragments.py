"""Repeated rows of the mentor's pages, written in Python: the same HTML the templates wrote,
byte for byte (tests compare them), at a fraction of the cost. A template spends tens of
microseconds per row on its nodes, filters and ``{% url %}``; the mentor with 50 mentees and
the mentee page with every item of the roadmap render hundreds of rows."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from functools import lru_cache
from html import escape as _escape
from urllib.parse import quote

from django.http import HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import avoid_wrapping, conditional_escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timesince import MONTHS_DAYS, TIME_CHUNKS, TIME_STRINGS, TIME_STRINGS_KEYS
from django.utils.timezone import is_aware
from django.utils.translation import get_language, gettext

from apps.core.markdown import render_markdown_inline

from .mentee import comment_count

# What Django's reverse() leaves unquoted in a path (django.urls.resolvers).
_PATH_SAFE = "!$&'()*+,;=/~:@"
INT_MARKER = 908070605040302010


def escape(value) -> str:
    """As the template's autoescape: a safe string as it is, anything else escaped."""
    if isinstance(value, SafeString):
        return value
    return _escape(str(value))


def url_maker(name: str, *args, marker: str | int = "0mentoring0key0") -> Callable[..., str]:
    """``{% url name *args key %}`` for many keys: reverse once, then fill in each key. The
    marker must pass the route's converter (a large number for an ``<int:…>``)."""
    pattern = reverse(name, args=[*args, marker])
    marker = str(marker)
    head, tail = pattern.split(marker)
    return lambda key: f"{head}{quote(str(key), safe=_PATH_SAFE)}{tail}"


@lru_cache(maxsize=16)
def _month_names(language: str | None) -> list[str]:
    """``M``: the months' short names in this language (translated once, not per page)."""
    return [""] + [str(MONTHS_3[m]).title() for m in range(1, 13)]


def day_formatter():
    """``|date:"j M Y"`` in the current time zone, for many values."""
    months = _month_names(get_language())
    zone = timezone.get_current_timezone()

    written: dict[dt.datetime | dt.date, str] = {}  # a page shows the same days many times

    def day(value: dt.datetime | dt.date) -> str:
        if (text := written.get(value)) is not None:
            return text
        key = value
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = value.astimezone(zone)
        text = written[key] = f"{value.day} {months[value.month]} {value.year:04d}"
        return text

    return day


def iso_day(value: dt.datetime) -> str:
    """``|date:"Y-m-d"`` in the current time zone."""
    value = timezone.localtime(value)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@lru_cache(maxsize=4096)
def plain_subject(text: str, length: int) -> str:
    """``text|markdown_inline|striptags|truncatechars:length``: safe HTML already (the
    stripped tags leave sanitised text with its entities)."""
    return Truncator(strip_tags(render_markdown_inline(text))).chars(length)


@lru_cache(maxsize=2048)
def _since_unit(language: str | None, index: int, number: int) -> str:
    """One unit of ``timesince`` ("3 days"), in this language: translated once, not per page."""
    return avoid_wrapping(TIME_STRINGS[TIME_STRINGS_KEYS[index]] % {"num": number})


def since_maker() -> Callable[[dt.datetime, dt.datetime], str]:
    """``|timesince:now`` for many values: the arithmetic of Django's timesince (depth 2),
    with each unit's text translated, and the separator, once per number rather than once
    per row (the translations cost more than the sums; profiled). Tested against Django's
    own on thousands of pairs of times."""
    language = get_language()
    separator = gettext(", ")

    def unit(index: int, number: int) -> str:
        return _since_unit(language, index, number)

    def since(d: dt.datetime, now: dt.datetime) -> str:
        if d.tzinfo is not now.tzinfo and is_aware(now) and is_aware(d):  # else: the same
            now = now.astimezone(d.tzinfo)
        delta = now - d
        if delta.days * 86400 + delta.seconds <= 0:
            return unit(5, 0)
        total_months = (now.year - d.year) * 12 + (now.month - d.month)
        if d.day > now.day or (d.day == now.day and d.time() > now.time()):
            total_months -= 1
        years, months = divmod(total_months, 12)
        pivot = d
        if years or months:
            year, month = d.year + years, d.month + months
            if month > 12:
                month -= 12
                year += 1
            pivot = dt.datetime(year, month, min(MONTHS_DAYS[month - 1], d.day), d.hour,
                                d.minute, d.second, tzinfo=d.tzinfo)  # fmt: skip
        remaining = (now - pivot).total_seconds()
        partials = [years, months]
        for chunk in TIME_CHUNKS:
            count = int(remaining // chunk)
            partials.append(count)
            remaining -= chunk * count
        first = next((i for i, value in enumerate(partials) if value), None)
        if first is None:
            return unit(5, 0)
        shown = [unit(first, partials[first])]
        if first + 1 < len(partials) and partials[first + 1]:
            shown.append(unit(first + 1, partials[first + 1]))
        return separator.join(shown)

    return since


# (review, language) → its inbox row around the time it has waited: the same from one visit
# to the next, until the review moves.
_inbox_row_parts: dict[tuple, tuple[str, str]] = {}
MAX_INBOX_ROWS = 8192


def inbox_rows(reviews, *, now: dt.datetime) -> SafeString:
    """The rows of "Waiting on you" on the mentor's inbox."""
    since = since_maker()
    language = get_language()
    if len(_inbox_row_parts) >= MAX_INBOX_ROWS:
        _inbox_row_parts.clear()
    mentee_url = review_url = None
    out = []
    for r in reviews:
        if (parts := _inbox_row_parts.get((r, language))) is None:
            if mentee_url is None:
                mentee_url = url_maker("mentoring:mentee", marker=INT_MARKER)
                review_url = url_maker("mentoring:review", marker=INT_MARKER)
            if r.item_id:
                key = escape(r.item_key)
                href = f"{escape(mentee_url(r.learner_id))}?review={key}#item-{key}"
            else:
                href = escape(review_url(r.pk))
            parts = _inbox_row_parts[r, language] = (
                f'\n        <tr><th scope="row"><a href="{href}">'
                f"{plain_subject(r.subject, 90)}</a></th>"
                f"\n        <td>{escape(r.learner_name)}</td><td>{escape(r.state_label)}</td><td>",
                "</td></tr>\n      ",
            )
        out.append(f"{parts[0]}{escape(since(r.state_since, now))}{parts[1]}")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def cohort_rows(rows) -> SafeString:
    """The rows of the cohort grid on the mentor's inbox: one per mentee. A row kept from an
    earlier visit (selectors._mentee_rows) keeps its HTML too."""
    mentee_url = url_maker("mentoring:mentee", marker=INT_MARKER)
    day = day_formatter()
    reader = (timezone.get_current_timezone_name(), get_language())  # all the row reads of them
    titles: dict[str, str] = {}  # a phase's title → escaped
    out = []
    for m in rows:
        if m.written is not None and m.written[0] == reader:
            out.append(m.written[1])
            continue
        place = escape(m.phase)
        if m.months:
            place += f" · month {m.month} of {m.months}"
        cells = []
        for cell in m.cells:
            title = cell.phase.title
            if (escaped := titles.get(title)) is None:
                escaped = titles[title] = escape(title)
            cells.append(
                f'<td class="cell heat-{cell.heat}">{cell.percent}%<span class="visually-hidden">'
                f" of {escaped}: {cell.done} of {cell.counted} done</span></td>"
            )
        cells = "".join(cells)
        if m.pace:
            behind = " pace-behind" if m.pace.behind else ""
            pace = f'<span class="pace{behind}">{escape(m.pace.label)}</span>'
        else:
            pace = "—"
        if m.last_activity:
            activity = f'<time datetime="{iso_day(m.last_activity)}">{day(m.last_activity)}</time>'
        else:
            activity = "never"
        reasons = "; ".join(conditional_escape(r) for r in m.reasons) if m.reasons else "—"
        stuck = ' class="row-stuck"' if m.needs_attention else ""
        html = (
            f"\n        <tr{stuck}>"
            f'\n          <th scope="row"><a href="{escape(mentee_url(m.mentorship.learner_id))}">'
            f'{escape(m.name)}</a><br><span class="muted">{place}</span></th>'
            f"\n          {cells}"
            f'\n          <td class="num">{m.percent}%</td>'
            f"\n          <td>{pace}</td>"
            f"\n          <td>{activity}</td>"
            f'\n          <td class="attention">{reasons}</td>'
            f"\n        </tr>\n      "
        )
        m.written = (reader, html)
        out.append(html)
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@lru_cache(maxsize=4096)
def _stripped(text: str) -> str:
    """``text|markdown_inline|striptags``."""
    return strip_tags(render_markdown_inline(text))


def _bar(label: str, tally) -> str:
    return (
        f'<span class="mentee-bar"><progress max="{tally.counted}" value="{tally.done}" '
        f'aria-label="{label}: progress"></progress> {tally.done} of {tally.counted}</span>'
    )


@lru_cache(maxsize=4096)
def _item_parts(key: str, text: str) -> tuple[str, str, str, str]:
    """What an item's row shows the same for every mentee: its key for HTML and (escaped)
    for a path, its text as HTML and as plain text."""
    return (
        escape(key),
        escape(quote(key, safe=_PATH_SAFE)),
        render_markdown_inline(text),
        (_stripped(text)),
    )


class _ItemRows:
    """Closed rows of the mentee page's checklist (the ``item_row`` partial of
    mentoring/mentee.html), for one mentee."""

    def __init__(self, learner_id: int):
        self.mentee_url = escape(reverse("mentoring:mentee", args=[learner_id]))
        marker = "0mentoring0key0"
        head, tail = reverse("mentoring:item_review", args=[learner_id, marker]).split(marker)
        self.review_url = (escape(head), escape(tail))
        self.day = day_formatter()
        self.labels: dict[str, tuple[str, str]] = {}

    def __call__(self, row) -> str:
        progress, review, state = row.progress, row.review, row.state
        if (labels := self.labels.get(state)) is None:
            labels = self.labels[state] = (escape(state), escape(row.state_label))
        state_class, state_label = labels
        item = row.item
        can_review = row.can_review
        if progress is None and review is None and not can_review and not row.note:
            # An item not started, nothing to show but the item: the same for every mentee.
            return _untouched_row(item.key, item.text, state_class, state_label)
        key, path_key, text, plain = _item_parts(item.key, item.text)
        meta = evidence = verdict = link = note = ""
        if progress is not None:
            if progress.done_at:
                meta = f'<span class="muted">done {self.day(progress.done_at)}</span>'
            elif progress.started_at and state == "in_progress":
                meta = f'<span class="muted">started {self.day(progress.started_at)}</span>'
            if progress.evidence_url:
                evidence = (
                    f'<a href="{escape(progress.evidence_url)}" rel="noopener nofollow ugc">'
                    f'evidence<span class="visually-hidden"> for {plain}</span></a>'
                )
        if review:
            verdict = (
                f'<span class="state-badge review-badge review-{escape(review.state)}">'
                f"{escape(review.get_state_display())}</span>"
            )
            if comments := comment_count(review):
                plural = "" if comments == 1 else "s"
                verdict += f' <span class="muted">{comments} comment{plural}</span>'
        if can_review or review:
            link = "\n                  \n                  "
            if not row.open:
                head, tail = self.review_url
                link = (
                    f'\n                  <a class="review-open" href="{self.mentee_url}'
                    f'?review={key}#item-{key}" data-hx-get="{head}{path_key}{tail}" '
                    f'data-hx-target="#item-{key}" data-hx-swap="outerHTML">'
                    f"{'Review' if can_review else 'Thread'}"
                    f'<span class="visually-hidden">: {plain}</span></a>'
                    "\n                  "
                )
        if row.note:
            note = (
                '<p class="item-note"><span class="muted">Their note:</span> '
                f"{linebreaksbr(row.note)}</p>"
            )
        return _row(key, state_class, state_label, text, meta, evidence, verdict, link, note)


def _row(key, state_class, state_label, text, meta, evidence, verdict, link, note) -> str:
    return (
        f'\n              <li id="item-{key}" class="mentee-item state-{state_class}">'
        '\n                <div class="mentee-item-main">'
        f'\n                  <span class="state-badge state-{state_class}">'
        f"{state_label}</span>"
        f'\n                  <span class="item-text">{text}</span>'
        "\n                </div>"
        '\n                <div class="item-meta">'
        f"\n                  {meta}"
        f"\n                  {evidence}"
        f"\n                  {verdict}"
        f"\n                  {link}"
        "\n                </div>"
        f"\n                {note}"
        "\n                "
        "\n              </li>"
        "\n              "
    )


@lru_cache(maxsize=4096)
def _untouched_row(key: str, text: str, state_class: str, state_label: str) -> str:
    """The row of an item with no progress, review or note (no link: nothing to review)."""
    key, _, text, _ = _item_parts(key, text)
    return _row(key, state_class, state_label, text, "", "", "", "", "")


def mentee_checklist(page) -> list[tuple[SafeString, object]]:
    """The mentee page's checklist (phases, pages, checklists, items) as HTML, in pieces:
    ``[(html, open_row), …]``. Each open row (the one whose review panel is open) comes
    after the HTML before it, for the template's ``item_row`` partial to write with its
    form; the last piece has no row."""
    return [(mark_safe(html.decode()), row) for html, row in mentee_checklist_utf8(page)]  # noqa: S308


# What is written of kept pages (``MenteePage.version``), by (version, part).
_written: dict[tuple, object] = {}
MAX_WRITTEN = 192


def _kept(page, part: str, write: Callable):
    """``write(page)``, kept with the page if it is kept."""
    if page.version is None:
        return write(page)
    return _kept_as((page.version, part), lambda: write(page))


def _kept_as(key: tuple, write: Callable):
    if (written := _written.get(key)) is None:
        if len(_written) >= MAX_WRITTEN:
            _written.clear()
        written = _written[key] = write()
    return written


def mentee_shared_records(shared) -> SafeString:
    """``shared_records`` of a mentee's ``selectors.SharedRecords``, kept for their version,
    in the viewer's zone and language: read and written only when they changed."""
    key = ("shared", shared.version, timezone.get_current_timezone_name(), get_language())
    return _kept_as(key, lambda: shared_records(shared.read()))


def mentee_checklist_utf8(page) -> list[tuple[bytes, object]]:
    """``mentee_checklist`` encoded in UTF-8, for the response (``Splice``), checklist by
    checklist: one emoji in a learner's note made the whole 300 KB page a string of four
    bytes a character, and joining, marking safe and encoding it cost more than writing
    its rows (profiled). A page kept by ``mentee_page`` keeps its checklist, written."""
    return _kept(page, "checklist", _mentee_checklist_utf8)


def mentee_head(page) -> SafeString:
    """What the mentee page's own numbers decide above the checklist: the lead and the
    filters (mentoring/mentee.html#head), kept with the page."""
    return _kept(page, "head", lambda page: _partial("head", page))


def mentee_plan(page) -> SafeString:
    """The plan and the project reviews beside the checklist (mentoring/mentee.html#plan),
    kept with the page."""
    return _kept(page, "plan", lambda page: _partial("plan", page))


def _partial(name: str, page) -> SafeString:
    context = {"page": page, "mentorship": page.mentorship}
    return render_to_string(f"mentoring/mentee.html#{name}", context)


def _mentee_checklist_utf8(page) -> list[tuple[bytes, object]]:
    day = day_formatter()
    item_row = _ItemRows(page.mentorship.learner_id)
    opened = " open" if page.filter else ""
    pieces: list[tuple[bytes, object]] = []
    done: list[bytes] = []  # the piece so far, encoded
    out: list[str] = []
    for phase in page.phases:
        title = escape(phase.phase.title)
        is_open = opened or (" open" if phase.current else "")
        now = ' <span class="badge">now</span>' if phase.current else ""
        if phase.planned:
            when = f"{day(phase.planned.start_date)} – {day(phase.planned.end_date)}"
        else:
            when = escape(phase.phase.months_label)
        out.append(
            f'\n      <details class="mentee-phase" id="phase-{escape(phase.phase.key)}"{is_open}>'
            "\n        <summary>"
            f'\n          <span class="mentee-phase-title">{title}</span>{now}'
            f'\n          <span class="muted">{when}</span>'
            f"\n          {_bar(title, phase.tally)}"
            "\n        </summary>"
            "\n        "
        )
        for block in phase.pages:
            page_title = escape(block.page.title)
            out.append(
                f'\n        <details class="mentee-page"{is_open}>'
                "\n          <summary>"
                f"\n            <span>{escape(block.page.number_label)} · {page_title}</span>"
                f"\n            {_bar(page_title, block.tally)}"
                "\n          </summary>"
                "\n          "
            )
            for checklist in block.checklists:
                list_title = escape(checklist.checklist.title)
                out.append(
                    '\n          <details class="mentee-list" open>'
                    "\n            <summary>"
                    f"\n              <span>{list_title}</span>"
                    f"\n              {_bar(list_title, checklist.tally)}"
                    "\n            </summary>"
                    '\n            <ul class="mentee-items">'
                    "\n              "
                )
                for row in checklist.rows:
                    out.append("\n              ")
                    if row.open:
                        done.append("".join(out).encode())
                        pieces.append((b"".join(done), row))
                        out, done = [], []
                    else:
                        out.append(item_row(row))
                    out.append("\n              ")
                out.append("\n            </ul>\n          </details>\n          ")
                done.append("".join(out).encode())
                out = []
            out.append("\n        </details>\n        ")
        out.append("\n      </details>\n      ")
    done.append("".join(out).encode())
    pieces.append((b"".join(done), None))
    return pieces


@lru_cache(maxsize=256)
def _verdict(verdict) -> str:
    """includes/verdict.html (verdicts are frozen: a few dozen different ones)."""
    return (
        f'<span class="badge verdict verdict-{escape(verdict.code)}">{escape(verdict.label)}'
        "</span>\n"
    )


def _rubric_lists(record) -> str:
    """includes/rubric_lists.html."""
    return (
        "".join(
            f'<br><span class="muted">{escape(rubric.label)}:</span> '
            + "; ".join(render_markdown_inline(item.text) for item in rubric.items)
            for rubric in record.rubric_lists
        )
        + "\n"
    )


@lru_cache(maxsize=1)
def _choice_labels() -> dict[str, Callable[[str], str]]:
    """``get_FOO_display`` of the shared records' choice fields, as lookups made once (the
    model's method builds the field's choices afresh on every call)."""
    from apps.portfolio.models import Application, PaperRead, Project

    def labels(model, name):
        choices = dict(model._meta.get_field(name).flatchoices)
        return lambda value: str(choices.get(value, value))

    return {"slot": labels(Project, "slot"), "status": labels(Project, "status"),
            "mode": labels(PaperRead, "mode"), "stage": labels(Application, "stage")}  # fmt: skip


def shared_records(shared: dict) -> SafeString:
    """includes/shared_records.html: a mentee's shared records with their rubric results."""
    day = day_formatter()
    label = _choice_labels()
    out = ["\n"]
    if (projects := shared.get("projects")) is not None:
        out.append("\n<h3>Projects</h3>\n")
        if projects:
            out.append('<ul class="shared-records">')
            polish_total = shared["polish_total"]
            for p in projects:
                out.append(
                    f"\n  <li><strong>{escape(p.title)}</strong> · {escape(label['slot'](p.slot))}"
                    f" · {escape(label['status'](p.status))} · {_verdict(p.verdict)} · polish "
                    f"{p.polish_done} of {polish_total} — {escape(p.summary)}"
                    f"{_rubric_lists(p)}</li>\n"
                )
            out.append("</ul>")
        else:
            out.append("<p>No projects yet.</p>")
        out.append(f"\n<p>Public footprint: {_verdict(shared['footprint'].verdict)}</p>\n")
    out.append("\n")
    if (papers := shared.get("papers")) is not None:
        out.append("\n<h3>Papers</h3>\n")
        if papers:
            out.append('<ul class="shared-records">')
            for p in papers:
                out.append(
                    f"\n  <li>{render_markdown_inline(p.title)} · {escape(label['mode'](p.mode))}"
                    f" · {day(p.read_on)} · is it solid? {_verdict(p.verdict)}"
                    f"{_rubric_lists(p)}</li>\n"
                )
            out.append("</ul>")
        else:
            out.append("<p>No papers yet.</p>")
        out.append("\n")
    out.append("\n")
    if (applications := shared.get("applications")) is not None:
        out.append("\n<h3>Job search</h3>\n")
        if applications:
            out.append('<ul class="shared-records">')
            for a in applications:
                out.append(
                    f"\n  <li>{escape(a)} · {escape(label['stage'](a.stage))} · "
                    f"{_verdict(a.verdict)}{_rubric_lists(a)}</li>\n"
                )
            out.append("</ul>")
        else:
            out.append("<p>No applications yet.</p>")
        out.append("\n")
    out.append("\n")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


# Unguessable, so that nothing a user writes can pass for a placeholder.
_SPLICE_TOKEN = secrets.token_hex(16)
_PLACEHOLDER = re.compile(f"<!--{_SPLICE_TOKEN}:([0-9]+)-->")


class Splice:
    """Large HTML written in Python, put into the page after its template has rendered.

    A template copies every string it renders once or twice at each level it passes
    through (the loop, the block, the base template's blocks, the whole): a 300 KB
    checklist was copied about ten times, 3 ms of the mentee page (profiled). The template
    renders a short placeholder for each piece instead (``splice(html)``), and the response
    is its output with the pieces back in their places: the same bytes."""

    def __init__(self):
        self.pieces: list[str] = []

    def __call__(self, html: SafeString | bytes) -> SafeString:
        """A placeholder for ``html`` (or HTML encoded as the response is, in UTF-8)."""
        self.pieces.append(html)
        return mark_safe(f"<!--{_SPLICE_TOKEN}:{len(self.pieces) - 1}-->")  # noqa: S308

    def join(self, html: str) -> bytes:
        """``html`` with the pieces back in their places, in UTF-8."""
        return b"".join(
            (piece if isinstance(piece := self.pieces[int(part)], bytes) else piece.encode())
            if index % 2 else part.encode()
            for index, part in enumerate(_PLACEHOLDER.split(html))
        )  # fmt: skip

    def render(self, request, template_name: str, context: dict) -> HttpResponse:
        """``django.shortcuts.render`` with the pieces spliced in."""
        parts = _PLACEHOLDER.split(render_to_string(template_name, context, request))
        # split() alternates the template's text and the pieces' numbers.
        return HttpResponse([self.pieces[int(part)] if index % 2 else part
                             for index, part in enumerate(parts)])  # fmt: skip
