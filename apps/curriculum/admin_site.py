"""The admin site, its app list (the sidebar and index menus) built once per kind of person.

Django's ``AdminSite.get_app_list`` asks every registered model admin for its permissions and
reverses two URLs per model on every admin page: about a tenth of a changelist's CPU. What it
builds depends only on who asks (active, superuser, their permission set: every registered
admin's permission methods are Django's, answering from those, or constant), the language, the
URL configuration and script prefix, and the registry. The list is kept per that key; each
caller gets its own copy (the dictionaries are the caller's to change, as Django's are)."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

_KEPT = 256  # distinct keys kept before the cache starts afresh


def _copy(app_list: list[dict]) -> list[dict]:
    return [
        {**app, "models": [{**model, "perms": dict(model["perms"])} for model in app["models"]]}
        for app in app_list
    ]


class RoadmapAdminSite(AdminSite):
    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)
        self._app_lists: dict[tuple, list[dict]] = {}

    def register(self, model_or_iterable, admin_class=None, **options):
        self._app_lists.clear()
        super().register(model_or_iterable, admin_class, **options)

    def unregister(self, model_or_iterable):
        self._app_lists.clear()
        super().unregister(model_or_iterable)

    def app_list_key(self, request, app_label=None) -> tuple:
        user = request.user
        return (
            app_label,
            user.is_active,
            user.is_superuser,
            frozenset(user.get_all_permissions()),
            get_language(),
            get_urlconf(),
            get_script_prefix(),
            self.name,
        )

    def get_app_list(self, request, app_label=None):
        key = self.app_list_key(request, app_label)
        app_list = self._app_lists.get(key)
        if app_list is None:
            if len(self._app_lists) >= _KEPT:
                self._app_lists.clear()
            app_list = self._app_lists[key] = super().get_app_list(request, app_label)
        return _copy(app_list)
