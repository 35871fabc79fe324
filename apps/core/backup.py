"""Backups with PostgreSQL's own tools, pg_dump and pg_restore (custom format). They run
against whichever server Django uses: the embedded one (with the binaries pgserver ships) or
the one DATABASE_URL names."""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 - runs PostgreSQL's own tools, with no shell
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """Why a backup or restore could not be done, for the person running it."""


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: pgserver's own copy (it matches the embedded server), else the
    one on PATH (for a server named by DATABASE_URL on a machine without pgserver)."""
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    if found := shutil.which(name):
        return found
    raise BackupError(f"{name} was not found: install PostgreSQL's client tools.")


def _connection_env() -> tuple[str, dict[str, str]]:
    """The database's name, and libpq's environment to reach it as Django does (host may be
    the embedded server's socket directory, given in OPTIONS)."""
    params = connection.get_connection_params()
    env = {**os.environ}
    for key, variable in [("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"),
                          ("password", "PGPASSWORD"), ("sslmode", "PGSSLMODE")]:  # fmt: skip
        if params.get(key):
            env[variable] = str(params[key])
    return params["dbname"], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def database_backup(*, path: Path) -> None:
    """Write the whole database to ``path`` in pg_dump's custom format."""
    name, env = _connection_env()
    _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--file={path}", f"--dbname={name}"], env)  # fmt: skip


def database_tables() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def database_restore(*, path: Path, force: bool = False) -> None:
    """Load a backup made by ``database_backup``. A database that already has tables is
    only replaced with ``force``: the backup's tables are dropped and created again."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    tables = database_tables()
    if tables and not force:
        raise BackupError(
            f"The database is not empty ({tables} tables). Restore into an empty database, "
            "or pass --force to replace what is there with the backup."
        )
    name, env = _connection_env()
    connection.close()  # pg_restore needs the tables Django may hold locks on
    command = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
               "--exit-on-error", f"--dbname={name}"]  # fmt: skip
    if tables:
        command += ["--clean", "--if-exists"]
    _run([*command, str(path)], env)
