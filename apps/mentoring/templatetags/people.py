from django import template

from apps.mentoring import people

register = template.Library()


@register.filter
def person(user) -> str:
    """{{ review.state_by|person }}: the name someone chose, never their email address."""
    return people.display_name(user)


@register.filter
def mentor_bio(user) -> str:
    return people.bio(user)
