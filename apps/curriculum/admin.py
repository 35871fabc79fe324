"""The roadmap's content in the admin, made safe for editors: every change is recorded,
orders and keys are validated, and nothing learners have progress on can be deleted (it is
retired instead)."""

import json
import math

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage
from django.db import models, router
from django.db.models import Count, ProtectedError, Q
from django.db.models.deletion import Collector
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from apps.core.fields import QuickBoundField
from apps.core.kept import kept_page
from apps.core.markdown import render_markdown

from . import audit
from .admin_kept import KnownLength, kept_parts
from .models import (
    Bucket,
    Checklist,
    ChecklistItem,
    ContentChange,
    DemoralizingMonth,
    FrequentQuestion,
    HonestTestQuestion,
    Page,
    Phase,
    RecommendedProject,
    RoadmapInfo,
    Specialization,
)
from .revision import cached_content, content_revision

LEARNER_APPS = {"checklists", "learners", "accounts", "mentoring", "portfolio"}


def deletion_blocker(instance) -> str | None:
    """Why the instance cannot be deleted, in words an editor can act on; None if it can."""
    collector = Collector(using=router.db_for_write(type(instance)))
    try:
        collector.collect([instance])
    except ProtectedError as error:
        protected = list(error.protected_objects)
        if any(obj._meta.app_label in LEARNER_APPS for obj in protected):
            return (
                f"“{instance}” cannot be deleted: learners have progress, history or bookmarks "
                "on it. Retire it instead: it disappears from the roadmap and learners keep "
                "their history."
            )
        # verbose_name_plural is a lazy string: join() needs real ones.
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in protected})
        return (
            f"“{instance}” cannot be deleted while it still has {', '.join(kinds)}. "
            "Move or delete those first, or retire it."
        )
    return None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON (or the database) can store.")


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        _refuse_constant(text)
    return number


class FactsField(forms.JSONField):
    """A JSON object of facts. Empty means none ({}), not NULL (the column is NOT NULL);
    NaN and Infinity, which Python's json reads but PostgreSQL's jsonb refuses, are errors."""

    default_error_messages = {"not_an_object": 'Facts must be a JSON object: {"name": value}.'}

    def to_python(self, value):
        if isinstance(value, str) and not value.strip():
            return {}
        if isinstance(value, str) and not self.disabled:
            try:
                json.loads(value, parse_constant=_refuse_constant, parse_float=_finite_float)
            except ValueError as error:
                raise ValidationError(str(error), code="invalid") from error
        converted = super().to_python(value)
        if converted is None:
            return {}
        if not isinstance(converted, dict):
            raise ValidationError(self.error_messages["not_an_object"], code="not_an_object")
        return converted


class ActionForm(helpers.ActionForm):
    """The admin's action form, its select and hidden input written without the widget
    templates (the same HTML): they were a tenth of a changelist's rendering."""

    bound_field_class = QuickBoundField


class ColumnsChangeList(ChangeList):
    """A changelist whose page of rows reads only the admin's ``list_columns``. Only the
    rows: filters, counts and actions use the whole queryset as before. Its content parts are
    kept per content revision and query string (admin_kept): a page shown before under the
    same revision runs no COUNT and reads no rows."""

    def get_results(self, request):
        self.queryset = self.queryset.only(*self.model_admin.list_columns)
        self.kept = kept_parts(self, request)
        if self.kept is None or "count" not in self.kept:
            super().get_results(request)
            if self.kept is not None:
                self.kept.update(count=self.result_count, full_count=self.full_result_count,
                                 length=len(self.result_list))  # fmt: skip
            return
        # Django's get_results, with the counts known.
        paginator = self.model_admin.get_paginator(request, self.queryset, self.list_per_page)
        paginator.count = result_count = self.kept["count"]  # its cached property, known
        self.can_show_all = result_count <= self.list_max_show_all
        self.multi_page = result_count > self.list_per_page
        if (self.show_all and self.can_show_all) or not self.multi_page:
            rows = self.queryset._clone()
        else:
            try:
                rows = paginator.page(self.page_num).object_list
            except InvalidPage as error:
                raise IncorrectLookupParameters from error
        self.result_count = result_count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.full_result_count = self.kept["full_count"]
        self.show_admin_actions = not self.show_full_result_count or bool(self.full_result_count)
        self.result_list = KnownLength(rows, self.kept["length"])
        self.paginator = paginator


def _permissions(request) -> frozenset:
    return frozenset(request.user.get_all_permissions())


@kept_page(content_revision, per_request=_permissions)
def _kept_changelist(request, model_admin):
    return admin.ModelAdmin.changelist_view(model_admin, request)


class AuditedAdmin(admin.ModelAdmin):
    """Records every add, change and delete made here, with before and after."""

    action_form = ActionForm
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.JSONField: {"form_class": FactsField},
    }
    # One COUNT per changelist, not a second one of the unfiltered table.
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = ContentChange.Action.CHANGE if change else ContentChange.Action.ADD
        audit.record(user=request.user, instance=obj, action=action, before=before)

    def save_formset(self, request, form, formset, change):
        pks = [f.instance.pk for f in formset.forms if f.instance.pk]
        before = {o.pk: audit.snapshot(o) for o in formset.model.objects.filter(pk__in=pks)}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit.record(user=request.user, instance=obj, action=ContentChange.Action.ADD)
        for obj, _ in formset.changed_objects:
            audit.record(user=request.user, instance=obj, action=ContentChange.Action.CHANGE,
                         before=before.get(obj.pk))  # fmt: skip
        for obj in formset.deleted_objects:
            audit.record(user=request.user, instance=obj, action=ContentChange.Action.DELETE,
                         before=before.get(obj.pk))  # fmt: skip

    def delete_model(self, request, obj):
        before = audit.snapshot(obj)
        super().delete_model(request, obj)
        audit.record(user=request.user, instance=obj, action=ContentChange.Action.DELETE,
                     before=before)  # fmt: skip

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and (reason := deletion_blocker(obj)):
            self.message_user(request, reason, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        """Kept (apps.core.kept) per content revision, query string and the editor's own
        permissions and records: the permission check runs first, every time (admin_view)."""
        if extra_context:
            return super().changelist_view(request, extra_context)
        return _kept_changelist(request, self)

    # The fields the changelist's rows read, if fewer than all: see ColumnsChangeList.
    list_columns: list[str] | None = None

    def get_changelist(self, request, **kwargs):
        return ColumnsChangeList if self.list_columns else super().get_changelist(request)

    def get_actions(self, request):
        # Bulk deletion would list (and could destroy) learners' rows: retire instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class GuardedInlineFormSet(BaseInlineFormSet):
    """Refuses two rows with the same position."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.labelled_rows:
            # A table row's inputs sit under column headings, not beside labels: give each
            # its column's name, so a screen reader says what it is.
            for field_name, field in form.fields.items():
                name = "Delete this row" if field_name == DELETION_FIELD_NAME else field.label
                if name and not field.widget.is_hidden:
                    field.widget.attrs.setdefault("aria-label", str(name))

    labelled_rows = False

    def clean(self):
        super().clean()
        orders: dict[int, str] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("order") is None:
                continue
            label = str(data.get("text") or data.get("title") or data.get("repo") or "")
            if data["order"] in orders:
                raise ValidationError(
                    f"Two rows have order {data['order']} (“{orders[data['order']]}” and "
                    f"“{label}”). Give each row its own position."
                )
            orders[data["order"]] = label


class GuardedInline:
    """An inline whose rows are ordered uniquely and never deleted from under learners. The
    admin's own check would list the learners' rows it protects; this one explains instead."""

    formset = GuardedInlineFormSet
    extra = 0
    ordering = ["order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        def hand_clean_DELETE(form):  # noqa: N802 - the name Django's admin calls
            if (
                form.cleaned_data.get(DELETION_FIELD_NAME)
                and form.instance.pk
                and (reason := deletion_blocker(form.instance))
            ):
                raise ValidationError(reason)

        formset.form.hand_clean_DELETE = hand_clean_DELETE
        formset.labelled_rows = isinstance(self, admin.TabularInline)
        return formset


def _set_flag(modeladmin, request, queryset, field: str, value: bool, action: str, done: str):
    """Set one boolean on every selected row that differs, recording each change."""
    count = 0
    for obj in queryset.exclude(**{field: value}):
        before = audit.snapshot(obj)
        setattr(obj, field, value)
        obj.save(update_fields=[field])
        audit.record(user=request.user, instance=obj, action=action, before=before)
        count += 1
    modeladmin.message_user(request, f"{done} {count}.", messages.SUCCESS)


@admin.action(
    description="Retire selected (hide from the roadmap, keep learners' history)",
    permissions=["change"],
)
def retire_selected(modeladmin, request, queryset):
    _set_flag(modeladmin, request, queryset, "is_retired", True, ContentChange.Action.RETIRE,
              "Retired")  # fmt: skip


@admin.action(description="Restore selected", permissions=["change"])
def restore_selected(modeladmin, request, queryset):
    _set_flag(modeladmin, request, queryset, "is_retired", False, ContentChange.Action.RESTORE,
              "Restored")  # fmt: skip


@admin.action(description="Unpublish selected pages", permissions=["change"])
def unpublish_selected(modeladmin, request, queryset):
    _set_flag(modeladmin, request, queryset, "is_published", False, ContentChange.Action.CHANGE,
              "Unpublished")  # fmt: skip


@admin.action(description="Publish selected pages", permissions=["change"])
def publish_selected(modeladmin, request, queryset):
    _set_flag(modeladmin, request, queryset, "is_published", True, ContentChange.Action.CHANGE,
              "Published")  # fmt: skip


def markdown_preview(text: str):
    return format_html('<div class="markdown-preview">{}</div>', render_markdown(text or ""))


class PageListFilter(admin.RelatedFieldListFilter):
    """Django's filter by page, reading only what a page's name needs, not every page's body."""

    def field_choices(self, field, request, model_admin):
        ordering = tuple(self.field_admin_ordering(field, request, model_admin) or ())

        def choices():
            pages = Page._default_manager.only("number", "title")
            if ordering:
                pages = pages.order_by(*ordering)
            return [(page.pk, str(page)) for page in pages]

        if not all(isinstance(name, str) for name in ordering):
            return choices()
        # The same for everyone: kept per content revision.
        return list(cached_content(f"admin-page-choices:{','.join(ordering)}", choices,
                                   copy=False))  # fmt: skip


@admin.register(RoadmapInfo)
class RoadmapInfoAdmin(AuditedAdmin):
    list_display = ["title", "key"]
    readonly_fields = ["intro_preview"]

    @admin.display(description="Preview of the saved introduction")
    def intro_preview(self, obj):
        return markdown_preview(obj.intro)


@admin.register(Phase)
class PhaseAdmin(AuditedAdmin):
    list_display = ["order", "title", "month_start", "month_end", "page_count"]
    list_display_links = ["title"]
    ordering = ["order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_total=Count("pages"))

    @admin.display(description="Pages", ordering="page_total")
    def page_count(self, obj):
        return obj.page_total


@admin.register(DemoralizingMonth)
class DemoralizingMonthAdmin(AuditedAdmin):
    list_display = ["month", "thought", "advice"]


@admin.register(Bucket)
class BucketAdmin(AuditedAdmin):
    list_display = ["letter", "title", "months_min", "months_max", "test_min_yes", "test_max_yes"]
    list_display_links = ["title"]


@admin.register(HonestTestQuestion)
class HonestTestQuestionAdmin(AuditedAdmin):
    list_display = ["order", "text", "is_training_question"]
    list_display_links = ["text"]


class RecommendedProjectInline(GuardedInline, admin.TabularInline):
    model = RecommendedProject


@admin.register(Specialization)
class SpecializationAdmin(AuditedAdmin):
    list_display = ["order", "title", "salary_early", "salary_senior", "project_count"]
    list_display_links = ["title"]
    search_fields = ["title", "key"]
    inlines = [RecommendedProjectInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_total=Count("oss_projects"))

    @admin.display(description="Projects", ordering="project_total")
    def project_count(self, obj):
        return obj.project_total


class FrequentQuestionInline(GuardedInline, admin.StackedInline):
    model = FrequentQuestion


class ChecklistInline(GuardedInline, admin.TabularInline):
    model = Checklist
    fields = ["order", "key", "title", "kind", "applies_to", "is_retired"]
    show_change_link = True


@admin.register(Page)
class PageAdmin(AuditedAdmin):
    list_display = ["number", "title", "phase", "is_published", "checklist_count", "item_count"]
    list_display_links = ["title"]
    list_filter = ["phase", "is_published"]
    search_fields = ["title", "slug", "summary", "body"]
    ordering = ["number"]
    inlines = [ChecklistInline, FrequentQuestionInline]
    actions = [unpublish_selected, publish_selected]
    readonly_fields = ["body_preview"]
    fieldsets = [
        (None, {"fields": ["number", "slug", "title", "phase", "is_published"]}),
        ("Content", {"fields": ["summary", "body", "facts"]}),
        ("Preview of the saved body", {"classes": ["collapse"], "fields": ["body_preview"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("phase")
            .annotate(
                checklist_total=Count("checklists", filter=Q(checklists__is_retired=False),
                                      distinct=True),
                item_total=Count("checklists__items",
                                 filter=Q(checklists__items__is_retired=False), distinct=True),
            )
        )  # fmt: skip

    @admin.display(description="Checklists", ordering="checklist_total")
    def checklist_count(self, obj):
        return obj.checklist_total

    @admin.display(description="Items", ordering="item_total")
    def item_count(self, obj):
        return obj.item_total

    @admin.display(description="Preview")
    def body_preview(self, obj):
        return markdown_preview(obj.body)


class ChecklistItemInline(GuardedInline, admin.TabularInline):
    model = ChecklistItem
    fields = ["order", "key", "section", "text", "url", "is_retired"]
    show_change_link = True


@admin.register(Checklist)
class ChecklistAdmin(AuditedAdmin):
    list_display = ["title", "key", "page", "kind", "applies_to", "item_count", "is_retired"]
    list_filter = ["kind", "applies_to", "is_retired", "page__phase", ("page", PageListFilter)]
    search_fields = ["title", "key", "intro"]
    list_select_related = ["page"]
    ordering = ["page__number", "order"]
    inlines = [ChecklistItemInline]
    actions = [retire_selected, restore_selected]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(item_total=Count("items", filter=Q(items__is_retired=False)))
        )

    @admin.display(description="Items", ordering="item_total")
    def item_count(self, obj):
        return obj.item_total


@admin.register(ChecklistItem)
class ChecklistItemAdmin(AuditedAdmin):
    list_display = ["text", "key", "checklist", "order", "is_retired"]
    # The rows shown read only their columns (not details, links or meta); actions still
    # get whole items.
    list_columns = ["text", "key", "checklist__title", "order", "is_retired"]
    list_filter = ["is_retired", "checklist__kind", ("checklist__page", PageListFilter)]
    search_fields = ["text", "key", "detail", "section"]
    list_select_related = ["checklist"]
    ordering = ["checklist__page__number", "checklist__order", "order"]
    autocomplete_fields = ["checklist"]
    actions = [retire_selected, restore_selected]
    readonly_fields = ["preview"]

    @admin.display(description="Preview of the saved text")
    def preview(self, obj):
        return markdown_preview(f"{obj.text}\n\n{obj.detail}")


@admin.register(FrequentQuestion)
class FrequentQuestionAdmin(AuditedAdmin):
    list_display = ["question", "page", "order"]
    list_filter = [("page", PageListFilter)]
    search_fields = ["question", "answer"]
    list_select_related = ["page"]


@admin.register(ContentChange)
class ContentChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "user_email", "action", "model", "object_key", "changed_fields"]
    list_filter = ["action", "model"]
    search_fields = ["object_key", "user_email"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user_email", "action", "model", "object_key", "changes_table"]
    exclude = ["user", "changes"]

    @admin.display(description="Fields")
    def changed_fields(self, obj):
        return ", ".join(obj.changes) or "—"

    @admin.display(description="Before and after")
    def changes_table(self, obj):
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            ((name, before, after) for name, (before, after) in obj.changes.items()),
        )
        return format_html(
            "<table><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
