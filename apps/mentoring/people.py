"""How people appear to each other: by the name they chose, never by their email address."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

# What a query must select_related (under the user's path) for names to cost no query.
PROFILES = ("learner", "mentor_profile")


def related(path: str) -> list[str]:
    """``related("mentor")`` → ["mentor__learner", "mentor__mentor_profile"]."""
    return [f"{path}__{profile}" for profile in PROFILES]


def name_of(*fields: str | None) -> str:
    """``display_name`` from columns, without model objects: the display names of the
    profiles (``PROFILES``' order), then the email address."""
    *names, email = fields
    return next((name for name in names if name), None) or email.split("@")[0]


def _profile(user, attr: str):
    try:
        return getattr(user, attr)
    except ObjectDoesNotExist:
        return None


def display_name(user) -> str:
    """The learner's or mentor's display name. Someone who never chose one is shown by the
    first part of their address only, never the whole of it."""
    if user is None:
        return "A former member"
    for attr in PROFILES:
        profile = _profile(user, attr)
        if profile is not None and profile.display_name:
            return profile.display_name
    return user.email.split("@")[0]


def learner_profile(user):
    """The user's learner profile, or None (no query if it was selected with the user)."""
    return _profile(user, "learner")


def timezone_name(user) -> str | None:
    for attr in PROFILES:
        profile = _profile(user, attr)
        if profile is not None and profile.timezone:
            return profile.timezone
    return None


def bio(user) -> str:
    profile = _profile(user, "mentor_profile")
    return profile.bio if profile else ""
