"""Copies kept in memory by what they are drawn from (apps.core.kept)."""

from django.middleware.csrf import _unmask_cipher_token
from django.test import RequestFactory

from apps.core import kept
from apps.core.kept import CSRF_MARK, KeptCopies


def test_copies_past_the_budget_go_least_recently_used_first():
    copies = KeptCopies(budget=800)
    for name in "abc":
        copies.put((name,), name * 100, 100)
    assert copies.get(("a",)) == "a" * 100  # now the most recently used
    for name in "defghi":
        copies.put((name,), name * 100, 100)
    assert copies.get(("b",)) is None
    assert copies.get(("a",)) is not None
    assert copies.size <= 800
    copies.put(("a",), "A", 1)  # the same key again: counted once
    assert copies.get(("a",)) == "A"
    assert copies.size == sum(size for _, size in copies._copies.values())


def test_a_copy_bigger_than_an_eighth_of_the_budget_is_not_kept():
    copies = KeptCopies(budget=800)
    copies.put(("big",), "x" * 101, 101)
    assert copies.get(("big",)) is None


def test_kept_data_draws_once_per_key():
    drawn = []

    def draw():
        drawn.append(1)
        return f"<p>{len(drawn)}</p>"

    assert kept.kept_data(("k", 1), draw, size=len) == "<p>1</p>"
    assert kept.kept_data(("k", 1), draw, size=len) == "<p>1</p>"
    assert kept.kept_data(("k", 2), draw, size=len) == "<p>2</p>"
    assert kept.kept_data(None, draw, size=len) == "<p>3</p>"  # no key: drawn, not kept
    assert kept.kept_data(("none",), lambda: None, size=len) is None  # None is not kept
    assert kept.copies.get(("none",)) is None


def test_with_csrf_puts_each_requests_own_token_in():
    html = f'<input name="csrfmiddlewaretoken" value="{CSRF_MARK}">'
    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    one, two = kept.with_csrf(first, html), kept.with_csrf(second, html)
    assert CSRF_MARK not in one and CSRF_MARK not in two
    token = one.split('value="')[1].rstrip('">')
    assert _unmask_cipher_token(token) == first.META["CSRF_COOKIE"]
    assert one != two


def test_streamed_pieces_are_kept_once_all_have_gone_out():
    made = []

    def make():
        made.append(1)
        yield from ["a", "b", "c"]

    assert list(kept.kept_pieces(("p",), make)) == ["a", "b", "c"]
    assert list(kept.kept_pieces(("p",), make)) == ["a", "b", "c"]
    assert len(made) == 1
    assert list(kept.kept_pieces(None, make)) == ["a", "b", "c"]  # no key: made again
    assert len(made) == 2


def test_a_stream_closed_halfway_keeps_nothing_and_closes_its_source():
    closed = []

    def make():
        try:
            yield from ["a", "b", "c"]
        finally:
            closed.append(True)

    pieces = kept.kept_pieces(("half",), make)
    assert next(pieces) == "a"
    pieces.close()
    assert closed == [True]
    assert kept.copies.get(("half",)) is None


class Person:
    is_authenticated = True

    def __init__(self, pk, stamp):
        self.pk, self.data_stamp = pk, stamp


def page_request(path="/page/", *, person=None, method="get", cookie_secret=None):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.base import SessionBase

    request = getattr(RequestFactory(), method)(path)
    request.user = person or Person(1, 10)
    request.session = SessionBase()
    request._messages = FallbackStorage(request)
    if cookie_secret:
        request.META["CSRF_COOKIE"] = cookie_secret
    return request


def counting_view():
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    drawn = []

    @kept.kept_page()
    def view(request):
        drawn.append(request.get_full_path())
        token = get_token(request)
        return HttpResponse(
            f'<form><input name="csrfmiddlewaretoken" value="{token}"></form>'
            f'<div data-hx-headers=\'{{"x-csrftoken": "{get_token(request)}"}}\'>{len(drawn)}</div>'
        )

    return view, drawn


def tokens_in(body: bytes) -> list[str]:
    return [t.decode() for t in kept._TOKEN.findall(body)]


def test_a_kept_page_is_drawn_once_per_person_stamp_and_address():
    view, drawn = counting_view()
    first = view(page_request())
    again = view(page_request())
    assert len(drawn) == 1 and again.content.endswith(b">1</div>")
    view(page_request("/page/?sort=name"))
    view(page_request(person=Person(1, 11)))  # their records changed
    view(page_request(person=Person(2, 10)))  # someone else
    assert len(drawn) == 4
    assert first.status_code == again.status_code == 200


def test_a_kept_page_carries_only_this_requests_csrf_tokens():
    view, _ = counting_view()
    view(page_request())
    later = page_request()
    body = view(later).content
    tokens = tokens_in(body)
    assert len(tokens) == 2 and CSRF_MARK.encode() not in body
    assert {_unmask_cipher_token(t) for t in tokens} == {later.META["CSRF_COOKIE"]}


def test_posts_messages_unknown_stamps_and_errors_are_never_kept():
    from django.contrib import messages
    from django.http import HttpResponse

    view, drawn = counting_view()
    view(page_request(method="post"))
    view(page_request(method="post"))
    view(page_request(person=Person(1, None)))
    view(page_request(person=Person(1, None)))
    with_message = page_request()
    messages.info(with_message, "Saved.")
    view(with_message)
    view(page_request())  # the page drawn with a message was not kept
    assert len(drawn) == 6

    @kept.kept_page()
    def missing(request):
        drawn.append("404")
        return HttpResponse("no", status=404)

    missing(page_request())
    missing(page_request())
    assert drawn.count("404") == 2


def test_a_page_kept_by_the_minute_is_drawn_again_the_next_minute(monkeypatch):
    import datetime as dt

    from django.http import HttpResponse
    from django.utils import timezone

    drawn = []

    @kept.kept_page(minute=True)
    def view(request):
        drawn.append(1)
        return HttpResponse("ok")

    now = timezone.now().replace(second=10)
    monkeypatch.setattr(timezone, "now", lambda: now)
    view(page_request())
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(seconds=30))
    view(page_request())
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(seconds=60))
    view(page_request())
    assert len(drawn) == 2
