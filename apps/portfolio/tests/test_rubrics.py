"""Rubrics applied to records: the verdicts, the funnel split and the migration that carries
old roadmap ticks onto records."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps

from apps.checklists.models import ItemProgress, ItemState
from apps.curriculum.models import ChecklistItem
from apps.portfolio import rubrics
from apps.portfolio.funnel import MIN_APPLICATIONS_FOR_SPLIT, replies_by_verdict
from apps.portfolio.models import Application, Project, PublicFootprint
from tests.factories import make_user

DAY = dt.date(2026, 11, 2)
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("red", "green", "research", "label"),
    [
        (0, 0, 0, "not checked yet"),
        (0, 1, 0, "apply"),
        (0, 0, 4, "apply"),
        (0, 0, 3, "apply with care"),
        (1, 0, 0, "skip: 1 red flag"),
        (1, 3, 0, "apply with care"),
        (1, 0, 4, "apply with care"),
        (2, 8, 7, "skip: 2 red flags"),
        (5, 0, 0, "skip: 5 red flags"),
    ],
)
def test_application_verdict_follows_the_texts_rule(red, green, research, label):
    verdict = rubrics.application_verdict(red=red, green=green, research=research)
    assert verdict.label == label


def test_paper_project_and_footprint_verdicts():
    assert rubrics.paper_verdict(tells=0, red_flags=0).code == "unchecked"
    assert rubrics.paper_verdict(tells=5, red_flags=0).label == "solid"
    assert rubrics.paper_verdict(tells=5, red_flags=1).code == "mixed"
    assert rubrics.paper_verdict(tells=1, red_flags=3).label == "shaky: 3 red flags"
    assert rubrics.project_verdict(strengths=4, strengths_total=4, killers=0).label == "strong"
    assert rubrics.project_verdict(strengths=2, strengths_total=4, killers=0).label == (
        "2 of 4 strengths"
    )
    assert rubrics.project_verdict(strengths=4, strengths_total=4, killers=1).code == "at-risk"
    assert rubrics.footprint_verdict(places=3, total=3).code == "consistent"
    assert rubrics.footprint_verdict(places=1, total=3).label == "the same three in 1 of 3 places"


def _application(red=0, green=0, research=0, replied=False):
    return SimpleNamespace(
        stage="replied" if replied else "applied", replied_on=None, first_round_on=None,
        final_round_on=None, offer_on=None,
        verdict=rubrics.application_verdict(red=red, green=green, research=research),
    )  # fmt: skip


def test_replies_split_by_verdict_only_from_ten_applications():
    few = [_application(green=1)] * (MIN_APPLICATIONS_FOR_SPLIT - 1)
    assert replies_by_verdict(few) is None
    many = (
        [_application(green=1, replied=True)] * 4
        + [_application(green=1)] * 2
        + [_application(red=2)] * 4
    )
    split = replies_by_verdict(many)
    rows = {row.code: row for row in split.rows}
    assert split.total == 10
    assert (rows["apply"].applications, rows["apply"].replies) == (6, 4)
    assert rows["apply"].rate == 66.7
    assert (rows["skip"].applications, rows["skip"].replies, rows["skip"].rate) == (4, 0, 0.0)
    assert "care" not in rows  # no empty groups


def test_every_rubric_field_points_at_a_rubric_checklist():
    for specs in rubrics.RUBRIC_FIELDS.values():
        for _, checklist, section, _ in specs:
            if checklist:
                items = ChecklistItem.objects.filter(checklist__key=checklist)
                if section:
                    items = items.filter(section=section)
                assert items.exists(), (checklist, section)
                assert items.first().checklist.role == "rubric"
    for strengths, killers in rubrics.PROJECT_TYPE_RUBRICS.values():
        assert ChecklistItem.objects.filter(checklist__key=strengths).exists()
        assert ChecklistItem.objects.filter(checklist__key=killers).exists()


def test_the_migration_carries_old_ticks_to_the_one_record_they_mean():
    carry = importlib.import_module(
        "apps.portfolio.migrations.0003_carry_rubric_ticks_to_records"
    ).carry_ticks
    user, other = make_user(), make_user()
    demo = Project.objects.create(user=user, slot="product-demo", title="D", summary="s")
    offer = Application.objects.create(user=user, company="A", role="r", applied_on=DAY,
                                       stage="offer", offer_on=DAY)  # fmt: skip
    applied = Application.objects.create(user=user, company="B", role="r", applied_on=DAY)
    keys = {
        "strength": ChecklistItem.objects.filter(checklist__key="portfolio-demo-strengths")[0],
        "three": ChecklistItem.objects.filter(checklist__key="portfolio-same-three-everywhere")[0],
        "nego": ChecklistItem.objects.filter(checklist__key="interview-negotiation-steps")[0],
        "red": ChecklistItem.objects.filter(checklist__key="jobs-red-flags")[0],
    }
    for item in keys.values():
        ItemProgress.objects.create(user=user, item=item, state=ItemState.DONE)
    ItemProgress.objects.create(user=other, item=keys["three"], state=ItemState.IN_PROGRESS)
    before = ItemProgress.objects.count()

    carry(django_apps, None)

    demo.refresh_from_db(), offer.refresh_from_db(), applied.refresh_from_db()
    assert demo.strength_keys == [keys["strength"].key]
    assert offer.negotiation_keys == [keys["nego"].key]
    assert applied.negotiation_keys == [] and applied.red_flag_keys == []  # ambiguous: left
    assert PublicFootprint.objects.get(user=user).same_three_keys == [keys["three"].key]
    assert not PublicFootprint.objects.filter(user=other).exists()  # not done, not carried
    assert ItemProgress.objects.count() == before  # every row kept
    carry(django_apps, None)  # idempotent
    demo.refresh_from_db()
    assert demo.strength_keys == [keys["strength"].key]
