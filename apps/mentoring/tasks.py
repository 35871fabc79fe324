"""Periodic mail, scheduled by the workers themselves: no cron. Each runs once per period
however many workers are up (procrastinate defers one job per scheduled time, and the
queueing lock keeps a late one from piling up). ``timestamp`` is the scheduled time, so a
job that runs late still works out "today" as its schedule meant it."""

import datetime as dt

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import services

# Every batch commits on its own and is skipped when already done, so a retry is safe.
RETRY = RetryStrategy(max_attempts=3, wait=300)


def _at(timestamp: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)


@app.periodic(cron="0 7 * * *", periodic_id="daily")
@app.task(name="send_review_reminders", queue="periodic", retry=RETRY,
          queueing_lock="send_review_reminders")  # fmt: skip
def send_review_reminders(timestamp: int) -> int:
    return services.send_reminders(now=_at(timestamp))


@app.periodic(cron="0 7 * * 1", periodic_id="weekly")
@app.task(name="send_mentor_digests", queue="periodic", retry=RETRY,
          queueing_lock="send_mentor_digests")  # fmt: skip
def send_mentor_digests(timestamp: int) -> int:
    return services.send_digests(now=_at(timestamp))


@app.periodic(cron="0 8 * * 1", periodic_id="weekly")
@app.task(name="send_check_in_nudges", queue="periodic", retry=RETRY,
          queueing_lock="send_check_in_nudges")  # fmt: skip
def send_check_in_nudges(timestamp: int) -> int:
    return services.send_check_in_nudges(now=_at(timestamp))


@app.periodic(cron="30 7 * * *", periodic_id="daily")
@app.task(name="send_slump_heads_ups", queue="periodic", retry=RETRY,
          queueing_lock="send_slump_heads_ups")  # fmt: skip
def send_slump_heads_ups(timestamp: int) -> int:
    return services.send_slump_heads_ups(now=_at(timestamp))
