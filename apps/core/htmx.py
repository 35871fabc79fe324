"""The server's half of the htmx error policy (static/js/feedback.js is the other half)."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.shortcuts import resolve_url
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

SESSION_ENDED = (
    "You were signed out (in another tab, or after a long time away), so your last change "
    "was not saved. Sign in and you will be back on the page."
)


class HtmxSignInMiddleware:
    """An htmx request that meets the sign-in wall (any login_required view redirecting to the
    sign-in page) would swap the whole sign-in page into a fragment of the page. Instead, the
    browser goes to sign in, with ``next`` the page the person was on, not the fragment's URL.

    Responses also vary on HX-Request: a fragment and its full page can share a URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ["HX-Request"])
        htmx = getattr(request, "htmx", None)
        if not htmx or response.status_code not in (301, 302, 303, 307, 308):
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != login:
            return response
        page = htmx.current_url_abs_path or "/"
        messages.info(request, SESSION_ENDED)
        return HttpResponseClientRedirect(f"{login}?{urlencode({'next': page})}")
