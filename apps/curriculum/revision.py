"""The content revision, and content cached under it.

The roadmap's content is the same for everyone and changes only when an editor saves in the
admin or ``seed_roadmap`` runs. Every save of a content model (signals, connected in
``CurriculumConfig.ready``), every bulk write (``ContentQuerySet``) and every seed sets a new
revision (the ``ContentRevision`` row) in the same transaction as the change, so every process
sees the new content and the new revision together. What is built from content (a roadmap
page's structure) is kept under the revision: in this process's memory, and shared by all
processes through the database cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection
from django.dispatch import receiver

SHARED_SECONDS = 24 * 3600
T = TypeVar("T")

_paused: ContextVar[bool] = ContextVar("content_revision_paused", default=False)
# Within one request the revision is read once; outside requests (jobs, shells), every time.
_request_revision: ContextVar[str | None] = ContextVar("request_content_revision", default=None)
_in_request: ContextVar[bool] = ContextVar("in_request", default=False)
_local: dict[str, object] = {}  # key → pickled value or shared object, current revision only
_local_revision = ""


def content_revision() -> str:
    """The current revision (one query, once per request). A database without one gets one."""
    from .models import ContentRevision

    remembered = _request_revision.get()
    if remembered is not None:
        return remembered

    with connection.cursor() as cursor:  # on every roadmap page: no query compiling
        cursor.execute(f"SELECT value FROM {ContentRevision._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    revision = row[0] if row else None
    if revision is None:
        revision = ContentRevision.objects.get_or_create(
            pk=1, defaults={"value": uuid.uuid4().hex}
        )[0].value
    if _in_request.get():
        _request_revision.set(revision)
    return revision


def bump_content_revision(**_signal_arguments) -> None:
    """Content changed: everything cached under the old revision is out of date."""
    from .models import ContentRevision

    if not _paused.get():
        ContentRevision.objects.update_or_create(pk=1, defaults={"value": uuid.uuid4().hex})
        _request_revision.set(None)


@receiver(request_started)
def _request_starts(**_signal_arguments) -> None:
    _in_request.set(True)
    _request_revision.set(None)


@receiver(request_finished)
def _request_ends(**_signal_arguments) -> None:
    _in_request.set(False)
    _request_revision.set(None)


@contextlib.contextmanager
def one_revision() -> Iterator[None]:
    """Many content writes (a seed): one new revision at the end, not one per row."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
    bump_content_revision()


@functools.cache
def _code_version() -> str:
    """A digest of the apps' source: what is shared through the database cache is pickled
    objects whose shape the code decides, so a deploy (same revision, new code) must not read
    what the old code wrote."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_content(name: str, build: Callable[[], T], *, copy: bool = True) -> T:
    """``build()``'s result for the current revision: from this process's memory, else from
    the shared cache, else built (and shared). With ``copy``, a fresh copy each time, so
    callers may decorate it for one learner without touching anyone else's; without, the
    same object for every caller of this process, which nobody may change."""
    global _local_revision
    revision = content_revision()
    if revision != _local_revision:
        _local.clear()
        _local_revision = revision
    key = f"curriculum:{revision}:{_code_version()}:{name}:{'copy' if copy else 'shared'}"
    value = _local.get(key)
    if value is None:
        blob = cache.get(key)
        if blob is None:
            blob = pickle.dumps(build(), protocol=pickle.HIGHEST_PROTOCOL)
            cache.set(key, blob, timeout=SHARED_SECONDS)
        value = blob if copy else pickle.loads(blob)  # noqa: S301 - our own database
        _local[key] = value
    return pickle.loads(value) if copy else value  # noqa: S301 - our own database
