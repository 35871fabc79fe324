from django.contrib import admin

from .models import (
    Bucket,
    Checklist,
    ChecklistItem,
    DemoralizingMonth,
    FrequentQuestion,
    HonestTestQuestion,
    Page,
    Phase,
    RecommendedProject,
    RoadmapInfo,
    Specialization,
)


@admin.register(RoadmapInfo)
class RoadmapInfoAdmin(admin.ModelAdmin):
    list_display = ["title", "key"]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "month_start", "month_end"]
    list_display_links = ["title"]


@admin.register(DemoralizingMonth)
class DemoralizingMonthAdmin(admin.ModelAdmin):
    list_display = ["month", "thought"]


@admin.register(Bucket)
class BucketAdmin(admin.ModelAdmin):
    list_display = ["letter", "title", "months_min", "months_max"]
    list_display_links = ["title"]


@admin.register(HonestTestQuestion)
class HonestTestQuestionAdmin(admin.ModelAdmin):
    list_display = ["order", "text", "is_training_question"]
    list_display_links = ["text"]


class RecommendedProjectInline(admin.TabularInline):
    model = RecommendedProject
    extra = 0


@admin.register(Specialization)
class SpecializationAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "salary_early", "salary_senior"]
    list_display_links = ["title"]
    inlines = [RecommendedProjectInline]


class FrequentQuestionInline(admin.StackedInline):
    model = FrequentQuestion
    extra = 0


class ChecklistInline(admin.TabularInline):
    model = Checklist
    fields = ["order", "key", "title", "kind", "is_retired"]
    extra = 0
    show_change_link = True


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "phase", "is_published"]
    list_display_links = ["title"]
    list_filter = ["phase", "is_published"]
    search_fields = ["title", "slug", "body"]
    inlines = [ChecklistInline, FrequentQuestionInline]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["order", "key", "section", "text", "url", "is_retired"]
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "page", "kind", "is_retired"]
    list_filter = ["kind", "is_retired", "page__phase"]
    search_fields = ["title", "key"]
    inlines = [ChecklistItemInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "key", "checklist", "is_retired"]
    list_filter = ["is_retired", "checklist__kind"]
    search_fields = ["text", "key"]
    list_select_related = ["checklist"]


@admin.register(FrequentQuestion)
class FrequentQuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "page"]
    search_fields = ["question", "answer"]
    list_select_related = ["page"]
