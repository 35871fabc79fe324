import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateWorker


def worker_status() -> str:
    """Whether some job worker wrote its heartbeat lately ("ok") or none did ("stale": no worker
    running, or all of them stuck)."""
    last = ProcrastinateWorker.objects.aggregate(last=Max("last_heartbeat"))["last"]
    fresh = last is not None and timezone.now() - last < dt.timedelta(
        seconds=settings.WORKER_STALE_AFTER
    )
    return "ok" if fresh else "stale"
