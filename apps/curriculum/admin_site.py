"""The admin site, its app list (the sidebar and index menus) built once per kind of person.

Django's ``AdminSite.get_app_list`` asks every registered model admin for its permissions and
reverses two URLs per model on every admin page: about a tenth of a changelist's CPU. What it
builds depends only on who asks (active, superuser, their permission set: every registered
admin's permission methods are Django's, answering from those, or constant), the language, the
URL configuration and script prefix, and the registry. The list is kept per that key; each
caller gets its own copy (the dictionaries are the caller's to change, as Django's are).

A person let into the admin has their permissions read in one query, not ModelBackend's two
(its own caches filled with the same sets)."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.db import connections, router
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

_KEPT = 256  # distinct keys kept before the cache starts afresh
_PERMISSIONS_SQL: str | None = None  # written once, when first needed (the models loaded)


def _copy(app_list: list[dict]) -> list[dict]:
    return [
        {**app, "models": [{**model, "perms": dict(model["perms"])} for model in app["models"]]}
        for app in app_list
    ]


def _permissions_sql() -> str:
    """User and group permissions in one statement: ModelBackend's two queries written out."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    q = connections[router.db_for_read(Permission)].ops.quote_name
    user_perms = get_user_model()._meta.get_field("user_permissions")
    groups = get_user_model()._meta.get_field("groups")
    group_perms = Group._meta.get_field("permissions")
    names = {
        "permission": q(Permission._meta.db_table),
        "content_type": q(ContentType._meta.db_table),
        "user_perms": q(user_perms.m2m_db_table()),
        "user_perms_user": q(user_perms.m2m_column_name()),
        "user_perms_perm": q(user_perms.m2m_reverse_name()),
        "groups": q(groups.m2m_db_table()),
        "groups_user": q(groups.m2m_column_name()),
        "groups_group": q(groups.m2m_reverse_name()),
        "group_perms": q(group_perms.m2m_db_table()),
        "group_perms_group": q(group_perms.m2m_column_name()),
        "group_perms_perm": q(group_perms.m2m_reverse_name()),
    }
    return """
        SELECT 'user', ct.app_label, p.codename
        FROM {permission} p JOIN {content_type} ct ON ct.id = p.content_type_id
        WHERE p.id IN (SELECT {user_perms_perm} FROM {user_perms} WHERE {user_perms_user} = %s)
        UNION ALL
        SELECT 'group', ct.app_label, p.codename
        FROM {permission} p JOIN {content_type} ct ON ct.id = p.content_type_id
        WHERE p.id IN (
            SELECT gp.{group_perms_perm} FROM {group_perms} gp
            JOIN {groups} ug ON ug.{groups_group} = gp.{group_perms_group}
            WHERE ug.{groups_user} = %s
        )
    """.format(**names)  # noqa: S608 - names from the models, the person's id a parameter


def load_permissions(user) -> None:
    """Fill ModelBackend's per-request permission caches (``_user_perm_cache``,
    ``_group_perm_cache``: the sets it would build) with one query in place of its two. Only
    where ModelBackend would query (an active, signed-in person who is not a superuser) and
    has not yet."""
    if (
        not user.is_active
        or user.is_anonymous
        or user.is_superuser
        or hasattr(user, "_user_perm_cache")
        or hasattr(user, "_group_perm_cache")
    ):
        return
    global _PERMISSIONS_SQL
    if _PERMISSIONS_SQL is None:
        _PERMISSIONS_SQL = _permissions_sql()
    from django.contrib.auth.models import Permission

    found = {"user": set(), "group": set()}
    with connections[router.db_for_read(Permission)].cursor() as cursor:
        cursor.execute(_PERMISSIONS_SQL, [user.pk, user.pk])
        for kind, app_label, codename in cursor.fetchall():
            found[kind].add(f"{app_label}.{codename}")
    user._user_perm_cache = found["user"]
    user._group_perm_cache = found["group"]


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

    def has_permission(self, request) -> bool:
        """Django's check; for those let in, their permissions read in one query (every
        admin page asks for them)."""
        allowed = super().has_permission(request)
        if allowed:
            load_permissions(request.user)
        return allowed

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
