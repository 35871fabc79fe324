"""The admin site's app list, kept per kind of person: always what Django's own builds."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import set_script_prefix
from django.utils import translation

from apps.curriculum.admin_site import RoadmapAdminSite
from tests.factories import make_editor, make_user

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = type(user).objects.get(pk=user.pk)  # fresh: no permission cache
    return request


def djangos(request, app_label=None):
    return AdminSite.get_app_list(admin.site, request, app_label)


def names(app_list):
    return [(app["app_label"], [model["object_name"] for model in app["models"]])
            for app in app_list]  # fmt: skip


def page_viewer():
    user = make_user()
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_page"))
    return user


def superuser():
    user = make_user()
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_admin_is_the_sites():
    admin.site.get_app_list  # noqa: B018 - the lazy site set up
    assert isinstance(admin.site._wrapped, RoadmapAdminSite)


def test_each_person_gets_their_own_list_the_same_as_djangos():
    editor, viewer = make_editor(), page_viewer()
    admin.site._app_lists.clear()
    for _ in range(2):  # built, then kept
        for user in (editor, viewer, superuser()):
            for app_label in (None, "curriculum", "auth"):
                request = request_for(user)
                assert admin.site.get_app_list(request, app_label) == djangos(
                    request_for(user), app_label
                )
    editors = admin.site.get_app_list(request_for(editor))
    viewers = admin.site.get_app_list(request_for(viewer))
    assert ("curriculum", ["Page"]) in names(viewers) and len(names(viewers)) == 1
    assert viewers[0]["models"][0]["view_only"] is True
    assert viewers[0]["models"][0]["add_url"] is None
    assert "ChecklistItem" in dict(names(editors))["curriculum"]
    assert len(names(admin.site.get_app_list(request_for(superuser())))) > len(names(editors))


def test_a_new_permission_shows_at_once():
    viewer = page_viewer()
    before = admin.site.get_app_list(request_for(viewer))
    viewer.user_permissions.add(Permission.objects.get(codename="view_checklist"))
    after = admin.site.get_app_list(request_for(viewer))
    assert after != before
    assert after == djangos(request_for(viewer))
    assert dict(names(after))["curriculum"] == ["Checklist", "Page"]


def test_an_inactive_or_anonymous_person_gets_djangos_empty_list():
    editor = make_editor()
    editor.is_active = False
    editor.save()
    assert admin.site.get_app_list(request_for(editor)) == djangos(request_for(editor)) == []
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/admin/login/")
    request.user = AnonymousUser()
    assert admin.site.get_app_list(request) == []


def test_the_language_and_script_prefix_are_part_of_the_key():
    editor = make_editor()
    plain = admin.site.get_app_list(request_for(editor))
    try:
        set_script_prefix("/sub/")
        prefixed = admin.site.get_app_list(request_for(editor))
        assert prefixed == djangos(request_for(editor))
        assert prefixed[0]["app_url"].startswith("/sub/admin/")
    finally:
        set_script_prefix("/")
    assert admin.site.get_app_list(request_for(editor)) == plain
    with translation.override("de"):
        german = admin.site.get_app_list(request_for(editor))
        assert german == djangos(request_for(editor))
    assert admin.site.get_app_list(request_for(editor)) == plain
    keys = {key[4] for key in admin.site._app_lists}
    assert {"de", translation.get_language()} <= keys


def test_a_caller_changing_its_list_changes_no_one_elses():
    editor = make_editor()
    mine = admin.site.get_app_list(request_for(editor))
    mine[0]["name"] = "Changed"
    mine[0]["models"][0]["perms"]["view"] = "changed"
    mine[0]["models"].clear()
    mine.clear()
    assert admin.site.get_app_list(request_for(editor)) == djangos(request_for(editor))


def test_registering_a_model_starts_afresh():
    site = RoadmapAdminSite(name="scratch")
    from apps.curriculum.models import Page

    editor = make_editor()
    assert site.get_app_list(request_for(editor)) == []
    site.register(Page)
    assert names(site.get_app_list(request_for(editor))) == [("curriculum", ["Page"])]
    site.unregister(Page)
    assert site.get_app_list(request_for(editor)) == []


def test_the_sidebar_shows_each_editor_their_own_menu(client):
    editor, viewer = make_editor(), page_viewer()
    client.force_login(editor)
    assert "/admin/curriculum/checklistitem/" in client.get("/admin/curriculum/page/").text
    client.force_login(viewer)
    page = client.get("/admin/curriculum/page/").text
    assert "/admin/curriculum/checklistitem/" not in page
    assert "/admin/curriculum/page/" in page


def modelbackends(user):
    """What ModelBackend finds for a fresh copy of the user, by its own two queries."""
    from django.contrib.auth.backends import ModelBackend

    fresh = type(user).objects.get(pk=user.pk)
    backend = ModelBackend()
    return backend.get_user_permissions(fresh), backend.get_group_permissions(fresh)


def test_permissions_read_in_one_query_are_modelbackends(django_assert_num_queries):
    from django.contrib.auth.models import Group

    from apps.curriculum.admin_site import load_permissions

    editor = make_editor()  # group permissions
    viewer = page_viewer()  # one of their own
    both = make_editor()
    both.user_permissions.add(*Permission.objects.filter(codename__in=["view_page", "view_user"]))
    two_groups = make_editor()
    other = Group.objects.create(name="Readers")
    other.permissions.add(*Permission.objects.filter(codename__in=["view_group", "view_page"]))
    two_groups.groups.add(other)
    nothing = make_user()
    for user in (editor, viewer, both, two_groups, nothing):
        user = type(user).objects.get(pk=user.pk)
        with django_assert_num_queries(1):
            load_permissions(user)
        expected = modelbackends(user)
        assert (user._user_perm_cache, user._group_perm_cache) == expected
        with django_assert_num_queries(0):
            assert user.get_all_permissions() == expected[0] | expected[1]
            load_permissions(user)  # once
    assert modelbackends(viewer) == ({"curriculum.view_page"}, set())
    assert "curriculum.change_checklistitem" in modelbackends(editor)[1]


def test_superusers_inactive_and_anonymous_people_are_left_to_django(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from apps.curriculum.admin_site import load_permissions

    inactive = make_editor()
    inactive.is_active = False
    inactive.save()
    for user in (superuser(), inactive, AnonymousUser()):
        with django_assert_num_queries(0):
            load_permissions(user)
        assert not hasattr(user, "_user_perm_cache")
        assert not hasattr(user, "_group_perm_cache")


def test_an_admin_page_reads_permissions_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_editor())
    client.get("/admin/curriculum/checklistitem/")  # content caches warmed
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/curriculum/checklistitem/").status_code == 200
    permission_queries = [
        q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]
    ]
    assert len(permission_queries) == 1
    assert "UNION ALL" in permission_queries[0]
