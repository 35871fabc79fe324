"""What a page drew, kept in this process's memory under a key naming everything it was drawn
from: the content revision, the account's data stamp (apps.accounts.stamps), the day, the
time zone and language, the address. A key that matches is a copy that is still right, so
nothing is ever invalidated: a change makes a new key, and old copies age out, least
recently used first, once the kept copies pass their budget.

A copy must hold nothing of one request alone. The CSRF token is the one such thing a page's
forms carry: pages are drawn with ``CSRF_MARK`` in its place, and ``with_csrf`` puts the
request's token back."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

# Letters and digits, as a token is (escaping leaves it as it is), but one longer: never taken
# for a token.
CSRF_MARK = "KeptCsrfMark0Kept0Csrf0Mark0Kept0Csrf0Mark0Kept0Csrf0Mark0Kept0Cs"


class KeptCopies:
    """Copies by key, the least recently used dropped once their sizes pass ``budget``."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._copies: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            found = self._copies.get(key)
            if found is None:
                return None
            self._copies.move_to_end(key)
            return found[0]

    def fits(self, size: int) -> bool:
        """Whether a copy this size may be kept: one never pushes out most of the others."""
        return size <= self.budget // 8

    def put(self, key: tuple, value, size: int) -> None:
        if not self.fits(size):
            return
        with self._lock:
            old = self._copies.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._copies[key] = (value, size)
            self.size += size
            while self.size > self.budget:
                _, (_, dropped) = self._copies.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self.size = 0


copies = KeptCopies(settings.KEPT_BYTES)


def key_for(request, *parts) -> tuple | None:
    """The key of what is drawn for the signed-in person from their own records and
    ``parts`` (the content revision, the day…), in their zone and language; None where their
    data stamp is unknown (a user not read by UserManager.get): nothing may be kept then."""
    user = getattr(request, "user", None)
    stamp = getattr(user, "data_stamp", None)
    if stamp is None:
        return None
    return (*parts, user.pk, stamp, timezone.get_current_timezone_name(), get_language())


def kept_data(key: tuple | None, read: Callable[[], T], *, size: Callable[[T], int]) -> T:
    """``read()``'s result, kept under ``key`` (shared by every request that finds it: never
    to be changed); ``size`` tells about how many bytes it holds. No key, nothing kept; a
    result of None is not kept either."""
    if key is None:
        return read()
    data = copies.get(key)
    if data is None:
        data = read()
        if data is not None:
            copies.put(key, data, size(data))
    return data


def with_csrf(request, html: str | bytes):
    """A kept copy (HTML, or HTML in UTF-8) with the request's CSRF token in its forms."""
    if isinstance(html, bytes):
        return html.replace(CSRF_MARK.encode(), get_token(request).encode())
    if CSRF_MARK not in html:
        return mark_safe(html)  # noqa: S308 - drawn by our templates
    return mark_safe(html.replace(CSRF_MARK, get_token(request)))  # noqa: S308 - ditto


def kept_pieces(key: tuple | None, make: Callable[[], Iterator[str]]) -> Iterator[str]:
    """A streamed response's pieces: a kept copy's, else ``make()``'s, kept once they have all
    gone out (a response closed halfway keeps nothing) unless they would take more than a
    copy may. No key, nothing kept."""
    if key is not None and (pieces := copies.get(key)) is not None:
        return iter(pieces)
    return _keeping(key, make())


def _keeping(key: tuple | None, pieces: Iterator[str]) -> Iterator[str]:
    written: list[str] | None = [] if key is not None else None
    size = 0
    try:
        for piece in pieces:
            if written is not None:
                written.append(piece)
                size += len(piece)
                if not copies.fits(size):
                    written = None
            yield piece
    finally:
        pieces.close()  # closed halfway: the statement being read is cancelled
    if written is not None:
        copies.put(key, tuple(written), size)


# A masked CSRF token as Django writes it (django.middleware.csrf): 64 letters and digits.
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def kept_page(*also: Callable[[], object], minute: bool = False,
              per_request: Callable[[HttpRequest], object] | None = None):  # fmt: skip
    """Keep a GET view's page (apps.core.kept) for a signed-in person, for a view whose page
    is drawn from that person's own records (their data stamp) and ``also``'s values (the
    content revision, say), at its address, in their day, zone and language; with
    ``minute``, for the minute too (a page that says how long ago); with ``per_request``,
    for its value for the request too. Not kept: any other
    method, an answer other than a page (200), a request with messages to show. The page's
    CSRF tokens are the request's own, every time."""

    def decorator(view):
        @wraps(view)
        def kept_view(request: HttpRequest, *args, **kwargs):
            if request.method != "GET" or len(get_messages(request)):
                return view(request, *args, **kwargs)
            now = timezone.now()
            key = key_for(
                request, "page", view.__module__, view.__qualname__, request.get_full_path(),
                tuple(sorted((name, value) for name, value in request.headers.items()
                             if name.lower().startswith("hx-"))),
                *(part() for part in also), per_request(request) if per_request else None,
                timezone.localdate(now), now.replace(second=0, microsecond=0) if minute else None,
            )  # fmt: skip
            if key is None:
                return view(request, *args, **kwargs)
            if (page := copies.get(key)) is not None:
                body, headers = page
                return HttpResponse(with_csrf(request, body), headers=headers)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            # The CSRF cookie a view's csrf_protect sets comes again with get_token().
            cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME}
            if (response.status_code == 200 and not response.streaming and not cookies
                    and not len(get_messages(request))):  # fmt: skip
                body = _marked(request, response.content)
                copies.put(key, (body, dict(response.headers)), len(body))
            return response

        return kept_view

    return decorator


def _marked(request, body: bytes) -> bytes:
    """The page with ``CSRF_MARK`` for each of the request's CSRF tokens."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body

    def mark(found: re.Match) -> bytes:
        token = found.group().decode()
        return CSRF_MARK.encode() if _unmask_cipher_token(token) == secret else found.group()

    return _TOKEN.sub(mark, body)
