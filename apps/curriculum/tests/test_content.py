"""The seeded roadmap matches the source text: its counts, its corrections, its keys."""

import pytest

from apps.curriculum.models import (
    Bucket,
    Checklist,
    ChecklistItem,
    DemoralizingMonth,
    FrequentQuestion,
    Page,
    Phase,
    Specialization,
)

pytestmark = pytest.mark.django_db


def item_count(key: str) -> int:
    return ChecklistItem.objects.filter(checklist__key=key).count()


def test_sixteen_pages_in_order_grouped_under_four_phases():
    assert list(Page.objects.values_list("number", flat=True)) == list(range(16))
    assert [p.key for p in Phase.objects.all()] == [
        "foundation",
        "hands-on-ml",
        "specialization-portfolio",
        "job-search",
    ]
    assert all(page.phase_id for page in Page.objects.all())


def test_the_lost_fourth_phase_heading_is_restored():
    job_search = Phase.objects.get(key="job-search")
    assert (job_search.month_start, job_search.month_end) == (10, 12)
    assert job_search.title == "Job search"
    assert job_search.ready_signal_label == "Signal you're ready to ship"
    months = [(p.month_start, p.month_end) for p in Phase.objects.all()]
    assert months == [(1, 2), (3, 5), (6, 9), (10, 12)]


def test_demoralizing_months():
    assert list(DemoralizingMonth.objects.values_list("month", flat=True)) == [2, 6, 10]


def test_buckets_timelines_and_honest_test_rule():
    rows = {
        b.letter: (b.months_min, b.months_max, b.test_min_yes, b.test_max_yes)
        for b in Bucket.objects.all()
    }
    assert rows == {
        "A": (12, 18, 0, 1),
        "B": (9, 12, 2, 2),
        "C": (6, 9, 3, 4),
        "D": (3, 6, 4, 4),
    }
    assert Bucket.objects.get(letter="D").test_needs_training
    assert (
        Bucket.objects.get(letter="A").ai_months_min,
        Bucket.objects.get(letter="A").ai_months_max,
    ) == (4, 6)


def test_six_specializations_with_salaries():
    assert Specialization.objects.count() == 6
    applied = Specialization.objects.get(key="applied-llm")
    assert (applied.salary_early_min_k, applied.salary_early_max_k) == (130, 220)
    research = Specialization.objects.get(key="research")
    assert research.salary_open_ended
    assert research.salary_senior_min_k == 400


@pytest.mark.parametrize(
    ("checklist", "count"),
    [
        ("papers-ten-papers", 10),
        ("interview-top-20", 20),
        ("interview-behavioral-stories", 5),
        ("baseline-git", 6),
        ("public-minimum-footprint", 4),
        ("portfolio-projects", 3),
        ("jobs-red-flags", 10),
        ("jobs-green-flags", 8),
        ("jobs-company-research", 7),
        ("oss-four-week-plan", 16),
        ("papers-five-sentence-note", 5),
        ("next-year-two-focus", 5),
        ("hf-minimum-viable-skill", 5),
        ("tf-engineer-checklist", 5),
    ],
)
def test_major_checklists_have_the_texts_items(checklist, count):
    assert item_count(checklist) == count


def test_baselines_cover_every_subsection():
    python_sections = set(
        ChecklistItem.objects.filter(checklist__key="baseline-python").values_list(
            "section", flat=True
        )
    )
    assert python_sections == {"Language", "Standard library", "Ecosystem", "AI-specific"}
    assert item_count("baseline-python") == 20
    assert item_count("baseline-linux") == 16


def test_math_tiers():
    tiers = list(
        ChecklistItem.objects.filter(checklist__key="math-needs-by-roi")
        .values_list("section", flat=True)
        .distinct()
        .order_by("section")
    )
    assert len(tiers) == 3
    assert item_count("math-needs-by-roi") == 10


def test_polish_standard_has_the_readme_parts_as_items():
    items = ChecklistItem.objects.filter(checklist__key="portfolio-polish-standard")
    assert items.filter(section="README").count() == 6
    assert items.count() == 10


def test_portfolio_slots_carry_the_texts_time_estimates():
    meta = {
        i.meta["slot"]: (i.meta["weeks_min"], i.meta["weeks_max"])
        for i in ChecklistItem.objects.filter(checklist__key="portfolio-projects")
    }
    assert meta == {
        "product-demo": (4, 6),
        "paper-reproduction": (3, 5),
        "oss-contribution": (4, 8),
    }


def test_every_page_has_exactly_one_done_list_and_the_arc_has_faqs():
    for page in Page.objects.all():
        assert page.checklists.filter(kind="done").count() == 1, page.slug
    assert FrequentQuestion.objects.filter(page__number=1).count() == 3


def test_papers_link_to_arxiv():
    for paper in ChecklistItem.objects.filter(checklist__key="papers-ten-papers"):
        assert paper.url.startswith("https://arxiv.org/abs/"), paper.key
        assert paper.meta["arxiv_id"] in paper.url


def test_no_dump_artefacts_survive_in_the_content():
    for page in Page.objects.all():
        for artefact in ("Next:", "Skip to content", "Printing this page", "→\n"):
            assert artefact not in page.body, (page.slug, artefact)
    for checklist in Checklist.objects.all():
        assert checklist.items.exists()
