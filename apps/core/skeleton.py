"""Pages rendered once with holes, then filled for each request.

A template renders its content with ``skeleton`` set in the context; where it would show
something that differs per person, ``{% hole "name" arg %}`` leaves a marker instead. The
result is cached (it is the same for everyone); each request fills the holes with its own
HTML. The markers use NUL, which no text on this site can contain (RequestGuardMiddleware
refuses it in input, and Markdown output never has it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

MARK = "\x00"


def marker(name: str, *args) -> str:
    return MARK + ":".join([name, *(str(arg) for arg in args)]) + MARK


def split(html: str) -> tuple[str, ...]:
    """Static HTML and hole names, alternating: (html, hole, html, …, html)."""
    return tuple(html.split(MARK))


def fill(parts: tuple[str, ...], filler: Callable[[str, list[str]], str]) -> SafeString:
    """Join the parts, asking ``filler(name, args)`` for each hole's HTML."""
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            name, *args = part.split(":")
            out.append(filler(name, args))
        else:
            out.append(part)
    return mark_safe("".join(out))  # noqa: S308 - rendered templates and escaped rows
