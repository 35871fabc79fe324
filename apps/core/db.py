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
