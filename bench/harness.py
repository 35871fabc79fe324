"""The benchmark: gunicorn with production settings and 2 workers on a seeded database, each
page loaded by wrk at 50 connections, /healthz first and last in the same run.

Per page it reports throughput, latency percentiles (from wrk), the throughput as a share of
/healthz's, the SQL queries one request runs (counted in-process with the same code), and the
CPU milliseconds per request: the CPU time the gunicorn workers and the PostgreSQL server
processes spent during the page's run, divided by the requests served. Process CPU time does
not grow when other programs compete for the cores, so the figure holds on a busy machine;
throughput and latency do not, which is why they are read as ratios to /healthz.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "roadmap_bench"
CSRF_TOKEN = "b" * 32  # the cookie and the header only need to match
WRK_SCRIPT = """
local paths = {%(paths)s}
local bodies = {%(bodies)s}
local counter = 0
wrk.method = "%(method)s"
%(headers)s
request = function()
  counter = counter + 1
  local index = (counter %% #paths) + 1
  return wrk.format(nil, paths[index], nil, bodies[index])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, ' ..
    '"status_errors": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Target:
    name: str
    who: str  # "", "learner", "mentor", "editor"
    paths: list[str]
    method: str = "GET"
    bodies: list[str] = field(default_factory=list)
    htmx: bool = False
    max_queries: int = 40


@dataclass
class Measurement:
    target: Target
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float | None
    queries: int
    status: int
    ratio: float = 0.0
    database_cpu_ms: float | None = None  # the PostgreSQL processes' part of cpu_ms

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@contextlib.contextmanager
def history_kept_as_seeded(target: Target):
    """Ticks add events to the heavy learner's history, which other pages and the export read:
    remove them afterwards, so every run (and the next) measures the seeded history."""
    if target.method != "POST":
        yield
        return
    from django.db.models import Max

    from apps.accounts.models import User
    from apps.checklists.models import ActivityZone, ProgressEvent
    from apps.core import demo_data

    heavy = User.objects.get(email=demo_data.HEAVY_LEARNER)
    last = ProgressEvent.objects.filter(user=heavy).aggregate(last=Max("id"))["last"] or 0
    try:
        yield
    finally:
        ProgressEvent.objects.filter(user=heavy, id__gt=last).delete()
        # Its days are counted again from what is left, at the next read.
        ActivityZone.objects.filter(user=heavy).delete()
        vacuum(ProgressEvent._meta.db_table)


def vacuum(table: str = "") -> None:
    """What autovacuum does in time on a live server, done now: bulk loads and the ticks'
    deletions leave pages whose rows an index-only scan must check in the table (thousands of
    heap fetches on the heavy learner's history)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table) if table else ''}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roadmap.settings.prod",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                   check=True)  # fmt: skip


def bring_up_to_date(env: dict[str, str]) -> None:
    """Migrate and collect static files (the production static storage reads the manifest):
    a database seeded by older code gains the tables the current code reads."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def prepare_database(env: dict[str, str], learners: int) -> None:
    """Migrate, seed the roadmap, and (re)build the demo data unless it is already the right
    size."""
    bring_up_to_date(env)
    manage(env, "seed_roadmap")
    import django

    os.environ.update(env)
    django.setup()
    from apps.core import demo_data

    if demo_data.demo_user_count() != learners + max(1, learners // 20) + 1:
        manage(env, "seed_demo", "--learners", str(learners), "--reset")
    vacuum()


def signed_in_cookies() -> dict[str, str]:
    """A session for each benchmark persona, made the way a sign-in makes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from apps.accounts.models import User
    from apps.core import demo_data
    from apps.core.sessions import SessionStore

    cookies = {"": ""}
    for who, email in [("learner", demo_data.HEAVY_LEARNER), ("mentor", demo_data.BUSY_MENTOR),
                       ("editor", demo_data.EDITOR)]:  # fmt: skip
        user = User.objects.get(email=email)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[who] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


def targets() -> list[Target]:
    from django.db.models import Count, Q

    from apps.accounts.models import User
    from apps.checklists.selectors import roadmap_items
    from apps.core import demo_data
    from apps.curriculum.models import Page

    heavy = User.objects.get(email=demo_data.HEAVY_LEARNER)
    long_page = (
        Page.objects.published()
        .annotate(n=Count("checklists__items", filter=Q(checklists__items__is_retired=False)))
        .order_by("-n")
        .first()
    )
    tick_keys = list(
        roadmap_items().filter(checklist__page=long_page).values_list("key", flat=True)[:40]
    )
    tick_paths = [f"/progress/items/{key}/" for key in tick_keys for _ in range(2)]
    tick_bodies = [f"state={state}" for _ in tick_keys for state in ("done", "not_started")]
    return [
        Target("/healthz", "", ["/healthz"], max_queries=3),
        Target(f"roadmap page ({long_page.slug})", "learner", [long_page.get_absolute_url()]),
        Target("/dashboard/", "learner", ["/dashboard/"]),
        Target("/progress/", "learner", ["/progress/"]),
        Target("/check-ins/", "learner", ["/check-ins/"]),
        Target("/bookmarks/", "learner", ["/bookmarks/"]),
        Target("/profile/", "learner", ["/profile/"]),
        Target("/portfolio/", "learner", ["/portfolio/"]),
        Target("/portfolio/applications/", "learner", ["/portfolio/applications/"]),
        Target("/notifications/", "learner", ["/notifications/"]),
        Target("/roadmap/", "learner", ["/roadmap/"]),
        Target("export JSON", "learner", ["/profile/export.json"]),
        Target("export CSV", "learner", ["/profile/export.csv"]),
        Target("/mentor/ (50 mentees)", "mentor", ["/mentor/"]),
        Target("a mentee page", "mentor", [f"/mentor/mentees/{heavy.pk}/"]),
        Target("admin item changelist", "editor", ["/admin/curriculum/checklistitem/"]),
        # Last: every tick adds to the heavy learner's history, which the pages above read.
        Target("tick (htmx POST)", "learner", tick_paths, "POST", tick_bodies, htmx=True),
        Target("/healthz (again)", "", ["/healthz"], max_queries=3),
    ]


_clients: dict[str, object] = {}


def count_queries(target: Target, cookie: str, n: int = 0) -> tuple[int, int]:
    """The status and the SQL queries of one request, run in-process with the same code: the
    target's ``n``-th path and body, as wrk takes them in turn."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if cookie not in _clients:  # one client each: a new one would set up the middleware again
        client = Client(HTTP_X_CSRFTOKEN=CSRF_TOKEN)
        client.cookies.load(f"{cookie}; csrftoken={CSRF_TOKEN}" if cookie else "")
        _clients[cookie] = client
    client = _clients[cookie]
    headers = {"HTTP_HX_REQUEST": "true"} if target.htmx else {}
    with CaptureQueriesContext(connection) as queries:
        if target.method == "POST":
            form = "application/x-www-form-urlencoded"
            response = client.post(target.paths[n % len(target.paths)],
                                   target.bodies[n % len(target.bodies)], content_type=form,
                                   **headers)  # fmt: skip
        else:
            response = client.get(target.paths[n % len(target.paths)], **headers)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
    return response.status_code, len(queries)


class CpuMeter:
    """CPU seconds used by the app server's workers and the database server's processes."""

    def __init__(self, gunicorn_pid: int, postmaster_pid: int | None):
        import psutil

        self.psutil = psutil
        self.roots = [pid for pid in (gunicorn_pid, postmaster_pid) if pid]

    def _processes(self):
        for pid in self.roots:
            with contextlib.suppress(self.psutil.NoSuchProcess):
                root = self.psutil.Process(pid)
                yield pid, root
                for child in root.children(recursive=True):
                    yield pid, child

    def snapshot(self) -> dict[tuple[int, int], float]:
        """CPU seconds so far, by (root, process)."""
        times = {}
        for root, process in self._processes():
            with contextlib.suppress(self.psutil.NoSuchProcess):
                cpu = process.cpu_times()
                times[root, process.pid] = cpu.user + cpu.system
        return times

    def since(self, before: dict[tuple[int, int], float]) -> float:
        return sum(self.split_since(before))

    def split_since(self, before: dict[tuple[int, int], float]) -> tuple[float, float]:
        """CPU seconds since ``before``: the app server's, and the database server's."""
        used = [0.0, 0.0]
        for (root, pid), value in self.snapshot().items():
            used[root != self.roots[0]] += value - before.get((root, pid), 0.0)
        return used[0], used[1]

    def settle(self, timeout: float = 300) -> None:
        """Wait until the servers are idle: wrk leaves requests queued at the sync workers
        when it stops, and the next page must start on an idle server."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = self.snapshot()
            time.sleep(0.3)
            if self.since(before) < 0.02:
                return


def postmaster_pid() -> int | None:
    """The database server's main process, if it runs on this machine."""
    import psutil
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), inet_server_addr()")
        backend, address = cursor.fetchone()
    if address not in (None, "127.0.0.1", "::1"):
        return None
    with contextlib.suppress(psutil.NoSuchProcess):
        return psutil.Process(backend).ppid()
    return None


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(url, timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.25)
    raise RuntimeError(f"The server did not come up at {url}.")


def run_wrk(base: str, target: Target, cookie: str, seconds: float, connections: int,
            workdir: Path) -> dict:  # fmt: skip
    headers = {}
    if cookie:
        headers["Cookie"] = f"{cookie}; csrftoken={CSRF_TOKEN}"
        headers["X-CSRFToken"] = CSRF_TOKEN
    if target.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if target.htmx:
        headers["HX-Request"] = "true"
    bodies = target.bodies or [""] * len(target.paths)
    script = WRK_SCRIPT % {
        "paths": ", ".join(json.dumps(p) for p in target.paths),
        "bodies": ", ".join(json.dumps(b) if b else "nil" for b in bodies),
        "method": target.method,
        "headers": "\n".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}"
                             for k, v in headers.items()),  # fmt: skip
    }
    path = workdir / "page.lua"
    path.write_text(script)
    threads = min(2, connections)
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
         "-s", str(path), base + target.paths[0]],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(base: str, target: Target, cookie: str, meter: CpuMeter, seconds: float,
            connections: int, workdir: Path, cpu: bool = True) -> Measurement:  # fmt: skip
    count_queries(target, cookie)  # the first request builds what is cached per content revision
    status, queries = count_queries(target, cookie)
    # Warm up both workers (templates, caches), then let them go idle.
    if cpu:
        run_wrk(base, target, cookie, 1, 2, workdir)
    else:
        one_by_one(base, target, cookie, seconds=0, at_least=2)
    meter.settle()
    stats = run_wrk(base, target, cookie, seconds, connections, workdir)
    meter.settle()
    load = Measurement(
        target=target,
        requests=stats["requests"],
        seconds=stats["duration_us"] / 1e6,
        p50_ms=stats["p50"] / 1000,
        p95_ms=stats["p95"] / 1000,
        p99_ms=stats["p99"] / 1000,
        errors=stats["status_errors"] + stats["socket_errors"],
        cpu_ms=None,
        queries=queries,
        status=status,
    )
    if not cpu:
        return load
    # CPU per request from requests sent one after another: none is left in flight when the
    # count stops, where 50 connections leave a queue whose cost would land nowhere.
    before = meter.snapshot()
    served = one_by_one(base, target, cookie, seconds=max(2.0, seconds / 2))
    meter.settle()
    app, database = meter.split_since(before)
    load.cpu_ms = 1000 * (app + database) / served
    if len(meter.roots) > 1:  # a database server on this machine
        load.database_cpu_ms = 1000 * database / served
    return load


def one_by_one(base: str, target: Target, cookie: str, seconds: float,
               at_least: int = 5) -> int:  # fmt: skip
    """Send the target's requests in turn for ``seconds`` (and at least ``at_least`` of them),
    reading every response to the end. Returns how many were sent."""
    headers = {"HX-Request": "true"} if target.htmx else {}
    if cookie:
        headers |= {"Cookie": f"{cookie}; csrftoken={CSRF_TOKEN}", "X-CSRFToken": CSRF_TOKEN}
    if target.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    sent, deadline = 0, time.monotonic() + seconds
    while sent < at_least or time.monotonic() < deadline:
        index = sent % len(target.paths)
        body = target.bodies[index].encode() if target.bodies else None
        request = urllib.request.Request(base + target.paths[index], data=body,
                                         headers=headers, method=target.method)  # fmt: skip
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
        sent += 1
    return sent


def ratio_chart(rows: list[Measurement]) -> str:
    """A horizontal bar per page: its throughput as a share of /healthz's."""
    bar_left, width, row_height, top = 260, 700, 22, 30
    scale = (width - bar_left - 60) / max(100.0, *(100 * m.ratio for m in rows))
    height = top + row_height * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="t d" '
        'font-family="sans-serif" font-size="12">',
        '<title id="t">Throughput of each page as a share of /healthz, same run</title>',
        '<desc id="d">' + "; ".join(f"{m.target.name}: {100 * m.ratio:.0f}%" for m in rows)
        + "</desc>",
        f'<text x="{bar_left}" y="18" font-weight="bold">Share of /healthz throughput</text>',
    ]  # fmt: skip
    for index, m in enumerate(rows):
        y = top + index * row_height
        length = max(1.0, 100 * m.ratio * scale)
        colour = "#2f7d32" if m.ratio >= 0.25 else "#c62828"
        name = m.target.name.replace("&", "&amp;").replace("<", "&lt;")
        parts += [
            f'<text x="{bar_left - 8}" y="{y + 14}" text-anchor="end">{name}</text>',
            f'<rect x="{bar_left}" y="{y + 3}" width="{length:.1f}" height="15" '
            f'fill="{colour}"/>',
            f'<text x="{bar_left + length + 6:.1f}" y="{y + 14}">{100 * m.ratio:.0f}%</text>',
        ]  # fmt: skip
    target_x = bar_left + 25 * scale
    parts += [
        f'<line x1="{target_x:.1f}" y1="{top - 4}" x2="{target_x:.1f}" '
        f'y2="{height - 24}" stroke="#555" stroke-dasharray="4 3"/>',
        f'<text x="{target_x:.1f}" y="{height - 8}" text-anchor="middle">25% target</text>',
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def results_markdown(rows: list[Measurement], command: str, learners: int, seconds: float,
                     connections: int, chart_name: str,
                     jobs: list[tuple[str, float, int]] = ()) -> str:  # fmt: skip
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{learners:,} learners, gunicorn with production settings and 2 sync workers, wrk with "
        f"{connections} connections for {seconds:g} s per page, /healthz first and last. "
        f"Machine: {os.cpu_count()} cores.",
        "",
        "CPU ms/request is the CPU time of the gunicorn workers and the PostgreSQL processes "
        "during the page's run divided by the requests served (and the database's part of "
        "it). Ratio is the page's requests/s over /healthz's (the mean of both /healthz "
        "runs). Queries are one request's SQL queries, counted in-process (a second request: "
        "the first builds what is cached per content revision). A page drawn from a person's "
        "own records is kept per their data stamp (README, Performance) until those records "
        "change: wrk's repeated requests find it kept, but the tick, which changes them on "
        "every request. `uv run python -m bench.profile <page> --cpu --fresh` gives a page's "
        "app CPU drawn afresh.",
        "",
        f"![Throughput as a share of /healthz]({chart_name})",
        "",
        "| Page | req/s | p50 ms | p95 ms | p99 ms | ratio to /healthz | queries "
        "| CPU ms/request | of which database | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for m in rows:
        cpu = f"{m.cpu_ms:.1f}" if m.cpu_ms is not None else "n/a"
        database = f"{m.database_cpu_ms:.1f}" if m.database_cpu_ms is not None else "n/a"
        lines.append(
            f"| {m.target.name} | {m.rps:.0f} | {m.p50_ms:.0f} | {m.p95_ms:.0f} | "
            f"{m.p99_ms:.0f} | {100 * m.ratio:.0f} % | {m.queries} | {cpu} | {database} | "
            f"{m.errors} |"
        )
    if jobs:
        lines += [
            "",
            "Periodic mail jobs on the same database, each run once in a transaction that is "
            "rolled back (bench/jobs.py): wall-clock seconds and SQL queries.",
            "",
            "| Job | seconds | queries |",
            "|---|---:|---:|",
            *(f"| {name} | {seconds:.2f} | {queries} |" for name, seconds, queries in jobs),
        ]
    return "\n".join(lines) + "\n"


def run(args) -> list[Measurement]:
    if not shutil.which("wrk"):
        raise SystemExit("bench/run needs wrk: apt-get install wrk")
    database_url = args.database_url or os.environ.get("DATABASE_URL", "")
    if not database_url:
        from roadmap.embedded_db import embedded_database_url

        database_url = embedded_database_url(ROOT / "var" / "postgres", BENCH_DATABASE)
    env = bench_environment(database_url)
    if not args.skip_prepare:
        prepare_database(env, args.learners)
        if args.prepare_only:
            return []
    else:
        import django

        bring_up_to_date(env)
        os.environ.update(env)
        django.setup()
    return measure_pages(env, seconds=args.seconds, connections=args.connections,
                         only=args.only)  # fmt: skip


def measure_pages(env: dict[str, str], *, seconds: float, connections: int,
                  only: list[str] | None = None, cpu: bool = True,
                  ) -> list[Measurement]:  # fmt: skip
    """Serve the site with gunicorn (2 workers) under ``env`` and measure every page. Without
    ``cpu``, the CI smoke run: one load phase per page and no CPU phase."""
    cookies = signed_in_cookies()
    page_targets = targets()
    if only:
        page_targets = [t for t in page_targets if t.name.startswith("/healthz")
                        or any(word in t.name for word in only)]  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "roadmap.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    rows: list[Measurement] = []
    try:
        wait_for(base + "/healthz")
        meter = CpuMeter(server.pid, postmaster_pid())
        with tempfile.TemporaryDirectory() as workdir:
            for target in page_targets:
                with history_kept_as_seeded(target):
                    m = measure(base, target, cookies[target.who], meter, seconds, connections,
                                Path(workdir), cpu=cpu)  # fmt: skip
                rows.append(m)
                cpu_text = (
                    f"{m.cpu_ms:6.1f} CPU ms ({m.database_cpu_ms or 0:.1f} database)"
                    if m.cpu_ms is not None else ""
                )  # fmt: skip
                print(f"{target.name:<40} {m.rps:8.0f} req/s  p95 {m.p95_ms:6.0f} ms  "
                      f"{m.queries:3d} queries  {cpu_text}  status {m.status}  "
                      f"errors {m.errors}", flush=True)  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    health = [m.rps for m in rows if m.target.name.startswith("/healthz")]
    baseline = sum(health) / len(health)
    for m in rows:
        m.ratio = m.rps / baseline if baseline else 0.0
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--database-url", default="", help="default: the embedded server's "
                        f"{BENCH_DATABASE} database (never your development data)")  # fmt: skip
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the seeded database")
    parser.add_argument("--prepare-only", action="store_true", help="seed, do not measure")
    parser.add_argument("--only", nargs="*", help="bench only pages whose name contains these")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    rows = run(args)
    if not rows:
        return
    jobs = []
    if not args.only:
        from bench.jobs import time_jobs

        jobs = time_jobs()
        for name, seconds, queries in jobs:
            print(f"{name:<40} {seconds:8.2f} s  {queries} queries", flush=True)
    command = "bench/run " + " ".join(argv if argv is not None else sys.argv[1:])
    chart = args.output.with_name(args.output.stem.lower() + "-ratios.svg")
    chart.write_text(ratio_chart(rows))
    markdown = results_markdown(rows, command.strip(), args.learners, args.seconds,
                                args.connections, chart.name, jobs)  # fmt: skip
    args.output.write_text(markdown)
    print("\n" + markdown)


if __name__ == "__main__":
    main()
