"""Parsing request parameters at the edge: bad input becomes a 4xx, never a 500."""

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

# PostgreSQL's bigint; larger numbers cannot name a row and would overflow the query.
MAX_ID = 2**63 - 1


def safe_next(request, fallback: str) -> str:
    """The ``next`` address a form or link asked to return to, if it is a path on this site.
    A bare word (``next=evil``) is not a path: ``redirect()`` would try to reverse it."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return fallback


def parse_id(value) -> int:
    """A row id from a form or query parameter; anything else is a 404 (no such row)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise Http404("No such record.")
    return int(text)


def optional_id(value) -> int | None:
    """Like ``parse_id``, but an empty value means none was given."""
    return parse_id(value) if str(value or "").strip() else None
