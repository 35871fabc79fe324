"""The embedded PostgreSQL server used when no DATABASE_URL is given.

pgserver keeps one server per data directory and reference-counts the processes that use it
under an inter-process lock, so runserver and its reloader, pytest, a live server and several
gunicorn workers all share the same postmaster safely. The last process to leave stops it.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from pathlib import Path

DATABASE_NAME = "roadmap"


def embedded_database_url(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or join) the embedded server under ``data_dir`` and return a URL for one of its
    databases (created if missing): ours by default, the benchmark's own for bench/run."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the fallback is fine.
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        repair_handle_list(data_dir)
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
    _ensure_database(server.get_uri("postgres"), database)
    return server.get_uri(database)


def repair_handle_list(data_dir: Path) -> None:
    """pgserver counts the processes using the server in a JSON file. A process killed while
    writing it leaves it empty, and every later start then fails; a process killed without
    cleaning up leaves its pid there for ever. Keep only live pids, written atomically."""
    import psutil
    from pgserver.postgres_server import PostgresServer

    path = data_dir / ".handle_pids.json"
    if not path.exists():
        return
    with PostgresServer._lock:
        try:
            pids = json.loads(path.read_text())
            valid = isinstance(pids, list)
        except ValueError:
            pids, valid = [], False
        pids = pids if valid else []
        alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
        if valid and alive == pids:
            return
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(alive))
        os.replace(temporary, path)


def _ensure_database(maintenance_url: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            # Another process may create it between our check and our CREATE.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database))
                )
