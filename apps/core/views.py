import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.curriculum.selectors import phases_with_pages, roadmap_info

from .selectors import worker_status

logger = logging.getLogger(__name__)


@require_GET
def landing(request):
    return render(
        request, "core/landing.html", {"info": roadmap_info(), "phases": phases_with_pages()}
    )


@require_GET
def manifest(request):
    """The web app manifest: installable, with the site's icons and colours."""
    icons = [
        {"src": static("img/favicon.svg"), "type": "image/svg+xml", "sizes": "any"},
        {"src": static("img/icon-192.png"), "type": "image/png", "sizes": "192x192"},
        {"src": static("img/icon-512.png"), "type": "image/png", "sizes": "512x512"},
    ]
    data = {
        "name": "Roadmap: AI Expert Roadmap From Scratch",
        "short_name": "Roadmap",
        "start_url": "/dashboard/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#4f46e5",
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them the icon."""
    return HttpResponsePermanentRedirect(static("img/favicon-32.png"))


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        worker = worker_status()
    except DatabaseError as error:
        # The detail (socket path, host) is for the log, never for whoever asks.
        logger.warning("Health check: the database does not answer: %s", error)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    # Web stays healthy without a worker: a load balancer must not take web out for that.
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})


RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500. A database that does not answer is an outage, not a bug: 503 with
    Retry-After. Rendered without the request's context, which would query the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("The database does not answer: %s", error)
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
