"""Time the mentors' periodic mail on the benchmark's database: the weekly digest and the daily
review reminders, each as its job runs it, inside a transaction that is rolled back so the
database is left as it was (and the run can be repeated). Mail is queued as procrastinate
jobs in that same transaction: nothing is delivered.

    uv run python -m bench.jobs

Run bench/run once first: it builds the database this reuses.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from bench import harness


class _Rollback(Exception):
    """Raised to leave the job's transaction without keeping anything it wrote."""


def _timed(job: Callable[[], object]) -> tuple[float, int]:
    """Seconds and SQL queries of one call of ``job``, rolled back afterwards."""
    from django.db import connection, transaction

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    try:
        with transaction.atomic(), connection.execute_wrapper(count):
            started = time.perf_counter()
            job()
            seconds = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return seconds, queries


def time_jobs() -> list[tuple[str, float, int]]:
    """(job, seconds, queries) for the digest and the reminders, as of now. Django must be set
    up on the benchmark database (bench/run's environment)."""
    from django.utils import timezone

    from apps.mentoring import services

    now = timezone.now()
    return [
        ("send_mentor_digest", *_timed(lambda: services.send_digests(now=now))),
        ("send_review_reminders", *_timed(lambda: services.send_reminders(now=now))),
    ]


def main() -> None:
    from roadmap.embedded_db import embedded_database_url

    url = os.environ.get("DATABASE_URL") or embedded_database_url(
        harness.ROOT / "var" / "postgres", harness.BENCH_DATABASE
    )
    os.environ.update(harness.bench_environment(url))
    import django

    django.setup()
    for name, seconds, queries in time_jobs():
        print(f"{name}: {seconds:.2f} s, {queries} queries")  # noqa: T201


if __name__ == "__main__":
    main()
