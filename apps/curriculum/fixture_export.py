"""Writing the roadmap's content back to fixtures/ as YAML, deterministically: the same
content always gives the same bytes, so a git diff shows just the edit."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .models import (
    Bucket,
    Checklist,
    ChecklistItem,
    DemoralizingMonth,
    FrequentQuestion,
    HonestTestQuestion,
    Page,
    Phase,
    RoadmapInfo,
    Specialization,
)
from .services import ROADMAP_KEY


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent lists under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, indent=2
    )


def _without_empty(mapping: dict[str, Any], keep: set[str] = frozenset()) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k in keep or v not in ("", None, {}, [], False)}


def _roadmap() -> dict[str, Any]:
    info = RoadmapInfo.objects.get(key=ROADMAP_KEY)
    return {"title": info.title, "tagline": info.tagline, "intro": info.intro}


def _phases(info: RoadmapInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "phases": [
            {
                "key": p.key,
                "order": p.order,
                "title": p.title,
                "month_start": p.month_start,
                "month_end": p.month_end,
                "what_you_do": p.what_you_do,
                "feels_like": p.feels_like,
                "ready_signal": p.ready_signal,
                "ready_signal_label": p.ready_signal_label,
            }  # fmt: skip
            for p in Phase.objects.order_by("order")
        ],
        "demoralizing_months": [
            {"month": m.month, "thought": m.thought, "advice": m.advice}
            for m in DemoralizingMonth.objects.order_by("month")
        ],
    }
    data.update({k: v for k, v in info.facts.items() if k != "honest_test"})
    return data


def _buckets(info: RoadmapInfo) -> dict[str, Any]:
    questions = list(HonestTestQuestion.objects.order_by("order"))
    training = next(q for q in questions if q.is_training_question)
    test = info.facts.get("honest_test", {})
    return {
        "buckets": [
            {
                "key": b.key,
                "letter": b.letter,
                "title": b.title,
                "description": b.description,
                "reality": b.reality,
                "months_min": b.months_min,
                "months_max": b.months_max,
                "ai_months_min": b.ai_months_min,
                "ai_months_max": b.ai_months_max,
                "start_with": b.start_with,
                "test_min_yes": b.test_min_yes,
                "test_max_yes": b.test_max_yes,
                "test_needs_training": b.test_needs_training,
                "test_note": b.test_note,
            }  # fmt: skip
            for b in Bucket.objects.order_by("letter")
        ],
        "honest_test": {
            "intro": test.get("intro", ""),
            "questions": [
                {"key": q.key, "text": q.text} for q in questions if not q.is_training_question
            ],
            "training_question": {"key": training.key, "text": training.text},
            "scoring": test.get("scoring", ""),
        },
    }


def _specializations() -> dict[str, Any]:
    fields = [
        "key", "order", "title", "short_title", "day_to_day", "skills", "salary_early",
        "salary_senior", "salary_early_min_k", "salary_early_max_k", "salary_senior_min_k",
        "salary_senior_max_k", "salary_open_ended", "hiring_outlook", "break_in",
        "background_fit", "reading", "papers_per_month", "year_two_focus",
    ]  # fmt: skip
    result = []
    for s in Specialization.objects.prefetch_related("oss_projects").order_by("order"):
        entry = {name: getattr(s, name) for name in fields}
        entry["oss_projects"] = [
            {"repo": p.repo, "note": p.note} for p in s.oss_projects.order_by("order")
        ]
        result.append(entry)
    return {"specializations": result}


def _page(page: Page, faqs: list, checklists: list, items: dict[int, list]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": page.slug, "number": page.number, "title": page.title,
        "phase": page.phase.key, "summary": page.summary, "body": page.body,
    }  # fmt: skip
    if not page.is_published:
        data["published"] = False
    data.update(page.facts)
    data["faq"] = [{"key": q.key, "question": q.question, "answer": q.answer} for q in faqs]
    data["checklists"] = [
        _without_empty(
            {
                "key": c.key,
                "title": c.title,
                "kind": c.kind,
                "applies_to": c.applies_to,
                "intro": c.intro,
                "retired": c.is_retired,
                "items": [
                    _without_empty(
                        {
                            "key": i.key,
                            "text": i.text,
                            "section": i.section,
                            "detail": i.detail,
                            "url": i.url,
                            "meta": i.meta,
                            "retired": i.is_retired,
                        },
                        keep={"key", "text"},
                    )
                    for i in items.get(c.pk, [])
                ],
            },
            keep={"key", "title", "kind", "items"},
        )  # fmt: skip
        for c in checklists
    ]
    return data


def export_roadmap(*, directory: Path) -> list[Path]:
    """Write every fixture file into ``directory`` (replacing the pages/ folder, so renamed
    or renumbered pages leave no stale file). Returns the files written."""
    info = RoadmapInfo.objects.get(key=ROADMAP_KEY)
    files: dict[str, str] = {
        "roadmap.yaml": _dump(_roadmap()),
        "phases.yaml": _dump(_phases(info)),
        "buckets.yaml": _dump(_buckets(info)),
        "specializations.yaml": _dump(_specializations()),
    }
    faqs: dict[int, list] = {}
    for q in FrequentQuestion.objects.order_by("page_id", "order"):
        faqs.setdefault(q.page_id, []).append(q)
    checklists: dict[int, list] = {}
    for c in Checklist.objects.order_by("page_id", "order"):
        checklists.setdefault(c.page_id, []).append(c)
    items: dict[int, list] = {}
    for i in ChecklistItem.objects.order_by("checklist_id", "order"):
        items.setdefault(i.checklist_id, []).append(i)
    for page in Page.objects.select_related("phase").order_by("number"):
        data = _page(page, faqs.get(page.pk, []), checklists.get(page.pk, []), items)
        files[f"pages/{page.number:02d}-{page.slug}.yaml"] = _dump(data)

    # Write into a fresh folder first, then swap: a failure never leaves half an export.
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".export-"))
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        shutil.rmtree(directory / "pages", ignore_errors=True)
        for name in files:
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / name).replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [directory / name for name in files]
