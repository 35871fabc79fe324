"""Helpers for tests that start other processes on the test's own database."""

from __future__ import annotations

import time
import urllib.parse

from django.db import connection


def database_url() -> str:
    """The database this test uses (pytest's test database), for the child processes."""
    params = connection.get_connection_params()
    user = urllib.parse.quote(params.get("user") or "")
    password = urllib.parse.quote(params.get("password") or "")
    credentials = f"{user}:{password}@" if user else ""
    host = params.get("host") or ""
    if host.startswith("/"):  # a Unix socket, as the embedded server uses
        socket = {"host": host, **({"port": params["port"]} if params.get("port") else {})}
        return f"postgresql://{credentials}/{params['dbname']}?{urllib.parse.urlencode(socket)}"
    return f"postgresql://{credentials}{host}:{params.get('port') or 5432}/{params['dbname']}"


def wait_for(condition, what: str, timeout: float = 90.0):
    """Poll until ``condition()`` is true. Generous: on a busy machine processes start slowly."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
