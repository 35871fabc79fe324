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
