import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from apps.curriculum.fixture_files import FixtureError, load_fixtures
from apps.curriculum.models import (
    Bucket,
    Checklist,
    ChecklistItem,
    DemoralizingMonth,
    FrequentQuestion,
    HonestTestQuestion,
    Page,
    Phase,
    RecommendedProject,
    Specialization,
)
from apps.curriculum.services import roadmap_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures_copy(tmp_path) -> Path:
    target = tmp_path / "roadmap"
    shutil.copytree(settings.FIXTURES_DIR, target)
    return target


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in [Page, Checklist, ChecklistItem, FrequentQuestion, Phase, Bucket]
    }


def test_the_session_seed_loaded_the_whole_roadmap():
    assert Page.objects.count() == 16
    assert list(Page.objects.values_list("number", flat=True)) == list(range(16))
    assert Phase.objects.count() == 4
    assert Bucket.objects.count() == 4
    assert Specialization.objects.count() == 6
    assert DemoralizingMonth.objects.count() == 3


def test_seeding_again_changes_nothing_and_says_so():
    before = snapshot()
    report = roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    assert not report.changed
    assert report.lines() == ["Nothing to do: the roadmap content is up to date."]
    assert snapshot() == before
    assert not roadmap_seed(fixtures_dir=settings.FIXTURES_DIR, update=True).changed


def test_seed_creates_only_what_is_missing_and_keeps_edits():
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    item.text = "Edited by a content editor"
    item.save()
    ChecklistItem.objects.filter(key="papers-dpo").delete()

    report = roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)

    assert report.created == {"checklist items": 1}
    assert ChecklistItem.objects.filter(key="papers-dpo").exists()
    item.refresh_from_db()
    assert item.text == "Edited by a content editor"


def test_update_rewrites_content_in_place_keeping_rows(fixtures_copy):
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    moved = ChecklistItem.objects.get(key="baseline-git-gitignore")

    def change(page):
        git = next(c for c in page["checklists"] if c["key"] == "baseline-git")
        git["items"][0]["text"] = "Reworded"
        entry = next(i for i in git["items"] if i["key"] == "baseline-git-gitignore")
        git["items"].remove(entry)
        python = next(c for c in page["checklists"] if c["key"] == "baseline-python")
        python["items"].insert(0, entry)

    edit_yaml(fixtures_copy / "pages" / "03-python-linux-baseline.yaml", change)
    report = roadmap_seed(fixtures_dir=fixtures_copy, update=True)

    assert report.updated["checklist items"] >= 2
    first = ChecklistItem.objects.get(checklist__key="baseline-git", order=1)
    assert first.text == "Reworded"
    moved_after = ChecklistItem.objects.get(key="baseline-git-gitignore")
    assert moved_after.pk == moved.pk
    assert moved_after.checklist.key == "baseline-python"
    assert moved_after.order == 1
    item.refresh_from_db()  # untouched rows keep their identity
    assert item.pk == ChecklistItem.objects.get(key="baseline-git-stash").pk


def test_update_retires_what_the_fixtures_dropped_and_deletes_nothing(fixtures_copy):
    def drop(page):
        papers = next(c for c in page["checklists"] if c["key"] == "papers-ten-papers")
        papers["items"] = [i for i in papers["items"] if i["key"] != "papers-dpo"]

    edit_yaml(fixtures_copy / "pages" / "08-reading-papers.yaml", drop)
    count = ChecklistItem.objects.count()
    report = roadmap_seed(fixtures_dir=fixtures_copy, update=True)

    assert report.retired == {"checklist items": 1}
    assert ChecklistItem.objects.count() == count
    assert ChecklistItem.objects.get(key="papers-dpo").is_retired


def test_default_seed_never_retires(fixtures_copy):
    edit_yaml(
        fixtures_copy / "pages" / "08-reading-papers.yaml",
        lambda page: page["checklists"][0]["items"].pop(),
    )
    assert not roadmap_seed(fixtures_dir=fixtures_copy).changed


def test_invalid_fixtures_are_refused_with_the_reason_and_nothing_is_written(fixtures_copy):
    def duplicate_item_key(page):
        items = page["checklists"][0]["items"]
        items[1]["key"] = items[0]["key"]

    edit_yaml(fixtures_copy / "pages" / "02-math-you-actually-need.yaml", duplicate_item_key)
    with pytest.raises(FixtureError, match="duplicate item keys"):
        roadmap_seed(fixtures_dir=fixtures_copy)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["body"].__class__, None),
        (lambda p: p.update(body=p["body"] + "\n[[block:nonsense]]\n"), "unknown block"),
        (lambda p: p.update(body=p["body"] + "\n[[checklist:elsewhere]]\n"), "not a checklist"),
        (lambda p: p["checklists"].pop(), "exactly one checklist of kind 'done'"),
        (lambda p: p.update(slug="Not A Key"), "not a valid stable key"),
        (lambda p: p.update(phase="nowhere"), "unknown phase"),
    ],
)
def test_fixture_validation(fixtures_copy, change, message):
    edit_yaml(fixtures_copy / "pages" / "01-the-12-month-arc.yaml", change)
    if message is None:
        load_fixtures(fixtures_copy)  # an unchanged copy is valid
        return
    with pytest.raises(FixtureError, match=message):
        load_fixtures(fixtures_copy)


def test_seed_command_reports(capsys):
    from django.core.management import call_command

    call_command("seed_roadmap")
    assert "Nothing to do" in capsys.readouterr().out


def test_seed_command_turns_invalid_fixtures_into_a_clear_error(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="roadmap.yaml: file is missing"):
        call_command("seed_roadmap", fixtures=tmp_path)


def test_recommended_projects_follow_the_text():
    repos = list(
        RecommendedProject.objects.filter(specialization__key="inference-serving").values_list(
            "repo", flat=True
        )
    )
    assert repos == [
        "vllm-project/vllm",
        "huggingface/text-generation-inference",
        "ollama/ollama",
        "ggerganov/llama.cpp",
        "sgl-project/sglang",
    ]
    assert not RecommendedProject.objects.filter(specialization__key="research").exists()
    assert HonestTestQuestion.objects.filter(is_training_question=False).count() == 4
