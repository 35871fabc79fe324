"""Data stamps: a number per account that changes whenever anything shown about it changes.

A page built only from one account's records (a learner's roadmap page, dashboard or export)
can be kept, once drawn, for as long as those records stay the same: its key holds the
account's stamp, read with the signed-in user in the same round trip (``User.data_stamp``).

The database keeps the stamps itself. Every table that holds someone's records (but counts
derived from another such table in the same transaction: checklists' migration 0005) has triggers
(one per statement: a bulk insert costs one pass) that give each account a statement touched
a new number from a sequence, in the writing transaction. So no write can forget to change
a stamp, whatever wrote it: a service, the admin, a migration or a shell. Numbers are never
reused, so every committed state of an account's records has its own stamp. A change to a
name changes the stamps of those whose pages show it too (mentoring's migration 0006).

Tests check that every table with a user column has its triggers (test_stamps).
"""

from __future__ import annotations

import hashlib

STAMP_TABLE = "accounts_datastamp"
SEQUENCE = "accounts_datastamp_seq"

FUNCTIONS_SQL = f"""
CREATE SEQUENCE {SEQUENCE};
CREATE FUNCTION accounts_stamp(users bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO {STAMP_TABLE} AS stamp (user_id, value)
  SELECT touched.id, nextval('{SEQUENCE}')
    FROM (SELECT DISTINCT id FROM unnest(users) AS id WHERE id IS NOT NULL) AS touched
   ORDER BY touched.id
  ON CONFLICT (user_id) DO UPDATE SET value = EXCLUDED.value
$$;
"""
DROP_FUNCTIONS_SQL = f"""
DROP FUNCTION accounts_stamp(bigint[]);
DROP SEQUENCE {SEQUENCE};
"""


def _name(table: str, event: str) -> str:
    name = f"stamp_{table}_{event}"
    if len(name) > 63:  # PostgreSQL's limit on names
        name = f"{name[:50]}_{hashlib.md5(name.encode()).hexdigest()[:8]}"  # noqa: S324
    return name


def triggers_sql(table: str, users: str, *, also: str = "") -> str:
    """The triggers that stamp the accounts whose records changed in ``table``: ``users`` is
    a query of their ids from a relation named ``{rows}`` (the rows a statement inserted,
    updated or deleted; for an update, both before and after). ``also`` is a query of more
    accounts to stamp, from the query of those (``{users}``): whoever is shown their names."""

    def touched(*relations: str) -> str:
        query = "\nUNION ALL\n".join(users.format(rows=relation) for relation in relations)
        if also:
            query = f"{query}\nUNION ALL\n{also.format(users=query)}"
        return query

    statements = []
    for event, referencing, relations in (
        ("INSERT", "NEW TABLE AS new_rows", ("new_rows",)),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", ("old_rows", "new_rows")),
        ("DELETE", "OLD TABLE AS old_rows", ("old_rows",)),
    ):
        name = _name(table, event.lower())
        statements.append(f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM accounts_stamp(ARRAY({touched(*relations)}));
  RETURN NULL;
END $$;
CREATE TRIGGER {name} AFTER {event} ON {table}
  REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}();
""")
    return "".join(statements)


def drop_triggers_sql(table: str) -> str:
    return "".join(
        f"DROP TRIGGER {_name(table, event)} ON {table}; DROP FUNCTION {_name(table, event)}();\n"
        for event in ("insert", "update", "delete")
    )


def trigger_operations(tables: list[tuple[str, ...]]) -> list:
    """A migration's operations: the triggers of each ``(table, users[, also])``."""
    from django.db import migrations

    return [
        migrations.RunSQL(triggers_sql(table, users, also=also), drop_triggers_sql(table))
        for table, users, also in ((*entry, "")[:3] for entry in tables)
    ]


def own(column: str = "user_id") -> str:
    """The users of a table's own user column."""
    return f"SELECT {column} FROM {{rows}}"
