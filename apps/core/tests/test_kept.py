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


def test_kept_html_draws_once_per_key():
    drawn = []

    def draw():
        drawn.append(1)
        return f"<p>{len(drawn)}</p>"

    assert kept.kept_html(("k", 1), draw) == "<p>1</p>"
    assert kept.kept_html(("k", 1), draw) == "<p>1</p>"
    assert kept.kept_html(("k", 2), draw) == "<p>2</p>"


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
