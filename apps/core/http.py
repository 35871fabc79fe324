"""Parsing request parameters at the edge: bad input becomes a 4xx, never a 500. Telling the
person what happened: announcements for htmx, confirmations placed where the change was."""

import json
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
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


def announce(response, text: str):
    """Ask the page to say ``text`` in its live region (static/js/feedback.js listens)."""
    # ASCII-only JSON: headers are Latin-1, item texts are not.
    response["HX-Trigger"] = json.dumps({"announce": {"text": text}})
    return response


def confirm(request, text: str, next_url: str):
    """Redirect to ``next_url`` with ``text`` shown beside the anchor it points to (the thing
    just changed), or at the top of the page when it points to none."""
    anchor = urlsplit(next_url).fragment
    messages.success(request, text, extra_tags=f"at:{anchor}" if anchor else "")
    return redirect(next_url)
