from django.db import transaction

from .models import User


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and, through cascades, everything the learner recorded."""
    user.delete()
