import contextlib

from django.db import IntegrityError, connection, connections, models, transaction


def toggle_row(model: type[models.Model], **fields) -> bool:
    """Delete the row with these fields if it exists, else create it; returns whether it
    exists now. Call inside a transaction. A concurrent request creating the same row meets
    the unique constraint; the row exists either way."""
    deleted, _ = model.objects.filter(**fields).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        pass
    return True


def locked_get_or_create(model: type[models.Model], *, defaults: dict | None = None, **lookup):
    """The row with ``lookup``, created (with ``defaults``) if missing, and locked until the
    transaction ends; returns ``(row, created)``. Call inside a transaction. Concurrent first
    writes meet the unique constraint: the loser waits for and reads the winner's row."""
    # Most calls find the row: lock it without the savepoint a create needs (two round trips
    # fewer on every tick).
    with contextlib.suppress(model.DoesNotExist):
        return model.objects.select_for_update().get(**lookup), False
    try:
        with transaction.atomic():
            return model.objects.select_for_update().get_or_create(defaults=defaults, **lookup)
    except IntegrityError:
        return model.objects.select_for_update().get(**lookup), False


def written_sql(template: str, **tables: type[models.Model]) -> str:
    """A query written out, with ``{name}`` replaced by each model's table: for the reads that
    run on every page, where compiling the ORM's query cost more than running it. Values go in
    as parameters, never through here."""
    return template.format(**{name: model._meta.db_table for name, model in tables.items()})


def model_columns(model: type[models.Model], alias: str = "") -> str:
    """Every column of ``model``, in its fields' order, for a written-out SELECT whose rows
    ``row_objects`` turns back into model objects."""
    quote = connection.ops.quote_name
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{quote(field.column)}" for field in model._meta.concrete_fields)


def row_objects(row, *row_models: type[models.Model]) -> list:
    """A row of several models' columns (``model_columns`` of each, in turn) as one object per
    model, each value converted as the ORM converts it (JSON arrives as text); None for a
    model a LEFT JOIN found no row of (its primary key is null)."""
    found, start = [], 0
    for model in row_models:
        fields = model._meta.concrete_fields
        values = row[start : start + len(fields)]
        start += len(fields)
        if values[fields.index(model._meta.pk)] is None:
            found.append(None)
            continue
        values = [
            field.from_db_value(value, None, connection) if hasattr(field, "from_db_value")
            else value
            for field, value in zip(fields, values, strict=True)
        ]  # fmt: skip
        found.append(model.from_db(connection.alias, None, values))
    return found


def read_together(statements: list[tuple[str, str, tuple]], using: str = "default") -> dict:
    """The rows of several statements ``(name, SQL, parameters)`` by name, sent in one round
    trip (client-side binding sends them as one query string): for the few-row reads of a
    page, where each round trip costs more than its rows."""
    with connections[using].cursor() as cursor:
        cursor.execute(";\n".join(sql for _, sql, _ in statements),
                       tuple(p for _, _, params in statements for p in params))  # fmt: skip
        rows = {}
        for index, (name, _, _) in enumerate(statements):
            if index:
                cursor.nextset()
            rows[name] = cursor.fetchall()
    return rows
