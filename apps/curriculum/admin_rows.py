"""The rows of a content changelist, written directly.

Django's ``items_for_result`` looks every cell up afresh and renders each row's checkbox
through the form widget templates: for a 100-row changelist that was most of the page's
cost. The cells here are the same HTML (the tests compare them with Django's own over
filters, search, sorting and pages); a list that uses anything not covered here (editable
columns, popups, callables, fields with choices, dates, URLs…) is left to Django."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from apps.core.html import escape

_PK_MARK = "0-row-pk-0"
_PLAIN_FIELDS = (models.ForeignKey, models.BooleanField, models.IntegerField, models.CharField,
                 models.TextField)  # fmt: skip
# Subclasses of the plain ones that Django's display_for_field writes differently.
_OTHER_FIELDS = (models.URLField, models.JSONField)


def _text(value, field, empty) -> str:
    if isinstance(value, str) and value.strip() == "":
        value = ""
    return empty if value in field.empty_values else escape(value)


def _column(cl, name, empty):
    """(the cell's class attribute, a function writing the cell's content), or None."""
    if name == "action_checkbox":
        # What the admin's CheckboxInput renders (its label is format_html's: not escaped).
        start = f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="'
        label = gettext("Select this object for an action - {}")
        return ' class="action-checkbox"', lambda obj: (
            f'{start}{escape(obj.pk)}" class="action-select" '
            f'aria-label="{label.format(escape(obj))}">'
        )
    try:
        field = cl.lookup_opts.get_field(name) if isinstance(name, str) else None
    except FieldDoesNotExist:
        field = None
    if (
        field is None
        or field.auto_created
        or getattr(field, "flatchoices", None)
        or not isinstance(field, _PLAIN_FIELDS)
        or isinstance(field, _OTHER_FIELDS)
    ):
        return None
    if isinstance(field, models.ForeignKey):
        return f' class="field-{name} nowrap"', lambda obj: (
            empty if (related := getattr(obj, name)) is None else escape(related)
        )
    if isinstance(field, models.BooleanField):
        icons = {value: _boolean_icon(value) for value in (True, False, None)}
        return f' class="field-{name}"', lambda obj: icons[getattr(obj, name)]
    if isinstance(field, models.IntegerField):
        numbers = {None: empty}

        def number(obj):
            value = getattr(obj, name)
            if value not in numbers:
                numbers[value] = escape(number_format(value))
            return numbers[value]

        return f' class="field-{name}"', number
    return f' class="field-{name}"', lambda obj: _text(getattr(obj, name), field, empty)


def _rows(cl) -> list[ResultList] | None:
    links = cl.list_display_links
    integer_pk = isinstance(cl.lookup_opts.pk, models.IntegerField)  # in a URL as it is
    if cl.formset or cl.is_popup or cl.to_field or not links or not integer_pk:
        return None
    empty = cl.model_admin.get_empty_value_display()
    columns = [_column(cl, name, empty) for name in cl.list_display]
    if None in columns:
        return None
    url = add_preserved_filters(
        {"preserved_filters": cl.preserved_filters, "opts": cl.opts},
        reverse(f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change", args=[_PK_MARK],
                current_app=cl.model_admin.admin_site.name),
    )  # fmt: skip
    href = escape(url)
    cells = []
    first = True
    for name, (class_attribute, content) in zip(cl.list_display, columns, strict=True):
        if name in links:  # the first linked column is the row's heading
            tag = "th" if first else "td"
            first = False
            cells.append((f'<{tag}{class_attribute}><a href="', content, f"</a></{tag}>", True))
        else:
            cells.append((f"<td{class_attribute}>", content, "</td>", False))
    rows = []
    for obj in cl.result_list:
        pk = str(obj.pk)
        html = "".join(
            f'{start}{href.replace(_PK_MARK, pk)}">{content(obj)}{end}'
            if linked
            else f"{start}{content(obj)}{end}"
            for start, content, end, linked in cells
        )
        rows.append(ResultList(None, [mark_safe(html)]))  # noqa: S308 - escaped above
    return rows


def fast_result_list(cl) -> dict:
    """What the admin's ``result_list`` tag gives its template, the rows written directly."""
    rows = _rows(cl)
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
        # What the template's loop over the rows writes (admin/curriculum/
        # change_list_results.html): a row has no form, so no errors of its own.
        "rows_html": mark_safe("".join(f"\n\n<tr>{row[0]}</tr>\n" for row in rows)),  # noqa: S308
    }
