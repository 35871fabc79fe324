import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
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


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        worker = worker_status()
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return JsonResponse(
            {"status": "error", "database": "unavailable", "reason": str(error).strip()},
            status=503,
        )
    # Web stays healthy without a worker: a load balancer must not take web out for that.
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})
