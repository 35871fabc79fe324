"""The site's edge: what every request is checked for, and the headers every response gets."""

import time

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponseBadRequest
from django.shortcuts import render

NUL = "\x00"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb",
    )
)  # fmt: skip


class RefuseFileUploads(FileUploadHandler):
    """No view takes files: a file part is skipped unread and the request is refused."""

    def new_file(self, *args, **kwargs):
        self.request.file_upload_refused = True
        raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def _has_nul(pairs) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in pairs)


def _refuse(request, message: str, status: int = 400):
    return render(request, "400.html", {"message": message}, status=status)


class RequestGuardMiddleware:
    """Hostile input is answered here with a 4xx and a message, before any view or query
    sees it: NUL characters (PostgreSQL cannot store them), oversized bodies and file parts.
    Put it after the session and authentication middleware (the error page shows who is
    signed in) and before anything reads the request data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info or any(NUL in v for v in request.COOKIES.values()):
            # The session cookie cannot be trusted to load: answer without the site's layout.
            return HttpResponseBadRequest("The address or a cookie contains a NUL character.")
        if request.method in BODY_METHODS:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _refuse(request, "The request's Content-Length is not a number.")
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
                return _refuse(request, f"The request is too large (over {limit} KB).", 413)
            data = request.POST  # parses the body once; views read the same object
            if getattr(request, "file_upload_refused", False):
                return _refuse(request, "This site does not accept file uploads.")
            if _has_nul(data.lists()):
                return _refuse(request, "The form contains a NUL character, which is not text.")
        if _has_nul(request.GET.lists()):
            return _refuse(request, "The address contains a NUL character, which is not text.")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; ``Cache-Control: private, no-store`` on every
    page for a signed-in person and on every download, so no shared cache (or the browser's
    Back button after signing out) keeps personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        is_download = response.get("Content-Disposition", "").startswith("attachment")
        if is_download or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
        return response


SESSION_REFRESHED_KEY = "_session_refreshed_at"


def mark_session_fresh(sender, request, user, **kwargs):
    """On sign-in (user_logged_in): the session was just saved, no refresh is due today."""
    if hasattr(request, "session"):
        request.session[SESSION_REFRESHED_KEY] = int(time.time())


class SlidingSessionMiddleware:
    """Sessions end after ``SESSION_COOKIE_AGE`` without use (an idle timeout). Using the site
    pushes the end back; the session is re-saved at most once a day, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and "_auth_user_id" in session:
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_EVERY:
                session[SESSION_REFRESHED_KEY] = now  # modified: saved with a new expiry
        return response
