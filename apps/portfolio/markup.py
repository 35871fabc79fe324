"""Repeated rows of the portfolio pages, written in Python: through the template engine a
long list of applications (an include, a URL, a date and three counts per row) cost more
than the rest of the page. Each function returns exactly what the template loop printed
(tests compare them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django import forms
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from apps.core.html import escape
from apps.core.reversing import reverse
from apps.curriculum.revision import content_revision

from .models import Application

MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                       "Nov", "Dec"]  # fmt: skip


def short_date(day) -> str:
    """The template's ``date:"j M Y"``."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}" if day else ""


def application_rows_html(applications: list) -> SafeString:
    """The applications' rows of the list, the edit address built from one reverse and the
    stages' names looked up once."""
    records_url = reverse("portfolio:records", args=["applications"])
    stages = {value: escape(label) for value, label in Application.Stage.choices}
    return mark_safe(  # noqa: S308 — each row is escaped
        "".join(application_row(a, records_url=records_url, stages=stages) for a in applications)
    )


def application_row(a, *, records_url: str, stages: dict[str, str] | None = None) -> SafeString:
    stage = stages.get(a.stage) if stages is not None else None
    verdict = a.verdict
    red = (f'<span class="badge badge-warn">{len(a.red_flag_keys)} red</span>'
           if a.red_flag_keys else "")  # fmt: skip
    green = (f'<span class="badge badge-ok">{len(a.green_flag_keys)} green</span>'
             if a.green_flag_keys else "")  # fmt: skip
    research = (f' <span class="badge">research {len(a.research_keys)}/7</span>'
                if a.research_keys else "")  # fmt: skip
    return mark_safe(  # noqa: S308 — every value is escaped
        f'\n    <tr><th scope="row"><a href="{escape(records_url)}{a.pk}/">{escape(a.role)} at '
        f"{escape(a.company)}</a></th><td>{stage or escape(a.get_stage_display())}</td>"
        f"<td>{short_date(a.applied_on)}</td><td>{escape(a.salary_band or 'not posted')}</td>\n"
        f'    <td><span class="badge verdict verdict-{escape(verdict.code)}">'
        f"{escape(verdict.label)}</span>\n {red} {green}{research}</td></tr>\n  "
    )


# An empty add form's fields, by (kind, day, content revision): kept per process, a few a day.
_add_forms: dict[tuple, SafeString] = {}
ADD_FORMS_KEPT = 64
_reads_content: dict[str, bool] = {}  # kind → whether its form's choices come from the text


def add_form_fields(make_form: Callable[[], forms.BaseForm], *, kind: str,
                    today: dt.date) -> SafeString:  # fmt: skip
    """What includes/grouped_fields.html writes for an unbound add form (never a bound one:
    that shows the learner's own input): the same for every learner on the same day (its
    dates start at today) and, when its choices come from the text, the same content
    revision. Rendered once per process for each; ``make_form`` is called only then (building
    the form cost as much as the rest of the list)."""
    form = None
    if kind not in _reads_content:
        form = make_form()
        _reads_content[kind] = any(
            isinstance(field, forms.ModelChoiceField | forms.MultipleChoiceField)
            for field in form.fields.values()
        )
    key = (kind, today, content_revision() if _reads_content[kind] else None)
    html = _add_forms.get(key)
    if html is None:
        if len(_add_forms) >= ADD_FORMS_KEPT:
            _add_forms.clear()
        form = form or make_form()
        fields = get_template("includes/grouped_fields.html").render({"form": form})
        html = _add_forms[key] = mark_safe(fields)  # noqa: S308 — the template escaped it
    return html


def _number(value) -> str:
    """A number as the template prints it (no thousands separator: the site sets none)."""
    return str(value)


def funnel_svg(funnel) -> SafeString:
    """The job-search funnel's figure: what includes/funnel_svg.html wrote (a wide picture and
    a narrow one for phones, and the caption), with its rows written here."""
    wide, narrow = funnel, funnel.narrow
    summary = escape(funnel.summary)
    parts = [
        '\n<figure class="chart-figure">\n  \n'
        f'  <svg viewBox="0 0 {_number(wide.width)} {_number(wide.height)}" role="img" '
        'aria-labelledby="funnel-title funnel-desc" class="funnel chart-wide">\n'
        "    <title id=\"funnel-title\">Your job-search funnel beside the text's typical rates"
        f'</title>\n    <desc id="funnel-desc">{summary}</desc>\n    '
    ]
    for row in wide.rows:
        label, count, rate = escape(row.label), _number(row.count), _number(row.rate)
        typical = (
            f'<rect x="{_number(row.text_x_min)}" y="{_number(row.y)}" '
            f'width="{_number(row.text_width)}" height="26" class="typical"><title>Typical: '
            f"{_number(row.text_min)}-{_number(row.text_max)}%</title></rect>"
            if row.text_x_min is not None else ""
        )  # fmt: skip
        parts.append(
            f'\n    <g>\n      <text x="0" y="{int(row.y) + 18}" class="chart-label '
            f'funnel-label">{label}</text>\n      <rect x="{_number(wide.label_width)}" '
            f'y="{int(row.y) + 5}" width="{_number(row.width)}" height="16" class="bar">'
            f"<title>{label}: {count} ({rate}%)</title></rect>\n      {typical}\n"
            f'      <text x="{_number(wide.width)}" y="{int(row.y) + 18}" text-anchor="end" '
            f'class="chart-label funnel-count">{count} · {rate}%</text>\n    </g>\n    '
        )
    parts.append("\n  </svg>\n  ")
    if narrow:
        parts.append(
            f'\n  <svg viewBox="0 0 {_number(narrow.width)} {_number(narrow.height)}" '
            'role="img" aria-labelledby="funnel-narrow-title funnel-desc" '
            'class="funnel chart-narrow">\n    <title id="funnel-narrow-title">Your job-search '
            "funnel beside the text's typical rates</title>\n    "
        )
        for row in narrow.rows:
            typical = (
                f'<rect x="{_number(row.text_x_min)}" y="{_number(row.y)}" '
                f'width="{_number(row.text_width)}" height="26" class="typical"></rect>'
                if row.text_x_min is not None else ""
            )  # fmt: skip
            parts.append(
                f'\n    <g>\n      <text x="0" y="{int(row.y) - 6}" class="chart-label '
                f'funnel-label">{escape(row.label)}</text>\n      <rect x="0" '
                f'y="{int(row.y) + 5}" width="{_number(row.width)}" height="16" class="bar">'
                f"</rect>\n      {typical}\n"
                f'      <text x="{_number(narrow.width)}" y="{int(row.y) + 18}" '
                f'text-anchor="end" class="chart-label funnel-count">{_number(row.count)} · '
                f"{_number(row.rate)}%</text>\n    </g>\n    "
            )
        parts.append("\n  </svg>\n  ")
    parts.append(
        f"\n  \n  <figcaption>{summary} Dashed boxes: the text's typical rates for 2025-2026 "
        "entry-level applicants (10-20% replies, 5-10% first rounds, 1-3% offers)."
        "</figcaption>\n</figure>\n"
    )
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped
