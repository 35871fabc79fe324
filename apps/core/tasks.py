"""Jobs that keep mail flowing and the queue healthy. Workers find them by autodiscovery."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import get_connection
from procrastinate.contrib.django import app
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy, RetryDecision

from .mail import message_from_payload

logger = logging.getLogger(__name__)


class EmailRetry(BaseRetryStrategy):
    """Try again after each of settings.EMAIL_RETRY_DELAYS seconds, then give up: the job is
    then failed, and the admin lists it with the error."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        delays = settings.EMAIL_RETRY_DELAYS
        if job.attempts >= len(delays):
            return None
        return RetryDecision(retry_in={"seconds": delays[job.attempts]})


@app.task(name="deliver_email", queue="email", retry=EmailRetry())
def deliver_email(message: dict) -> None:
    with get_connection(fail_silently=False) as connection:
        sent = connection.send_messages([message_from_payload(message)])
    if not sent:
        raise RuntimeError("The email backend accepted nothing.")


@app.periodic(cron=settings.JOBS_SWEEP_CRON, periodic_id="sweep")
@app.task(name="retry_stalled_jobs", queue="housekeeping", queueing_lock="retry_stalled_jobs",
          pass_context=True)  # fmt: skip
async def retry_stalled_jobs(context, timestamp: int) -> int:
    """A worker that died mid-job (SIGKILL, lost machine) leaves the job 'doing' for ever:
    give it back to the queue once the worker's heartbeat is older than JOBS_STALLED_AFTER."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=settings.JOBS_STALLED_AFTER)
    for job in stalled:
        logger.warning("Retrying job %s (%s): its worker stopped answering.", job.id, job.task_name)
        await manager.retry_job(job)
    return len(stalled)


@app.periodic(cron="17 3 * * *", periodic_id="daily")
@app.task(name="remove_old_jobs", queue="housekeeping", queueing_lock="remove_old_jobs",
          pass_context=True)  # fmt: skip
async def remove_old_jobs(context, timestamp: int) -> None:
    """Finished jobs stay a week for the admin to show; failed ones stay until deleted."""
    await context.app.job_manager.delete_old_jobs(nb_hours=settings.JOBS_KEEP_FINISHED_HOURS)
