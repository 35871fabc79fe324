"""Periodic mail, scheduled by the workers themselves: no cron. Each runs once per period
however many workers are up (procrastinate defers one job per scheduled time, and the
queueing lock keeps a late one from piling up). ``timestamp`` is the scheduled time, so a
job that runs late still works out "today" as its schedule meant it."""

import datetime as dt
from collections.abc import Callable

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import services

# Every batch commits on its own and is skipped when already done, so a retry is safe.
RETRY = RetryStrategy(max_attempts=3, wait=300)


def _periodic(name: str, cron: str, send: Callable[..., services.Sent]):
    """A job named ``name`` that runs ``send(now=<its scheduled time>)`` on ``cron`` (UTC)."""

    def job(timestamp: int) -> int:
        sent = send(now=dt.datetime.fromtimestamp(timestamp, tz=dt.UTC))
        return sent.count

    job.__name__ = job.__qualname__ = name
    task = app.task(name=name, queue="periodic", retry=RETRY, queueing_lock=name)(job)
    return app.periodic(cron=cron, periodic_id="schedule")(task)


send_review_reminders = _periodic("send_review_reminders", "0 7 * * *", services.send_reminders)
send_mentor_digests = _periodic("send_mentor_digests", "0 7 * * 1", services.send_digests)
send_check_in_nudges = _periodic("send_check_in_nudges", "0 8 * * 1", services.send_check_in_nudges)
send_slump_heads_ups = _periodic(
    "send_slump_heads_ups", "30 7 * * *", services.send_slump_heads_ups
)
