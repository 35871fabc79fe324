"""An item changelist's content parts, kept per content revision and query string.

What a content changelist lists (its count, its page of rows, its search box, pagination and
filters) depends only on the content and the page's query string: never on who asks (the
actions, add button, CSRF token and header are theirs, and are not kept). The content changes
only with a new content revision (apps.curriculum.revision), so those parts are kept in this
process's memory per (revision, admin, query string, language, URLs) once a page has shown
them: the COUNT, the rows' query and the rendering of the rows, filters, search box and
pagination are then skipped (``{% kept %}`` in templates/admin/curriculum/change_list.html).
"""

from __future__ import annotations

from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

from .revision import content_revision

_KEPT_PAGES = 64  # distinct pages kept (each about a page of HTML) before starting afresh
_kept: dict[tuple, dict] = {}
_kept_revision = ""


def kept_parts(cl, request) -> dict | None:
    """The parts kept for this changelist page, a dict to add parts to (``count``,
    ``full_count`` and ``length``, the page's number of rows; rendered parts by name); None
    where nothing is kept (a popup, editable rows)."""
    global _kept_revision
    if cl.is_popup or cl.to_field or cl.list_editable:
        return None
    revision = content_revision()
    if revision != _kept_revision:
        _kept.clear()
        _kept_revision = revision
    key = (
        type(cl.model_admin).__module__,
        type(cl.model_admin).__qualname__,
        cl.model_admin.admin_site.name,
        tuple((name, tuple(values)) for name, values in sorted(request.GET.lists())),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )
    parts = _kept.get(key)
    if parts is None:
        if len(_kept) >= _KEPT_PAGES:
            _kept.clear()
        parts = _kept[key] = {}
    return parts


class KnownLength:
    """A page of rows whose number is known: ``len`` without reading them; read (once) only
    if something iterates them."""

    def __init__(self, rows, length: int):
        self._rows = rows
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __iter__(self):
        return iter(self._rows)
