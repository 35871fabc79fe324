import contextlib

from django.db import IntegrityError, models, transaction


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
