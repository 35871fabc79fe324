"""The settings refuse unsafe configurations, and production passes Django's deploy checks."""

import os
import subprocess
import sys

from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, *args], capture_output=True, text=True, env=clean, timeout=120
    )


def test_without_debug_a_missing_secret_key_stops_the_app_with_one_line():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Roadmap cannot start: SECRET_KEY is not set: set it in the environment "
        "(or DEBUG=true for local development)."
    ]


def test_production_settings_require_their_variables():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="roadmap.settings.prod", SECRET_KEY="x" * 60
    )
    assert result.returncode != 0
    assert "DATABASE_URL must be set in production." in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="roadmap.settings.prod",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        DATABASE_URL="postgres://roadmap@db.invalid:5432/roadmap",
        ALLOWED_HOSTS="roadmap.example.com",
        SITE_URL="https://roadmap.example.com",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_needs_a_site_url_for_the_links_in_emails():
    production = {
        "DJANGO_SETTINGS_MODULE": "roadmap.settings.prod",
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://roadmap@db.invalid:5432/roadmap",
        "ALLOWED_HOSTS": "roadmap.example.com",
    }
    missing = run_manage("check", **production)
    assert "SITE_URL must be set in production." in missing.stderr
    wrong = run_manage("check", **production, SITE_URL="roadmap.example.com/app")
    assert "SITE_URL must be the site's address" in wrong.stderr


def test_a_non_postgres_database_url_is_refused():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="roadmap.settings.prod",
        SECRET_KEY="x" * 60,
        DATABASE_URL="mysql://roadmap@db.invalid/roadmap",
        ALLOWED_HOSTS="example.com",
    )
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr
