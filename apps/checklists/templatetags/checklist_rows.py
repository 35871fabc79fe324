from django import template
from django.utils.safestring import mark_safe

from apps.checklists import markup, rows
from apps.core import skeleton

register = template.Library()


def _row_context(context) -> rows.RowContext:
    """Built once per request and shared by every row of the response."""
    request = context["request"]
    shared = getattr(request, "_checklist_row_context", None)
    if shared is None:
        shared = rows.RowContext(
            learner=bool(context.get("learner")),
            path=request.path,
            csrf_token=str(context.get("csrf_token", "")),
            mentorships=list(context.get("mentorships") or []),
            htmx=bool(getattr(request, "htmx", False)),
            messages=rows.placed_messages(context.get("messages")),
        )
        request._checklist_row_context = shared
    return shared


@register.simple_tag(takes_context=True)
def item_row(context):
    """One checklist row (apps.checklists.rows): the `item` partial of includes/checklist.html.
    In a cached page's skeleton a learner's row is a hole, filled per request."""
    item = context["item"]
    if context.get("skeleton") and context.get("learner"):
        return mark_safe(skeleton.marker("row", item.pk))  # noqa: S308 - a marker
    editing_html = ""
    if context.get("editing"):
        form = context.template.engine.get_template("includes/item_form.html")
        with context.push(in_row=True):
            editing_html = form.render(context)
    html = rows.item_row(
        item, context["checklist"], _row_context(context), editing_html=editing_html,
        progress=getattr(item, "my_progress", None),
        bookmarked=bool(getattr(item, "bookmarked", False)),
        review=getattr(item, "my_review", None),
    )  # fmt: skip
    return mark_safe(html)  # noqa: S308 - built from escaped parts in apps.checklists.rows


@register.filter
def check_in_rows(entries):
    """The check-ins page's recent weeks, written in Python (apps.checklists.markup)."""
    return markup.check_in_rows(entries)
