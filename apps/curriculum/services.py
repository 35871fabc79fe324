"""Writes to the roadmap's content."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from .fixture_files import RoadmapFixtures, load_fixtures
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
from .revision import one_revision

ROADMAP_KEY = "ai-expert-roadmap-beginner"

PAGE_FIELDS = {"slug", "number", "title", "phase", "summary", "body", "faq", "checklists",
               "published"}  # fmt: skip


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    retired: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    def lines(self) -> list[str]:
        if not self.changed:
            return ["Nothing to do: the roadmap content is up to date."]
        lines = []
        for verb, counter in [
            ("created", self.created),
            ("updated", self.updated),
            ("retired", self.retired),
        ]:
            for label, count in sorted(counter.items()):
                lines.append(f"{verb} {count} {label}")
        return lines


class _Upserter:
    """Creates rows that are missing and, when updating, rewrites rows whose content differs.

    Existing rows are loaded once per model, so seeding costs a few queries per model plus one
    per row actually written, whatever the size of the roadmap."""

    def __init__(self, report: SeedReport, update: bool):
        self.report = report
        self.update = update

    def sync(
        self,
        model: type[models.Model],
        rows: list[tuple[tuple, dict[str, Any]]],
        existing: dict[tuple, models.Model],
    ) -> dict[tuple, models.Model]:
        label = model._meta.verbose_name_plural
        result = {}
        for identity, values in rows:
            instance = existing.get(identity)
            if instance is None:
                instance = model(**values)
                instance.full_clean(validate_unique=False, validate_constraints=False)
                instance.save()
                self.report.created[label] += 1
            elif self.update:
                changed = [
                    name for name, value in values.items() if getattr(instance, name) != value
                ]
                if changed:
                    for name in changed:
                        setattr(instance, name, values[name])
                    instance.full_clean(validate_unique=False, validate_constraints=False)
                    instance.save(update_fields=changed)
                    self.report.updated[label] += 1
            result[identity] = instance
        return result

    def retire_missing(self, queryset: models.QuerySet, keep_ids: set[int]) -> None:
        if not self.update:
            return
        stale = queryset.exclude(pk__in=keep_ids).filter(is_retired=False)
        count = stale.update(is_retired=True)
        if count:
            self.report.retired[queryset.model._meta.verbose_name_plural] += count


@transaction.atomic
def roadmap_seed(*, fixtures_dir: Path, update: bool = False) -> SeedReport:
    """Load the roadmap from ``fixtures_dir``: create what is missing; with ``update``, also
    overwrite existing content and retire checklists and items no longer in the fixtures.
    Learner data is never touched: rows are matched by stable key and never deleted."""
    fixtures = load_fixtures(fixtures_dir)
    with one_revision():
        return _seed(fixtures, _Upserter(SeedReport(), update))


def _seed(fixtures: RoadmapFixtures, upsert: _Upserter) -> SeedReport:

    _seed_roadmap_info(upsert, fixtures)
    phases = upsert.sync(
        Phase,
        [
            ((p["key"],), {field: p[field] for field in _fields(Phase, exclude={"id"})})
            for p in fixtures.phases
        ],
        {(p.key,): p for p in Phase.objects.all()},
    )
    upsert.sync(
        DemoralizingMonth,
        [((m["month"],), dict(m)) for m in fixtures.demoralizing_months],
        {(m.month,): m for m in DemoralizingMonth.objects.all()},
    )
    upsert.sync(
        Bucket,
        [((b["key"],), _pick(b, Bucket)) for b in fixtures.buckets],
        {(b.key,): b for b in Bucket.objects.all()},
    )
    test = fixtures.honest_test
    questions = [
        ((q["key"],), {"key": q["key"], "order": order, "text": q["text"]})
        for order, q in enumerate(test["questions"], start=1)
    ]
    training = test["training_question"]
    questions.append(
        (
            (training["key"],),
            {
                "key": training["key"],
                "order": 1,
                "text": training["text"],
                "is_training_question": True,
            },
        )  # fmt: skip
    )
    upsert.sync(
        HonestTestQuestion, questions, {(q.key,): q for q in HonestTestQuestion.objects.all()}
    )
    _seed_specializations(upsert, fixtures)
    _seed_pages(upsert, fixtures, phases)
    return upsert.report


def _fields(model: type[models.Model], exclude: set[str]) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields if f.name not in exclude and not f.is_relation
    ]


def _pick(source: dict[str, Any], model: type[models.Model], **extra: Any) -> dict[str, Any]:
    values = {name: source[name] for name in _fields(model, exclude={"id"}) if name in source}
    values.update(extra)
    return values


def _seed_roadmap_info(upsert: _Upserter, fixtures: RoadmapFixtures) -> None:
    facts = dict(fixtures.arc_facts)
    test = fixtures.honest_test
    facts["honest_test"] = {"intro": test.get("intro", ""), "scoring": test.get("scoring", "")}
    upsert.sync(
        RoadmapInfo,
        [
            (
                (ROADMAP_KEY,),
                {
                    "key": ROADMAP_KEY,
                    "title": fixtures.roadmap["title"],
                    "tagline": fixtures.roadmap.get("tagline", ""),
                    "intro": fixtures.roadmap["intro"],
                    "facts": facts,
                },
            )
        ],
        {(r.key,): r for r in RoadmapInfo.objects.all()},
    )


def _seed_specializations(upsert: _Upserter, fixtures: RoadmapFixtures) -> None:
    specializations = upsert.sync(
        Specialization,
        [((s["key"],), _pick(s, Specialization)) for s in fixtures.specializations],
        {(s.key,): s for s in Specialization.objects.all()},
    )
    rows = []
    for s in fixtures.specializations:
        specialization = specializations[(s["key"],)]
        for order, project in enumerate(s.get("oss_projects") or [], start=1):
            rows.append(
                (
                    (specialization.pk, project["repo"]),
                    {
                        "specialization": specialization,
                        "repo": project["repo"],
                        "note": project.get("note") or "",
                        "order": order,
                    },
                )
            )
    upsert.sync(
        RecommendedProject,
        rows,
        {(p.specialization_id, p.repo): p for p in RecommendedProject.objects.all()},
    )


def _seed_pages(upsert: _Upserter, fixtures: RoadmapFixtures, phases: dict[tuple, Phase]) -> None:
    page_rows = []
    for page in fixtures.pages:
        facts = {k: v for k, v in page.items() if k not in PAGE_FIELDS}
        page_rows.append(
            (
                (page["slug"],),
                {
                    "slug": page["slug"],
                    "number": page["number"],
                    "title": page["title"],
                    "phase": phases[(page["phase"],)],
                    "summary": page["summary"],
                    "body": page["body"],
                    "facts": facts,
                    "is_published": bool(page.get("published", True)),
                },
            )
        )
    pages = upsert.sync(Page, page_rows, {(p.slug,): p for p in Page.objects.all()})

    faq_rows, checklist_rows = [], []
    for page in fixtures.pages:
        page_obj = pages[(page["slug"],)]
        for order, entry in enumerate(page["faq"], start=1):
            faq_rows.append(
                (
                    (page_obj.pk, entry["key"]),
                    {
                        "page": page_obj,
                        "key": entry["key"],
                        "order": order,
                        "question": entry["question"],
                        "answer": entry["answer"],
                    },
                )
            )
        for order, checklist in enumerate(page["checklists"], start=1):
            checklist_rows.append(
                (
                    (checklist["key"],),
                    {
                        "key": checklist["key"],
                        "page": page_obj,
                        "title": checklist["title"],
                        "kind": checklist["kind"],
                        "applies_to": checklist.get("applies_to") or "",
                        "intro": checklist.get("intro") or "",
                        "order": order,
                        "is_retired": bool(checklist.get("retired", False)),
                    },
                )
            )
    upsert.sync(
        FrequentQuestion,
        faq_rows,
        {(q.page_id, q.key): q for q in FrequentQuestion.objects.all()},
    )
    checklists = upsert.sync(
        Checklist, checklist_rows, {(c.key,): c for c in Checklist.objects.all()}
    )
    upsert.retire_missing(Checklist.objects.all(), {c.pk for c in checklists.values()})

    item_rows = []
    for page in fixtures.pages:
        for checklist in page["checklists"]:
            checklist_obj = checklists[(checklist["key"],)]
            for order, item in enumerate(checklist["items"], start=1):
                item_rows.append(
                    (
                        (item["key"],),
                        {
                            "key": item["key"],
                            "checklist": checklist_obj,
                            "order": order,
                            "section": item.get("section") or "",
                            "text": item["text"],
                            "detail": item.get("detail") or "",
                            "url": item.get("url") or "",
                            "meta": item.get("meta") or {},
                            "is_retired": bool(item.get("retired", False)),
                        },
                    )
                )
    items = upsert.sync(
        ChecklistItem, item_rows, {(i.key,): i for i in ChecklistItem.objects.all()}
    )
    upsert.retire_missing(ChecklistItem.objects.all(), {i.pk for i in items.values()})
