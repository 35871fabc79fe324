"""Fixtures shared by every test: the seeded roadmap, and Chromium for browser tests."""

import os

import pytest
from django.conf import settings
from django.db import connection

from apps.core.browser import chromium_executable
from apps.curriculum.services import roadmap_seed
from tests.jobs import run_queued_jobs


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the real roadmap once per session: content tests read it, and tests that
    change it roll back at the end of the test."""
    with django_db_blocker.unblock():
        roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)


@pytest.fixture
def seeded_live_server(live_server, transactional_db):
    """A live server with the roadmap loaded: transactional tests start from a flushed
    database, so they seed again."""
    roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    return live_server


@pytest.fixture(autouse=True, scope="session")
def _partials_rendered_alone_are_seen_by_the_test_client():
    """As Django's test set-up does for whole templates: a partial rendered by itself (a kept
    page's content, apps.core.kept) shows its context in ``response.context``."""
    from django.test.utils import instrumented_test_render
    from template_partials.templatetags.partials import TemplateProxy

    TemplateProxy._render = instrumented_test_render


@pytest.fixture(autouse=True)
def _no_kept_copies():
    """Copies kept in memory (apps.core.kept) outlive a test's database: start each without."""
    from apps.core.kept import copies

    copies.clear()


@pytest.fixture(autouse=True)
def _empty_job_queue_after_committed_tests(request, django_db_blocker):
    """Django's flush leaves procrastinate's tables alone (they are not Django-managed):
    a test that commits must not leave jobs for the next one."""
    yield
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE procrastinate_jobs, procrastinate_events, "
                "procrastinate_periodic_defers, procrastinate_workers CASCADE"
            )


@pytest.fixture
def deliver_mail(mailoutbox):
    """Mail leaves through the job queue: run the queued jobs here, as a worker would, and
    return the outbox."""

    def deliver():
        run_queued_jobs()
        return mailoutbox

    return deliver


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {
        **browser_type_launch_args,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
    executable = chromium_executable()
    if executable:
        args["executable_path"] = executable
    return args


def pytest_configure(config):
    # Playwright's sync API runs an event loop in the test thread, which makes Django refuse
    # the ORM calls the test itself makes (reading the outbox, checking rows) without this.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
