"""The embedded PostgreSQL server used when no DATABASE_URL is given.

pgserver keeps one server per data directory and reference-counts the processes that use it
under an inter-process lock, so runserver and its reloader, pytest, a live server and several
gunicorn workers all share the same postmaster safely. The last process to leave stops it.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

DATABASE_NAME = "roadmap"


def embedded_database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server under ``data_dir`` and return a URL for our database."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the fallback is fine.
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
    _ensure_database(server.get_uri("postgres"))
    return server.get_uri(DATABASE_NAME)


def _ensure_database(maintenance_url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            # Another process may create it between our check and our CREATE.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME))
                )
