from django.contrib.sessions.models import Session
from django.db import transaction

from .models import User


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and, through cascades, everything the person recorded. What would
    outlive it in other people's rows (their address in invitations, their name in
    notifications, the audit log of content they edited) is anonymised first, and every
    session they are signed in with ends."""
    from apps.curriculum.models import ContentChange
    from apps.mentoring.services import forget_person

    forget_person(user=user)
    ContentChange.objects.filter(user=user).update(user_email="")
    sessions_end(user=user)
    user.delete()


def sessions_end(*, user: User) -> int:
    """Delete every session signed in as ``user``. Sessions do not index their user, so they
    are decoded; account deletion is rare enough for that."""
    ids = []
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ids.append(session.pk)
    return Session.objects.filter(pk__in=ids).delete()[0]
