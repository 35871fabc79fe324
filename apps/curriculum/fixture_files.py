"""Reading and validating the roadmap's YAML fixtures (see fixtures/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .models import ROLE_OF_KIND, STABLE_KEY_PATTERN, ChecklistKind, ChecklistRole, RubricTarget

PLACEHOLDER = re.compile(r"^\[\[(checklist|block):([a-z0-9-]+)\]\]\s*$", re.MULTILINE)
BLOCKS = {
    "phases",
    "demoralizing-months",
    "buckets",
    "honest-test",
    "specializations",
    "specialization-reading",
    "specialization-oss",
    "specialization-year-two",
}
_key = re.compile(STABLE_KEY_PATTERN)


class FixtureError(Exception):
    """The fixtures are inconsistent; the message says where and why."""


@dataclass
class RoadmapFixtures:
    roadmap: dict[str, Any]
    phases: list[dict[str, Any]]
    demoralizing_months: list[dict[str, Any]]
    arc_facts: dict[str, Any]
    buckets: list[dict[str, Any]]
    honest_test: dict[str, Any]
    specializations: list[dict[str, Any]]
    pages: list[dict[str, Any]] = field(default_factory=list)


def _load(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as error:
        raise FixtureError(f"{path}: file is missing") from error
    except yaml.YAMLError as error:
        raise FixtureError(f"{path}: not valid YAML: {error}") from error


def _require(mapping: dict, names: list[str], where: str) -> None:
    missing = [name for name in names if name not in mapping]
    if missing:
        raise FixtureError(f"{where}: missing {', '.join(missing)}")


def _check_key(value: Any, where: str) -> None:
    if not isinstance(value, str) or not _key.match(value):
        raise FixtureError(f"{where}: {value!r} is not a valid stable key")


def load_fixtures(directory: Path) -> RoadmapFixtures:
    roadmap = _load(directory / "roadmap.yaml")
    _require(roadmap, ["title", "intro"], "roadmap.yaml")

    arc = _load(directory / "phases.yaml")
    _require(arc, ["phases", "demoralizing_months"], "phases.yaml")
    for phase in arc["phases"]:
        _check_key(phase.get("key"), "phases.yaml")
        _require(
            phase,
            ["order", "title", "month_start", "month_end", "what_you_do", "feels_like",
             "ready_signal", "ready_signal_label"],
            f"phases.yaml phase {phase['key']}",
        )  # fmt: skip
    arc_facts = {k: v for k, v in arc.items() if k not in {"phases", "demoralizing_months"}}

    people = _load(directory / "buckets.yaml")
    _require(people, ["buckets", "honest_test"], "buckets.yaml")
    for bucket in people["buckets"]:
        _check_key(bucket.get("key"), "buckets.yaml")
    test = people["honest_test"]
    _require(test, ["questions", "training_question"], "buckets.yaml honest_test")
    for question in [*test["questions"], test["training_question"]]:
        _check_key(question.get("key"), "buckets.yaml honest_test")

    specializations = _load(directory / "specializations.yaml")["specializations"]
    for specialization in specializations:
        _check_key(specialization.get("key"), "specializations.yaml")

    fixtures = RoadmapFixtures(
        roadmap=roadmap,
        phases=arc["phases"],
        demoralizing_months=arc["demoralizing_months"],
        arc_facts=arc_facts,
        buckets=people["buckets"],
        honest_test=test,
        specializations=specializations,
    )
    for path in sorted((directory / "pages").glob("*.yaml")):
        fixtures.pages.append(_validated_page(_load(path), path.name))
    _check_cross_references(fixtures)
    return fixtures


def _validated_page(page: dict[str, Any], where: str) -> dict[str, Any]:
    _require(page, ["slug", "number", "title", "phase", "summary", "body"], where)
    _check_key(page["slug"], where)
    checklists = page.setdefault("checklists", [])
    page.setdefault("faq", [])
    faq_keys = [entry.get("key") for entry in page["faq"]]
    for faq_key in faq_keys:
        _check_key(faq_key, f"{where} faq")
    if len(set(faq_keys)) != len(faq_keys):
        raise FixtureError(f"{where}: duplicate FAQ keys")

    placed = [name for kind, name in PLACEHOLDER.findall(page["body"]) if kind == "checklist"]
    for kind, name in PLACEHOLDER.findall(page["body"]):
        if kind == "block" and name not in BLOCKS:
            raise FixtureError(f"{where}: unknown block [[block:{name}]]")
    own = {checklist.get("key") for checklist in checklists}
    for name in placed:
        if name not in own:
            raise FixtureError(f"{where}: [[checklist:{name}]] is not a checklist of this page")

    done_lists = [c for c in checklists if c.get("kind") == ChecklistKind.DONE]
    if len(done_lists) != 1:
        raise FixtureError(f"{where}: needs exactly one checklist of kind 'done'")
    for checklist in checklists:
        label = f"{where} checklist {checklist.get('key')!r}"
        _check_key(checklist.get("key"), label)
        _require(checklist, ["title", "kind", "items"], label)
        if checklist["kind"] not in ChecklistKind.values:
            raise FixtureError(f"{label}: unknown kind {checklist['kind']!r}")
        rubric = ROLE_OF_KIND[checklist["kind"]] == ChecklistRole.RUBRIC
        target = checklist.get("applies_to")
        if rubric and target not in RubricTarget.values:
            raise FixtureError(f"{label}: a rubric needs applies_to, one of "
                               + ", ".join(RubricTarget.values))  # fmt: skip
        if not rubric and target:
            raise FixtureError(f"{label}: only rubrics (standard, flags) have applies_to")
        if checklist["kind"] != ChecklistKind.DONE and placed.count(checklist["key"]) != 1:
            raise FixtureError(f"{label}: must be placed by exactly one [[checklist:…]] line")
        if not checklist["items"]:
            raise FixtureError(f"{label}: has no items")
        for item in checklist["items"]:
            _check_key(item.get("key"), label)
            _require(item, ["text"], f"{label} item {item.get('key')}")
    return page


def _check_cross_references(fixtures: RoadmapFixtures) -> None:
    phase_keys = {phase["key"] for phase in fixtures.phases}
    numbers = [page["number"] for page in fixtures.pages]
    if len(set(numbers)) != len(numbers):
        raise FixtureError("pages: two pages share a number")
    for page in fixtures.pages:
        if page["phase"] not in phase_keys:
            raise FixtureError(f"page {page['slug']}: unknown phase {page['phase']!r}")
    for label, keys in [
        ("page slugs", [page["slug"] for page in fixtures.pages]),
        ("checklist keys", [c["key"] for p in fixtures.pages for c in p["checklists"]]),
        (
            "item keys",
            [i["key"] for p in fixtures.pages for c in p["checklists"] for i in c["items"]],
        ),
        ("phase keys", [phase["key"] for phase in fixtures.phases]),
        ("bucket keys", [bucket["key"] for bucket in fixtures.buckets]),
        ("specialization keys", [s["key"] for s in fixtures.specializations]),
    ]:
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise FixtureError(f"duplicate {label}: {', '.join(duplicates)}")
