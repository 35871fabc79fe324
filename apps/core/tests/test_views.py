import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_landing_says_what_the_product_is(client):
    response = client.get(reverse("core:landing"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "employable AI engineer" in html
    assert 'href="/roadmap/"' in html
    assert '<html lang="en">' in html
    assert 'class="skip-link" href="#main"' in html
    assert "<main" in html and "<nav" in html and "<footer" in html


def test_healthz_ok(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_database_that_does_not_answer(client):
    with mock.patch(
        "apps.core.views.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "unavailable"
    assert "connection refused" in body["reason"]


def test_htmx_is_vendored_and_referenced(client):
    html = client.get(reverse("core:landing")).content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/static/") for source in sources), sources
