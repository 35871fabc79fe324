"""Two app servers and two job workers on one database, as on several machines.

Everything a process needs from another lives in PostgreSQL: sessions, the cache that counts
login attempts, and the job queue. Run alone with `uv run pytest -m cluster`; the normal
suite (and so CI) runs it too.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import psutil
import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection

from apps.core.mail import email_queue
from apps.curriculum.services import roadmap_seed
from tests.factories import make_learner, make_user
from tests.processes import database_url, wait_for
from tests.smtp import SmtpSink, free_port

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-strong-passphrase-42"
ITEM = "baseline-git-stash"
SITE = {"Host": "roadmap.test"}


def query(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


class Cluster:
    def __init__(self, log_dir: Path, smtp_port: int):
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "roadmap.settings.test",
            "DATABASE_URL": database_url(),
            "PYTHONUNBUFFERED": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "30",
            # Many quick retries: the SMTP server comes back long before the last one.
            "EMAIL_RETRY_DELAYS": ",".join(["2"] * 30),
            # Seconds, not minutes, so that the test sees a dead worker's job come back.
            "JOBS_HEARTBEAT_SECONDS": "1",
            "JOBS_STALLED_AFTER": "6",
            "JOBS_SWEEP_CRON": "* * * * * */2",
            "WORKER_STALE_AFTER": "5",
        }

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(  # noqa: S603
            command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR
        )
        self.processes[name] = process
        return process

    def server(self, name: str) -> str:
        port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.start(name, [gunicorn, "roadmap.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                           "--no-control-socket"])  # fmt: skip
        return f"http://127.0.0.1:{port}"

    def worker(self, name: str) -> subprocess.Popen:
        manage = str(settings.BASE_DIR / "manage.py")
        return self.start(name, [sys.executable, manage, "procrastinate", "worker"])

    def talking_to(self, port: int) -> subprocess.Popen:
        """The process with a connection open to this port on this machine."""
        for process in self.processes.values():
            if process.poll() is None and any(
                c.raddr and c.raddr.port == port for c in psutil.Process(process.pid).net_connections()
            ):
                return process
        raise AssertionError(f"no process is connected to port {port}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.log_dir.glob("*.log"))
        )

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Visitor:
    """A person with a browser's cookie jar, sent to one server or the other as by a load
    balancer: whichever server answers, the site's name (the Host header) is the same."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, str, str]:
        request = urllib.request.Request(url, headers=SITE)  # noqa: S310 (http to this machine)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()

    def post(self, url: str, data: dict) -> tuple[int, str, str]:
        token = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers=SITE)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()

    def sign_in(self, base: str, email: str, password: str) -> tuple[int, str, str]:
        self.get(f"{base}/accounts/login/")
        return self.post(f"{base}/accounts/login/", {"login": email, "password": password})


@pytest.fixture
def cluster(tmp_path):
    sink = SmtpSink().start()
    nodes = Cluster(tmp_path, sink.port)
    yield nodes, sink
    nodes.stop()
    sink.stop()


def test_two_servers_and_two_workers_share_everything_through_postgresql(cluster):
    nodes, sink = cluster
    try:
        exercise(nodes, sink)
    except BaseException:
        print(nodes.logs())  # noqa: T201 (pytest shows it under the failure)
        raise


def exercise(nodes: Cluster, sink: SmtpSink) -> None:
    query("TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
          "procrastinate_workers CASCADE")  # fmt: skip
    a, b = nodes.server("web-a"), nodes.server("web-b")
    workers = [nodes.worker("worker-1"), nodes.worker("worker-2")]
    # While they start: the content and a learner, in the database they all use.
    roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    learner = make_learner(user=make_user(email="lin@example.com", password=PASSWORD))
    for base in (a, b):
        wait_for(lambda base=base: Visitor().get(f"{base}/healthz")[0] == 200, f"{base} up")
    wait_for(lambda: query("SELECT count(*) FROM procrastinate_workers")[0][0] == 2, "workers")

    # A session signed in on A works on B (same SECRET_KEY, sessions in the database).
    lin = Visitor()
    status, landed, _ = lin.sign_in(a, learner.user.email, PASSWORD)
    assert status == 200 and landed.startswith(a) and "/accounts/login/" not in landed
    status, landed, html = lin.get(f"{b}/dashboard/")
    assert status == 200 and landed == f"{b}/dashboard/", "B did not know A's session"
    assert learner.display_name in html

    # A tick made on A shows on B.
    assert lin.post(f"{a}/progress/items/{ITEM}/", {"state": "done"})[0] == 200
    status, _, export = lin.get(f"{b}/profile/export.json")
    states = {row["item"]: row["state"] for row in json.loads(export)["progress"]}
    assert states.get(ITEM) == "done"

    # Failed logins count across both servers: the sixth is refused, wherever it lands.
    mallory = Visitor()
    for attempt, base in enumerate([a, b, a, b, a, b], start=1):
        status, _, html = mallory.sign_in(base, learner.user.email, "wrong-password")
        limited = status == 429 or "too many failed" in html.lower()
        assert limited == (attempt == 6), f"attempt {attempt} on {base}: limited={limited}"

    # A worker killed in the middle of a job (SIGKILL: no goodbye) leaves the job "doing";
    # the other worker notices the silent heartbeat and runs the job again.
    sink.stall_once.add("slow@example.com")
    email_queue(EmailMessage("Slow one", "Held up by the SMTP server.", to=["slow@example.com"]))
    assert sink.stalled.wait(timeout=90), "no worker picked the job up"
    holder = nodes.talking_to(sink.port)
    holder.send_signal(signal.SIGKILL)
    (survivor,) = [worker for worker in workers if worker is not holder]
    wait_for(lambda: "slow@example.com" in sink.recipients(), "the stalled job to be retried")
    assert sink.recipients().count("slow@example.com") == 1
    wait_for(
        lambda: query("SELECT status FROM procrastinate_jobs WHERE args::text LIKE '%%slow@%%'")
        == [("succeeded",)],
        "the retried job to be marked done",  # just after the SMTP server's "OK"
    )

    # A periodic job runs once per scheduled time, however many workers are up.
    sweeps = query(
        "SELECT args->>'timestamp', worker_id, status FROM procrastinate_jobs "
        "WHERE task_name = 'retry_stalled_jobs'"
    )
    per_time = Counter(timestamp for timestamp, _, _ in sweeps)
    assert len(per_time) >= 2 and set(per_time.values()) == {1}, per_time

    # 100 emails queued while the SMTP server is down all arrive once it is back.
    sink.stop()
    recipients = [f"reader-{n}@example.com" for n in range(100)]
    email_queue(*(EmailMessage("News", f"Hello {r}", to=[r]) for r in recipients))
    wait_for(
        lambda: query(
            "SELECT count(*) FROM procrastinate_jobs WHERE args::text LIKE '%%reader-%%' "
            "AND status = 'todo' AND attempts >= 1"
        )[0][0] == 100,
        "every email to fail once",
    )
    sink.start()
    wait_for(lambda: len(set(sink.recipients()) & set(recipients)) == 100, "100 emails")
    wait_for(
        lambda: query(
            "SELECT status, count(*) FROM procrastinate_jobs WHERE args::text LIKE '%%reader-%%' "
            "GROUP BY status"
        )
        == [("succeeded", 100)],
        "every email job to be marked done",
    )
    assert Counter(r for r in sink.recipients() if r in recipients) == Counter(recipients)

    # Both servers see the workers' heartbeat.
    for base in (a, b):
        assert json.loads(Visitor().get(f"{base}/healthz")[2])["worker"] == "ok"
    assert survivor.poll() is None
