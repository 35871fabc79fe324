"""Repeated rows of the portfolio pages, written in Python: through the template engine a
long list of applications (an include, a URL, a date and three counts per row) cost more
than the rest of the page. Each function returns exactly what the template loop printed
(tests compare them)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.reversing import reverse

MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                       "Nov", "Dec"]  # fmt: skip


def short_date(day) -> str:
    """The template's ``date:"j M Y"``."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}" if day else ""


def with_application_rows(applications: list) -> None:
    """Give each application ``row_html``: its row of the list, the edit address built from
    one reverse."""
    records_url = reverse("portfolio:records", args=["applications"])
    for application in applications:
        application.row_html = application_row(application, records_url=records_url)


def application_row(a, *, records_url: str) -> SafeString:
    verdict = a.verdict
    red = (f'<span class="badge badge-warn">{len(a.red_flag_keys)} red</span>'
           if a.red_flag_keys else "")  # fmt: skip
    green = (f'<span class="badge badge-ok">{len(a.green_flag_keys)} green</span>'
             if a.green_flag_keys else "")  # fmt: skip
    research = (f' <span class="badge">research {len(a.research_keys)}/7</span>'
                if a.research_keys else "")  # fmt: skip
    return mark_safe(  # noqa: S308 — every value is escaped
        f'\n    <tr><th scope="row"><a href="{escape(records_url)}{a.pk}/">{escape(a.role)} at '
        f"{escape(a.company)}</a></th><td>{escape(a.get_stage_display())}</td>"
        f"<td>{short_date(a.applied_on)}</td><td>{escape(a.salary_band or 'not posted')}</td>\n"
        f'    <td><span class="badge verdict verdict-{escape(verdict.code)}">'
        f"{escape(verdict.label)}</span>\n {red} {green}{research}</td></tr>\n  "
    )
