import json
import os
import signal
import subprocess
import sys
import urllib.request
from io import StringIO
from unittest import mock

import psutil
import pytest
from django.conf import settings
from django.core.management import call_command

from apps.curriculum.models import ChecklistItem
from tests.processes import database_url, wait_for
from tests.smtp import free_port

pytestmark = pytest.mark.django_db


def test_makemigrations_has_nothing_to_do():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_start_migrates_seeds_serves_and_runs_a_worker(monkeypatch, settings):
    monkeypatch.delenv("RUN_MAIN", raising=False)
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    settings.SITE_URL = "http://127.0.0.1:8000"  # the command's change goes when the test ends
    ChecklistItem.objects.filter(key="papers-dpo").delete()
    out = StringIO()
    with (
        mock.patch(
            "django.core.management.commands.runserver.Command.handle", return_value=None
        ) as serve,
        mock.patch("apps.core.management.commands.start.subprocess.Popen") as popen,
    ):
        call_command("start", "127.0.0.1:8123", stdout=out)
    assert serve.call_args.kwargs["addrport"] == "127.0.0.1:8123"
    assert ChecklistItem.objects.filter(key="papers-dpo").exists()
    output = out.getvalue()
    assert "created 1 checklist items" in output
    assert "http://127.0.0.1:8123/" in output
    worker_command = popen.call_args.args[0]
    assert worker_command[-2:] == ["procrastinate", "worker"]
    # Links in emails point at this server, also from the worker it started.
    assert settings.SITE_URL == "http://127.0.0.1:8123"
    assert popen.call_args.kwargs["env"]["SITE_URL"] == "http://127.0.0.1:8123"
    popen.return_value.terminate.assert_called_once()  # the worker stops with the server


def test_start_in_the_reloader_child_only_serves(monkeypatch, settings):
    monkeypatch.setenv("RUN_MAIN", "true")
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    settings.SITE_URL = "http://127.0.0.1:8000"  # the command's change goes when the test ends
    out = StringIO()
    with (
        mock.patch(
            "django.core.management.commands.runserver.Command.handle", return_value=None
        ) as serve,
        mock.patch("apps.core.management.commands.start.subprocess.Popen") as popen,
    ):
        call_command("start", "0.0.0.0:9000", stdout=out)
    assert serve.called
    assert not popen.called
    assert out.getvalue() == ""
    assert os.environ["SITE_URL"] == settings.SITE_URL == "http://127.0.0.1:9000"


def test_the_cache_table_exists_for_shared_rate_limits():
    from django.core.cache import cache

    cache.set("probe", "value", 5)
    assert cache.get("probe") == "value"


@pytest.mark.django_db(transaction=True)
def test_start_really_serves_with_a_worker_beside_it_and_stops_both():
    """One command, one terminal: the site answers, a worker's heartbeat shows on /healthz,
    and stopping the command (SIGTERM, as a process manager does) stops the worker too."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's default: development settings
    start = subprocess.Popen(  # noqa: S603
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "start", f"127.0.0.1:{port}",
         "--noreload"],  # fmt: skip
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:

        def health():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:  # noqa: S310
                    return json.loads(r.read())
            except OSError:
                return None

        assert wait_for(lambda: (health() or {}).get("worker") == "ok", "a worker beside it")
        (worker,) = psutil.Process(start.pid).children()
        assert worker.cmdline()[-2:] == ["procrastinate", "worker"]
        start.send_signal(signal.SIGTERM)
        start.wait(timeout=60)
        psutil.wait_procs([worker], timeout=30)
        assert not worker.is_running()
    finally:
        leftovers = psutil.Process(start.pid).children() if start.poll() is None else []
        start.terminate()
        start.wait(timeout=60)
        for process in psutil.wait_procs(leftovers, timeout=20)[1]:
            process.kill()
        output = start.stdout.read().decode()
    assert f"Roadmap is running at http://127.0.0.1:{port}/" in output
