from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

from apps.learners import dashboard_rows

register = template.Library()


@register.simple_tag
def week_entries(entries):
    return mark_safe(dashboard_rows.week_entries(entries))  # noqa: S308 - escaped rows


@register.simple_tag
def milestones(items, today):
    return mark_safe(dashboard_rows.milestones(items, today))  # noqa: S308 - escaped rows


@register.simple_tag(takes_context=True)
def phase_rows(context, rows):
    csrf_input = CsrfTokenNode().render(context)
    return mark_safe(dashboard_rows.phase_rows(rows, csrf_input))  # noqa: S308 - escaped rows


@register.simple_tag
def plan_rows(plan, position):
    return mark_safe(dashboard_rows.plan_rows(plan, position))  # noqa: S308 - escaped rows
