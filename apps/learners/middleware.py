import zoneinfo

from django.utils import timezone

SESSION_KEY = "learner_timezone"


def remember_timezone(request, name: str) -> None:
    request.session[SESSION_KEY] = name


class LearnerTimezoneMiddleware:
    """Show dates and times in the learner's own time zone (kept in the session at sign-in
    and when the profile changes, so no query is spent on it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
