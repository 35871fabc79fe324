"""export_roadmap writes the content back to fixtures/ deterministically."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.curriculum import models
from apps.curriculum.fixture_export import export_roadmap
from apps.curriculum.services import roadmap_seed

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    models.ChecklistItem, models.Checklist, models.FrequentQuestion, models.Page,
    models.RecommendedProject, models.Specialization, models.Phase, models.Bucket,
    models.HonestTestQuestion, models.DemoralizingMonth, models.RoadmapInfo,
]  # fmt: skip


def content() -> dict:
    """Every content row by its stable identity, without database ids."""
    dump = {}
    for model in CONTENT_MODELS:
        fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        rows = []
        for obj in model.objects.all():
            row = {name: getattr(obj, name) for name in fields}
            for field in model._meta.concrete_fields:
                if field.is_relation and not field.primary_key:
                    target = getattr(obj, field.name)
                    row[field.attname] = getattr(target, "key", None) or target.slug
            rows.append(row)
        dump[model.__name__] = sorted(rows, key=repr)
    return dump


def files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*.yaml"))
    }


def test_the_committed_fixtures_are_the_canonical_export(tmp_path):
    export_roadmap(directory=tmp_path)
    assert files(tmp_path) == files(settings.FIXTURES_DIR)


def test_export_then_seed_into_an_empty_database_gives_identical_content(tmp_path):
    models.ChecklistItem.objects.filter(key="papers-dpo").update(text="Edited in the admin")
    before = content()
    export_roadmap(directory=tmp_path)
    for model in CONTENT_MODELS:
        model.objects.all().delete()
    assert models.Page.objects.count() == 0

    roadmap_seed(fixtures_dir=tmp_path)
    assert content() == before


def test_an_edit_changes_one_line_of_one_file(tmp_path):
    export_roadmap(directory=tmp_path)
    original = files(tmp_path)
    models.ChecklistItem.objects.filter(key="papers-dpo").update(text="DPO, reworded")
    export_roadmap(directory=tmp_path)
    changed = {name for name, data in files(tmp_path).items() if data != original[name]}
    assert changed == {"pages/08-reading-papers.yaml"}
    old = original["pages/08-reading-papers.yaml"].decode().splitlines()
    new = (tmp_path / "pages/08-reading-papers.yaml").read_text().splitlines()
    assert len(old) == len(new)
    differing = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(differing) == 1
    assert differing[0][1].strip() == "text: DPO, reworded"


def test_renumbered_pages_leave_no_stale_file(tmp_path):
    export_roadmap(directory=tmp_path)
    models.Page.objects.filter(slug="the-next-12-months").update(number=99)
    export_roadmap(directory=tmp_path)
    names = set(files(tmp_path))
    assert "pages/99-the-next-12-months.yaml" in names
    assert "pages/15-the-next-12-months.yaml" not in names


def test_retired_and_unpublished_content_survives_the_round_trip(tmp_path):
    models.ChecklistItem.objects.filter(key="papers-dpo").update(is_retired=True)
    models.Page.objects.filter(slug="ml-mental-model").update(is_published=False)
    export_roadmap(directory=tmp_path)
    report = roadmap_seed(fixtures_dir=tmp_path, update=True)
    assert not report.changed
    text = (tmp_path / "pages/04-ml-mental-model.yaml").read_text()
    assert "published: false" in text


def test_export_command(tmp_path, capsys):
    call_command("export_roadmap", to=tmp_path)
    assert "Wrote 20 files" in capsys.readouterr().out
