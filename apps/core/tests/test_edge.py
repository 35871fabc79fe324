"""The site's edge (issue 10): malformed input is a 4xx with a message, a database outage is
a 503, and every response carries the security headers."""

import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.http import Http404
from django.test import Client, RequestFactory

from apps.checklists.models import ItemProgress, WeeklyCheckIn
from apps.core.http import parse_id, safe_next
from apps.core.mail import single_line
from apps.core.middleware import SESSION_REFRESHED_KEY
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client):
    client.force_login(make_learner().user)
    return client


def test_next_must_be_a_path_on_this_site():
    factory = RequestFactory()
    for target in ["evil", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]:
        assert safe_next(factory.post("/", {"next": target}), "/fallback/") == "/fallback/"
    assert safe_next(factory.post("/", {"next": "/progress/"}), "/fallback/") == "/progress/"


@pytest.mark.parametrize("value", ["abc", "", "-1", "0", "1.5", "١٢", "9" * 30, None, " "])
def test_ids_that_cannot_name_a_row_are_404s(value):
    with pytest.raises(Http404):
        parse_id(value)


def test_ids_are_parsed():
    assert parse_id("42") == 42 and parse_id(7) == 7


def test_single_line_flattens_and_bounds_subjects():
    assert single_line("a\r\nBcc: x@example.com\x00\u2028end") == "a Bcc: x@example.com end"
    assert single_line("x" * 200, 10) == "x" * 9 + "…"


@pytest.mark.parametrize(
    "method, url, data",
    [
        ("post", "/progress/items/baseline-git-stash/", {"state": "done", "note": "a\x00b"}),
        ("post", "/bookmarks/toggle/", {"item": "baseline-git-stash\x00"}),
        ("post", "/bookmarks/toggle/", {"page\x00": "ml-mental-model"}),
        ("get", "/progress/reset/", {"checklist": "\x00"}),
        ("get", "/progress/", {"phase": "x\x00"}),
        ("post", "/check-ins/", {"week_start": "2026-11-23", "hours": "3", "reflection": "\x00"}),
    ],
)
def test_nul_characters_are_a_400_with_a_message_and_nothing_is_saved(
    learner_client, method, url, data
):
    response = getattr(learner_client, method)(url, data)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not ItemProgress.objects.exists() and not WeeklyCheckIn.objects.exists()


def test_a_nul_in_the_path_or_a_cookie_is_a_400(client):
    assert client.get("/invitations/a%00b/").status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


def test_bodies_over_the_limit_are_refused_unread(learner_client, settings):
    response = learner_client.post(
        "/progress/items/baseline-git-stash/", {"state": "done", "note": "x" * (1024 * 1024)}
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not ItemProgress.objects.exists()


def test_file_parts_are_refused(learner_client):
    upload = SimpleUploadedFile("big.bin", b"x" * 1000, content_type="application/octet-stream")
    response = learner_client.post(
        "/progress/items/baseline-git-stash/", {"state": "done", "file": upload}
    )
    assert response.status_code == 400
    assert "does not accept file uploads" in response.content.decode()
    assert not ItemProgress.objects.exists()


def test_a_database_outage_is_a_503_with_retry_after_not_a_500():
    from apps.curriculum.revision import bump_content_revision

    bump_content_revision()  # the page is built again, not taken from an earlier test's cache
    client = Client(raise_request_exception=False)
    error = OperationalError('could not connect: socket "/tmp/.s.PGSQL.5432"')
    with mock.patch("apps.curriculum.views.selectors.arc_overview", side_effect=error):
        response = client.get("/roadmap/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "down for a moment" in html and ".s.PGSQL" not in html


def test_other_errors_are_still_a_plain_500():
    client = Client(raise_request_exception=False)
    with mock.patch("apps.curriculum.views.selectors.arc_overview", side_effect=KeyError("x")):
        response = client.get("/roadmap/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_headers_on_a_signed_in_page(learner_client):
    response = learner_client.get("/progress/")
    assert response["Cache-Control"] == "private, no-store"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_exports_are_never_cached(learner_client):
    for url in ["/profile/export.json", "/profile/export.csv"]:
        assert learner_client.get(url)["Cache-Control"] == "private, no-store"


def test_public_pages_may_be_cached_but_carry_the_policies(client):
    response = client.get("/roadmap/")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


def test_htmx_is_told_not_to_inject_inline_styles(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert "<style" not in html and " style=" not in html


def test_sessions_slide_daily_and_end_after_two_weeks_idle(learner_client, settings):
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    session = learner_client.session
    session[SESSION_REFRESHED_KEY] = int(time.time()) - 2 * 24 * 3600
    session.save()
    learner_client.get("/progress/")
    refreshed = learner_client.session[SESSION_REFRESHED_KEY]
    assert time.time() - refreshed < 60
    # Within the day, no further write.
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.save") as save:
        learner_client.get("/progress/")
    save.assert_not_called()


@pytest.mark.django_db
def test_sessions_load_as_djangos_database_sessions_do():
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore

    from apps.core.sessions import SessionStore

    stored = DjangoStore()
    stored["answer"] = 42
    stored.create()
    assert SessionStore(stored.session_key).load() == {"answer": 42}
    missing = SessionStore("x" * 32)
    assert missing.load() == {} and missing.session_key is None
    stored.set_expiry(-1)
    stored.save()
    assert SessionStore(stored.session_key).load() == {}
