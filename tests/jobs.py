"""Run queued jobs in the test's own process, on its own database connection.

A real worker runs sync jobs in threads with their own connections, which cannot see the
uncommitted rows of a test that runs inside a transaction. This runs due jobs one by one the
way a worker does, through procrastinate's own job manager (fetch, retry decision, finish),
so the queue's statuses, attempts and retry schedule are the real ones.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from django.db import connections, transaction
from procrastinate.contrib.django import app
from procrastinate.job_context import JobContext
from procrastinate.jobs import Status

logger = logging.getLogger(__name__)


def run_queued_jobs(queues: list[str] | None = None) -> list[tuple[str, str]]:
    """Run every job that is due now; return (task name, final status or 'retry') for each."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run(queues)
    # Playwright's sync API keeps an event loop in this thread. Its live server has committed
    # what the jobs need, so another thread, with its own connection, sees it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run_in_thread, queues).result()


def _run_in_thread(queues: list[str] | None) -> list[tuple[str, str]]:
    try:
        return _run(queues)
    finally:
        connections.close_all()


def _run(queues: list[str] | None) -> list[tuple[str, str]]:
    manager = app.job_manager
    worker_id = async_to_sync(manager.register_worker)()
    outcomes = []
    try:
        while job := async_to_sync(manager.fetch_job)(queues, worker_id):
            if isinstance(job.task_kwargs, str):
                # Django's connection leaves jsonb undecoded (a worker's own connection decodes).
                job = job.evolve(task_kwargs=json.loads(job.task_kwargs))
            task = app.tasks[job.task_name]
            args = []
            if task.pass_context:
                args.append(
                    JobContext(app=app, job=job, start_timestamp=time.time(),
                               abort_reason=lambda: None)  # fmt: skip
                )
            try:
                with transaction.atomic():  # a failing job leaves the test's transaction usable
                    if inspect.iscoroutinefunction(task.func):
                        async_to_sync(task.func)(*args, **job.task_kwargs)
                    else:
                        task.func(*args, **job.task_kwargs)
            except Exception as error:
                logger.info("Job %s (%s) failed: %r", job.id, job.task_name, error)
                retry = task.get_retry_exception(exception=error, job=job)
                if retry:
                    async_to_sync(manager.retry_job)(job, retry_at=retry.retry_decision.retry_at)
                    outcomes.append((job.task_name, "retry"))
                    continue
                async_to_sync(manager.finish_job)(job, Status.FAILED, delete_job=False)
                outcomes.append((job.task_name, Status.FAILED.value))
            else:
                async_to_sync(manager.finish_job)(job, Status.SUCCEEDED, delete_job=False)
                outcomes.append((job.task_name, Status.SUCCEEDED.value))
    finally:
        async_to_sync(manager.unregister_worker)(worker_id)
    return outcomes
