"""Messages that belong next to the thing they confirm: without JavaScript a form posts, the
page reloads at the thing's anchor, and its confirmation is right there, not off-screen at the
top. Views place a message with apps.core.http.confirm (an ``at:<anchor>`` tag)."""

from django import template

register = template.Library()


def place_of(message) -> str:
    for tag in (message.extra_tags or "").split():
        if tag.startswith("at:"):
            return tag[3:]
    return ""


@register.filter
def unplaced(messages) -> list:
    return [message for message in messages if not place_of(message)]


@register.filter
def placed_at(messages, anchor: str) -> list:
    return [message for message in messages if place_of(message) == anchor]
