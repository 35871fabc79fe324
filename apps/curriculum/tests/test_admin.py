"""Content administration: editors change the roadmap; learners never lose progress."""

import json

import pytest
from django.urls import reverse

from apps.checklists import services as progress
from apps.checklists.models import ItemProgress, ItemState
from apps.curriculum.models import Checklist, ChecklistItem, ContentChange, Page
from apps.curriculum.revision import bump_content_revision
from tests.factories import make_editor, make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_changelist_kept_from_another_test():
    from apps.curriculum import admin_kept

    admin_kept._kept.clear()


def kept_nowhere(monkeypatch):
    """Every changelist built afresh, as Django builds it (nothing kept: admin_kept)."""
    from apps.curriculum import admin

    monkeypatch.setattr(admin, "kept_parts", lambda cl, request: None)


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def item_change_data(item: ChecklistItem, **overrides) -> dict:
    data = {
        "key": item.key,
        "checklist": item.checklist_id,
        "order": item.order,
        "section": item.section,
        "text": item.text,
        "detail": item.detail,
        "url": item.url,
        "meta": json.dumps(item.meta),
    }
    if item.is_retired:
        data["is_retired"] = "on"
    data.update(overrides)
    return data


def change_url(obj) -> str:
    return reverse(f"admin:curriculum_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize(
    "url",
    [
        "/admin/curriculum/page/",
        "/admin/curriculum/checklistitem/",
        "/admin/curriculum/checklist/",
        "/admin/curriculum/contentchange/",
        "/admin/curriculum/specialization/",
    ],
)
def test_editors_can_work_on_content(editor_client, url):
    assert editor_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/checklists/itemprogress/",
        "/admin/learners/learnerprofile/",
        "/admin/auth/group/",
    ],
)
def test_editors_cannot_see_accounts_or_learner_data(editor_client, url):
    assert editor_client.get(url).status_code in {403, 404}


def test_the_admin_index_shows_editors_only_content(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "Roadmap content" in html
    assert "Users" not in html and "Learner progress" not in html


def test_rewording_and_moving_an_item_keeps_progress(editor_client):
    learner = make_learner()
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    progress.item_progress_set(user=learner.user, item=item, state=ItemState.DONE, note="mine")
    target = Checklist.objects.get(key="baseline-python")

    response = editor_client.post(
        change_url(item),
        item_change_data(item, text="Use `git stash` to park work.", checklist=target.pk, order=99),
    )
    assert response.status_code == 302
    row = ItemProgress.objects.get(user=learner.user)
    assert row.item_id == item.pk and row.state == ItemState.DONE and row.note == "mine"
    item.refresh_from_db()
    assert item.checklist == target and item.text == "Use `git stash` to park work."

    change = ContentChange.objects.get(object_key="baseline-git-stash")
    assert change.action == "change"
    assert change.changes["checklist"] == ["baseline-git", "baseline-python"]
    assert change.changes["text"][1] == "Use `git stash` to park work."
    assert change.user_email.endswith("@example.com")


def test_deleting_an_item_with_progress_is_refused_with_an_explanation(editor_client):
    learner = make_learner()
    item = ChecklistItem.objects.get(key="papers-dpo")
    progress.item_progress_set(user=learner.user, item=item, state=ItemState.IN_PROGRESS)
    delete_url = reverse("admin:curriculum_checklistitem_delete", args=[item.pk])

    response = editor_client.post(delete_url, {"post": "yes"}, follow=True)
    html = response.content.decode()
    assert "learners have progress, history or bookmarks on it. Retire it instead" in html
    assert learner.user.email not in html
    assert ChecklistItem.objects.filter(pk=item.pk).exists()


def test_deleting_a_checklist_that_still_has_items_explains_instead_of_failing(editor_client):
    checklist = Checklist.objects.get(key="papers-ten-papers")
    delete_url = reverse("admin:curriculum_checklist_delete", args=[checklist.pk])

    response = editor_client.get(delete_url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted while it still has checklist items" in response.content.decode()


def test_an_item_nobody_used_can_be_deleted_and_that_is_recorded(editor_client):
    item = ChecklistItem.objects.get(key="papers-dpo")
    delete_url = reverse("admin:curriculum_checklistitem_delete", args=[item.pk])
    response = editor_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302
    assert not ChecklistItem.objects.filter(key="papers-dpo").exists()
    assert ContentChange.objects.get(object_key="papers-dpo").action == "delete"


def test_bulk_delete_is_not_offered(editor_client):
    html = editor_client.get("/admin/curriculum/checklistitem/").content.decode()
    assert "delete_selected" not in html
    assert "retire_selected" in html


def test_retiring_hides_the_item_but_keeps_history_and_exports(editor_client, client):
    learner = make_learner()
    item = ChecklistItem.objects.get(key="papers-dpo")
    progress.item_progress_set(user=learner.user, item=item, state=ItemState.DONE)
    editor_client.post(
        "/admin/curriculum/checklistitem/",
        {"action": "retire_selected", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.is_retired
    assert ContentChange.objects.get(object_key="papers-dpo").action == "retire"

    client.force_login(learner.user)
    page_html = client.get("/roadmap/reading-papers/").content.decode()
    assert 'id="item-papers-dpo"' not in page_html
    assert "Retired items you worked on" in page_html
    exported = json.loads(client.get("/profile/export.json").getvalue())
    assert exported["progress"][0]["item"] == "papers-dpo"
    assert exported["progress"][0]["retired"] is True
    assert exported["history"][0]["item"] == "papers-dpo"


def test_inline_rows_with_duplicate_orders_or_progress_are_refused(editor_client):
    checklist = Checklist.objects.get(key="baseline-git")
    items = list(checklist.items.order_by("order"))
    learner = make_learner()
    progress.item_progress_set(user=learner.user, item=items[0], state=ItemState.DONE)
    data = {
        "key": checklist.key, "page": checklist.page_id, "title": checklist.title,
        "kind": checklist.kind, "intro": checklist.intro, "order": checklist.order,
        "items-TOTAL_FORMS": len(items), "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for index, item in enumerate(items):
        prefix = f"items-{index}-"
        data.update({
            f"{prefix}id": item.pk, f"{prefix}checklist": checklist.pk,
            f"{prefix}order": item.order, f"{prefix}key": item.key,
            f"{prefix}section": item.section, f"{prefix}text": item.text, f"{prefix}url": item.url,
        })  # fmt: skip
    duplicate = {**data, "items-1-order": items[0].order}
    html = editor_client.post(change_url(checklist), duplicate).content.decode()
    assert f"Two rows have order {items[0].order}" in html

    deleting = {**data, "items-0-DELETE": "on"}
    html = editor_client.post(change_url(checklist), deleting).content.decode()
    assert "Retire it instead" in html
    assert learner.user.email not in html
    assert ChecklistItem.objects.filter(pk=items[0].pk).exists()


def test_duplicate_keys_get_a_validation_message(editor_client):
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    response = editor_client.post(change_url(item), item_change_data(item, key="papers-dpo"))
    assert "Checklist item with this Key already exists." in response.content.decode()
    bad = editor_client.post(change_url(item), item_change_data(item, key="Not A Key"))
    assert "Use lowercase letters, digits and single hyphens" in bad.content.decode()


def test_unpublishing_a_page_hides_it(editor_client, client):
    page = Page.objects.get(slug="ml-mental-model")
    editor_client.post(
        "/admin/curriculum/page/",
        {"action": "unpublish_selected", "_selected_action": [page.pk]},
    )
    assert client.get("/roadmap/ml-mental-model/").status_code == 404
    assert ContentChange.objects.get(object_key="ml-mental-model").changes["is_published"] == [
        True,
        False,
    ]


def test_change_log_is_readable_but_not_editable(editor_client):
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    editor_client.post(change_url(item), item_change_data(item, text="Reworded"))
    change = ContentChange.objects.get()
    page = editor_client.get(reverse("admin:curriculum_contentchange_change", args=[change.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Reworded" in html and "Before and after" in html
    assert 'name="_save"' not in html
    assert editor_client.get("/admin/curriculum/contentchange/add/").status_code == 403


def test_page_admin_list_has_counts_and_view_on_site(editor_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        html = editor_client.get("/admin/curriculum/page/").content.decode()
    assert "Python + Linux baseline" in html
    page = Page.objects.get(slug="python-linux-baseline")
    change = editor_client.get(change_url(page)).content.decode()
    assert "View on site" in change
    assert "markdown-preview" in change


def test_the_migration_created_the_content_editor_group():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Content editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_checklistitem", "delete_page", "view_contentchange"} <= codenames
    assert not {c for c in codenames if c.endswith(("_user", "_itemprogress", "_contentchange"))
                and not c.startswith("view_contentchange")}  # fmt: skip


@pytest.mark.parametrize("model", ["phase", "page", "checklist"])
def test_deleting_content_that_still_has_content_explains_instead_of_crashing(editor_client, model):
    """The explanation joined lazy verbose names and raised TypeError (issue 10)."""
    obj = {
        "phase": lambda: Page.objects.first().phase,
        "page": lambda: Page.objects.get(slug="python-linux-baseline"),
        "checklist": lambda: Checklist.objects.get(key="baseline-git"),
    }[model]()
    url = reverse(f"admin:curriculum_{model}_delete", args=[obj.pk])
    response = editor_client.get(url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted while it still has" in response.content.decode()
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_inline_delete_explains_through_the_same_check():
    from apps.curriculum.admin import deletion_blocker

    reason = deletion_blocker(Checklist.objects.get(key="baseline-git"))
    assert "cannot be deleted while it still has checklist items" in reason


@pytest.mark.parametrize(
    "text, expected",
    [("", {}), ("  ", {}), ("null", {}), ('{"weeks": 4}', {"weeks": 4})],
)
def test_empty_facts_are_an_empty_object(text, expected):
    from apps.curriculum.admin import FactsField

    assert FactsField(required=False).clean(text) == expected


@pytest.mark.parametrize(
    "text", ["NaN", '{"x": NaN}', '{"x": Infinity}', '{"x": -Infinity}', '{"x": 1e400}', "[1]",
             "{not json"],
)  # fmt: skip
def test_facts_the_database_cannot_store_are_form_errors(text):
    from django.core.exceptions import ValidationError

    from apps.curriculum.admin import FactsField

    with pytest.raises(ValidationError):
        FactsField(required=False).clean(text)


def test_the_page_admin_reads_facts_with_the_strict_field(rf):
    from django.contrib import admin as django_admin

    from apps.curriculum.admin import FactsField

    page_admin = django_admin.site._registry[Page]
    request = rf.get("/")
    request.user = make_editor()
    form_class = page_admin.get_form(request, Page.objects.first())
    assert isinstance(form_class.base_fields["facts"], FactsField)


CHANGELISTS = ["checklistitem", "checklist", "page", "frequentquestion", "bucket", "phase",
               "honesttestquestion", "roadmapinfo", "demoralizingmonth", "specialization",
               "contentchange"]  # fmt: skip
QUERIES = ["", "?q=git", "?o=-2.3", "?o=4", "?is_retired__exact=1", "?p=2", "?_popup=1",
           "?checklist__kind__exact=skills&p=2", "?q=%3Cb%3E"]  # fmt: skip


def without_csrf_tokens(html: bytes) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_rows_written_directly_are_djangos_own(editor_client, monkeypatch, model):
    from apps.curriculum import admin_rows

    item = ChecklistItem.objects.filter(key="baseline-git-stash").get()
    ChecklistItem.objects.create(checklist=item.checklist, key="odd-one", order=99, is_retired=True,
                                 text='Use <b> & "quotes" ü', section=" ")  # fmt: skip
    written = []

    def spied(cl):
        rows = fast_rows(cl)
        written.append(rows is not None)
        return rows

    fast_rows = admin_rows._rows
    for query in QUERIES:
        url = f"/admin/curriculum/{model}/{query}"
        with monkeypatch.context() as patch:
            patch.setattr(admin_rows, "_rows", spied)
            fast = editor_client.get(url)
            kept = editor_client.get(url)  # the page's content parts kept from the first
        with monkeypatch.context() as patch:
            patch.setattr(admin_rows, "_rows", lambda cl: None)  # Django's items_for_result
            kept_nowhere(patch)
            djangos = editor_client.get(url)
        assert fast.status_code == kept.status_code == djangos.status_code
        assert without_csrf_tokens(fast.content) == without_csrf_tokens(djangos.content), url
        assert without_csrf_tokens(kept.content) == without_csrf_tokens(djangos.content), url
    if model in {"checklistitem", "frequentquestion", "bucket", "honesttestquestion"}:
        assert any(written)
        assert b"odd-one" in editor_client.get("/admin/curriculum/checklistitem/?q=odd").content


@pytest.mark.parametrize("model", ["checklistitem", "checklist", "frequentquestion"])
def test_the_page_filter_is_djangos_without_reading_page_bodies(editor_client, monkeypatch, model):
    from django.contrib.admin import RelatedFieldListFilter
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.curriculum.admin import PageListFilter

    url = f"/admin/curriculum/{model}/?p=1"
    with CaptureQueriesContext(connection) as queries:
        ours = editor_client.get(url)
    read_bodies = any('"curriculum_page"."body"' in q["sql"] for q in queries.captured_queries)
    assert not read_bodies or model != "checklistitem"  # the others show their rows' pages
    monkeypatch.setattr(PageListFilter, "field_choices", RelatedFieldListFilter.field_choices)
    kept_nowhere(monkeypatch)
    assert b"01 \xe2\x80\x93 The 12-month arc" in ours.content
    assert without_csrf_tokens(ours.content) == without_csrf_tokens(editor_client.get(url).content)


def test_the_item_changelist_runs_a_fixed_number_of_queries(editor_client,
                                                           django_assert_max_num_queries):  # fmt: skip
    editor_client.get("/admin/curriculum/checklistitem/")  # the pages' names, once per revision
    with django_assert_max_num_queries(6):
        assert editor_client.get("/admin/curriculum/checklistitem/?p=2").status_code == 200
    # Shown before under this revision: session, user, permissions, the revision. No COUNT,
    # no rows.
    with django_assert_max_num_queries(4):
        assert editor_client.get("/admin/curriculum/checklistitem/?p=2").status_code == 200


def test_a_kept_changelist_shows_every_content_change_at_once(editor_client):
    url = "/admin/curriculum/checklistitem/?q=stash"
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    assert item.text in editor_client.get(url).content.decode()
    assert item.text in editor_client.get(url).content.decode()  # kept
    # An editor's save, a bulk action, a save elsewhere: each is a new content revision.
    editor_client.post(change_url(item), item_change_data(item, text="Stash, reworded"))
    html = editor_client.get(url).content.decode()
    assert "Stash, reworded" in html and item.text not in html
    retired = html.count('alt="True"')
    editor_client.post(url, {"action": "retire_selected", "_selected_action": [item.pk]})
    assert editor_client.get(url).content.decode().count('alt="True"') == retired + 1
    ChecklistItem.objects.create(checklist=item.checklist, key="stash-two", order=98,
                                 text="Stash a second time")  # fmt: skip
    html = editor_client.get(url).content.decode()
    assert "Stash a second time" in html and "2 results" in html
    item.checklist.title = "Renamed checklist"
    item.checklist.save()
    assert "Renamed checklist" in editor_client.get(url).content.decode()


def view_only_staff_client():
    """Signed in as viewer@example.com, staff who may only view checklist items."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    from tests.factories import make_user

    viewer = make_user(email="viewer@example.com")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_checklistitem"))
    client = Client()
    client.force_login(viewer)
    return client


def test_a_kept_changelist_keeps_each_persons_actions_and_tools(editor_client, monkeypatch):
    """Kept parts are content only: who asks still gets their own add button, header and
    actions."""
    viewer_client = view_only_staff_client()
    url = "/admin/curriculum/checklistitem/?p=2"
    editors = editor_client.get(url).content.decode()
    viewers = viewer_client.get(url).content.decode()  # the content parts kept from the editor
    assert "addlink" in editors and "addlink" not in viewers
    assert "viewer@example.com" in viewers and "viewer@example.com" not in editors
    kept_nowhere(monkeypatch)
    assert without_csrf_tokens(viewer_client.get(url).content) == without_csrf_tokens(
        viewers.encode()
    )


def test_the_sidebar_rendered_once_is_djangos_for_each_menu_and_page(editor_client, monkeypatch):
    from django.test import Client

    from apps.curriculum.templatetags import content_admin
    from tests.factories import make_user

    def page(who, url):
        return without_csrf_tokens(who.get(url).content)

    urls = ["/admin/curriculum/checklistitem/", "/admin/curriculum/page/", "/admin/"]
    first = {url: page(editor_client, url) for url in urls}  # rendered, then kept
    assert {url: page(editor_client, url) for url in urls} == first
    assert 'aria-current="page">Pages</a>' in first["/admin/curriculum/page/"]
    admin = make_user()
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    everything = page(client, "/admin/curriculum/page/")
    assert 'href="/admin/accounts/user/"' in everything
    assert 'href="/admin/accounts/user/"' not in first["/admin/curriculum/page/"]

    class Forgetful(dict):
        def get(self, key, default=None):
            return default

    monkeypatch.setattr(content_admin, "_SIDEBARS", Forgetful())  # rendered every time
    assert {url: page(editor_client, url) for url in urls} == first
    assert page(client, "/admin/curriculum/page/") == everything


def test_our_copy_of_the_sidebar_template_is_djangos():
    from pathlib import Path

    import django.contrib.admin
    from django.conf import settings

    admin_templates = Path(django.contrib.admin.__file__).parent / "templates" / "admin"
    theirs = (admin_templates / "nav_sidebar.html").read_text()
    ours = (settings.BASE_DIR / "templates" / "admin" / "nav_sidebar_django.html").read_text()
    assert ours.startswith("{% load i18n %}{#")
    assert ours.split("\n", 1)[1] == theirs.split("\n", 1)[1]


def test_our_copy_of_the_changelist_results_template_is_djangos():
    from pathlib import Path

    import django.contrib.admin
    from django.conf import settings

    admin_templates = Path(django.contrib.admin.__file__).parent / "templates" / "admin"
    theirs = (admin_templates / "change_list_results.html").read_text()
    path = settings.BASE_DIR / "templates" / "admin" / "curriculum" / "change_list_results.html"
    ours = path.read_text()
    assert ours.startswith("{% load i18n %}{#")
    # Ours is Django's, its rows' loop skipped when they come written (rows_html).
    ours = ours.split("\n", 1)[1].replace("{% if rows_html %}{{ rows_html }}{% else %}", "", 1)
    assert ours.replace("{% endfor %}{% endif %}\n</tbody>", "{% endfor %}\n</tbody>", 1) == (
        theirs.split("\n", 1)[1]
    )


def test_the_item_rows_read_only_their_columns_and_actions_whole_items(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = editor_client.get("/admin/curriculum/checklistitem/?q=dpo").content.decode()
    read = [q["sql"].split(" FROM ")[0] for q in queries.captured_queries
            if q["sql"].startswith('SELECT "curriculum_checklistitem"."id"')]  # fmt: skip
    assert len(read) == 1 and '"text"' in read[0]
    assert '"detail"' not in read[0] and '"meta"' not in read[0] and '"url"' not in read[0]
    item = ChecklistItem.objects.get(key="papers-dpo")
    assert f"<a href=\"/admin/curriculum/checklistitem/{item.pk}/change/?_changelist_filters=q%3Ddpo\">" in html
    editor_client.post("/admin/curriculum/checklistitem/?q=dpo",
                       {"action": "retire_selected", "_selected_action": [item.pk]})  # fmt: skip
    change = ContentChange.objects.get(object_key="papers-dpo")
    assert change.action == "retire" and change.changes["is_retired"] == [False, True]


def test_a_kept_page_missing_a_part_renders_it_from_the_rows(editor_client, monkeypatch):
    from apps.core.kept import copies
    from apps.curriculum import admin_kept

    url = "/admin/curriculum/checklistitem/?p=3"
    first = without_csrf_tokens(editor_client.get(url).content)
    (parts,) = admin_kept._kept.values()
    rows = ("rows", "yes")  # kept for pages with action checkboxes
    assert {"count", "length", rows, "filters", "search", "pagination"} <= set(parts)
    del parts[rows], parts["filters"]  # counted, but not written: the rows are read
    copies.clear()  # the whole page, kept too (apps.core.kept): drawn again from its parts
    assert without_csrf_tokens(editor_client.get(url).content) == first
    assert rows in parts and "filters" in parts


def test_a_kept_part_is_kept_for_each_of_the_values_it_names():
    from types import SimpleNamespace

    from django.template import engines

    template = engines["django"].from_string(
        "{% load content_admin %}{% kept cl 'tools' choices %}{{ shown }}{% endkept %}"
    )
    cl = SimpleNamespace(kept={})
    render = template.render
    assert render({"cl": cl, "choices": [("a", "A")], "shown": "first"}) == "first"
    assert render({"cl": cl, "choices": [("a", "A")], "shown": "second"}) == "first"  # kept
    assert render({"cl": cl, "choices": [("b", "B")], "shown": "third"}) == "third"
    assert set(cl.kept) == {("tools", (("a", "A"),)), ("tools", (("b", "B"),))}
    nothing_kept = SimpleNamespace()  # not a kept changelist: rendered every time
    assert render({"cl": nothing_kept, "choices": [], "shown": "fourth"}) == "fourth"
    assert render({"cl": nothing_kept, "choices": [], "shown": "fifth"}) == "fifth"


def test_staff_who_may_only_view_items_are_not_offered_and_cannot_run_the_retire_actions(
    editor_client,
):
    from apps.curriculum.models import ChecklistItem

    client = view_only_staff_client()
    url = "/admin/curriculum/checklistitem/"
    assert "action-checkbox" in editor_client.get(url).content.decode()  # kept with checkboxes
    html = client.get(url).content.decode()
    assert "retire_selected" not in html and "restore_selected" not in html
    assert "action-checkbox" not in html  # nothing to select rows for
    item = ChecklistItem.objects.filter(is_retired=False).first()
    response = client.post(url, {"action": "retire_selected", "_selected_action": [item.pk]})
    assert response.status_code in (200, 302, 403)
    item.refresh_from_db()
    assert not item.is_retired


def test_a_kept_changelist_follows_edits_and_the_editors_permissions(client):
    from django.contrib.auth.models import Group

    editor = make_editor()
    client.force_login(editor)
    url = reverse("admin:curriculum_checklistitem_changelist") + "?q=stash"
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    assert item.text in client.get(url).content.decode()
    ChecklistItem.objects.filter(pk=item.pk).update(text="Use git stash, then pop it.")
    bump_content_revision()
    assert "Use git stash, then pop it." in client.get(url).content.decode()
    # Permissions are checked on every visit: an editor who lost them gets no kept copy.
    for group in Group.objects.all():
        group.permissions.clear()
    assert client.get(url).status_code == 403
