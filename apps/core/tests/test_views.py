import re
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.db import OperationalError, connection
from django.urls import reverse
from procrastinate.contrib.django import app

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
    assert response.json() == {"status": "ok", "database": "ok", "worker": "stale"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_the_workers_heartbeat(client):
    worker_id = async_to_sync(app.job_manager.register_worker)()
    assert client.get(reverse("core:healthz")).json()["worker"] == "ok"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '2 minutes' "
            "WHERE id = %s",
            [worker_id],
        )
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200  # web is fine: a missing worker must not take it out
    assert response.json()["worker"] == "stale"


def test_healthz_reports_a_database_that_does_not_answer(client):
    with mock.patch(
        "apps.core.views.connection.cursor",
        side_effect=OperationalError('connection refused: socket "/var/run/.s.PGSQL.5432"'),
    ):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body == {"status": "error", "database": "unavailable"}
    assert "connection refused" not in response.content.decode()


def test_htmx_is_vendored_and_referenced(client):
    html = client.get(reverse("core:landing")).content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    # Everything from this site (static files, the manifest), nothing from a CDN.
    assert sources and all(
        source.startswith("/") and not source.startswith("//") for source in sources
    ), sources
