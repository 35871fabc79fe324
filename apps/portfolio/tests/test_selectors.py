import datetime as dt

import pytest
from django.db.models import Count

from apps.curriculum.models import ChecklistItem
from apps.portfolio import selectors
from apps.portfolio.models import (
    Application,
    Contribution,
    PaperRead,
    PolishCheck,
    Project,
    PublicFootprint,
    PublicPost,
)
from tests.factories import make_learner

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 14)  # a Thursday


def _pace_by_the_orm(user, today):
    """The reading pace as the ORM's queries count it (what the written-out query replaced)."""
    monday = today - dt.timedelta(days=today.weekday())
    week = PaperRead.objects.filter(user=user, read_on__gte=monday, read_on__lte=today)
    counts = dict(week.values("mode").annotate(n=Count("id")).values_list("mode", "n"))
    ten = PaperRead.objects.filter(user=user, paper__isnull=False).values("paper").distinct()
    return selectors.PaperPace(counts.get("deep", 0), counts.get("skim", 0),
                               ten_read=ten.count())  # fmt: skip


def _cadence_by_the_orm(user, today):
    posts = PublicPost.objects.filter(user=user)
    last = posts.order_by("-published_on").values_list("published_on", flat=True).first()
    recent = posts.filter(published_on__gte=today - dt.timedelta(weeks=8)).count()
    days = (today - last).days if last else None
    return selectors.Cadence(last, days, days is not None and days <= 14, recent)


def _busy_learner():
    """A learner with records of every kind, on both sides of every date boundary, and a
    second learner whose records must never count."""
    user = make_learner().user
    other = make_learner().user
    papers = list(ChecklistItem.objects.filter(checklist__key="papers-ten-papers")[:2])
    assert len(papers) == 2
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    for owner in (user, other):
        for day, mode, paper in [
            (monday, "deep", papers[0]),
            (monday - dt.timedelta(days=1), "deep", papers[0]),  # last week
            (TODAY, "skim", papers[-1]),
            (TODAY, "skim", None),
            (TODAY + dt.timedelta(days=1), "deep", None),  # after today
        ]:
            PaperRead.objects.create(user=owner, title="A paper", mode=mode, read_on=day,
                                     paper=paper)  # fmt: skip
        Contribution.objects.create(user=owner, repository="a/b", pr_url="https://x.dev/1",
                                    state="merged", opened_on=TODAY, merged_on=TODAY)  # fmt: skip
        Contribution.objects.create(user=owner, repository="a/b", pr_url="https://x.dev/2",
                                    opened_on=TODAY)  # fmt: skip
        for days_ago in (3, 56, 57, 90):
            PublicPost.objects.create(user=owner, title="Post", url="https://x.dev",
                                      published_on=TODAY - dt.timedelta(days=days_ago))  # fmt: skip
        for stage, dates in [
            ("applied", {}),
            ("rejected", {"replied_on": TODAY}),
            ("rejected", {"first_round_on": TODAY, "final_round_on": TODAY}),
            ("offer", {}),
            ("withdrawn", {"offer_on": TODAY}),
        ]:
            Application.objects.create(user=owner, company="Acme", role="r", stage=stage,
                                       applied_on=TODAY, **dates)  # fmt: skip
    polish = ChecklistItem.objects.filter(checklist__key=selectors.POLISH_CHECKLIST)[:2]
    for n, (slot, pinned) in enumerate([("product-demo", True), ("extra", False),
                                        ("extra", True)]):  # fmt: skip
        project = Project.objects.create(user=user, slot=slot, title=f"P{n}", summary="s",
                                         pinned=pinned, strength_keys=["a"] * n,
                                         risk_keys=["b"] if n == 1 else [])  # fmt: skip
        if n == 0:
            for item in polish:
                PolishCheck.objects.create(project=project, item=item)
    places = [key for _, key, _ in selectors.portfolio_content().places]
    PublicFootprint.objects.create(user=user, same_three_keys=places[:2])
    return user


@pytest.mark.parametrize("busy", [True, False])
def test_the_overview_reads_what_each_selector_reads(busy):
    user = _busy_learner() if busy else make_learner().user
    found = selectors.overview(user=user, today=TODAY)
    projects = selectors.with_project_verdicts(selectors.projects(user=user))
    assert [(p.pk, p.title, p.polish_done, p.verdict) for p in found.projects] == [
        (p.pk, p.title, p.polish_done, p.verdict) for p in projects
    ]
    assert found.pace == selectors.paper_pace(user=user, today=TODAY) == _pace_by_the_orm(
        user, TODAY
    )
    assert found.cadence == selectors.posting_cadence(user=user, today=TODAY)
    assert found.cadence == _cadence_by_the_orm(user, TODAY)
    assert found.merged == Contribution.objects.filter(user=user, state="merged").count()
    assert found.funnel == selectors.job_funnel(user=user)
    expected = selectors.footprint(user=user, all_projects=projects)  # as the page passed them
    assert found.footprint.record.same_three_keys == expected.record.same_three_keys
    assert found.footprint.record.pk == expected.record.pk
    assert [(p.key, p.has_it) for p in found.footprint.places] == [
        (p.key, p.has_it) for p in expected.places
    ]
    assert [p.pk for p in found.footprint.pinned] == [p.pk for p in expected.pinned]
    assert found.footprint.verdict == expected.verdict
    if busy:
        assert found.pace == selectors.PaperPace(1, 2, ten_read=2) and found.merged == 1
        assert found.cadence.posts_last_8_weeks == 2 and found.cadence.days_since == 3
        assert [row.count for row in found.funnel.rows] == [5, 4, 3, 3, 2]
        assert [p.pk for p in found.footprint.pinned] == [
            p.pk for p in found.projects if p.pinned
        ] and len(found.footprint.pinned) == 2


def test_the_overview_is_one_round_trip(django_assert_num_queries):
    user = _busy_learner()
    selectors.portfolio_content()  # the text's part, once per revision
    # The content revision (read on each call outside a request) and the learner's rows.
    with django_assert_num_queries(2):
        selectors.overview(user=user, today=TODAY)


def test_the_application_rows_are_the_applications_as_the_list_reads_them():
    user = _busy_learner()
    Application.objects.create(user=user, company="Acme", role="r", stage="replied",
                               applied_on=TODAY, red_flag_keys=["a", "b"],
                               green_flag_keys=["c"], research_keys=["d", "e", "f"])  # fmt: skip
    rows = selectors.application_rows(user=user)
    applications = list(Application.objects.filter(user=user))
    assert len(rows) == len(applications) == 6
    for row, application in zip(rows, applications, strict=True):
        for name in row._fields:
            assert getattr(row, name) == getattr(application, name), name
        assert row.verdict == application.verdict
        assert row.get_stage_display() == application.get_stage_display()
    assert selectors.job_funnel(user=user, applications=rows) == selectors.job_funnel(user=user)
    for n in range(5):  # ten and more: replies split by verdict
        Application.objects.create(user=user, company=f"C{n}", role="r", stage="applied",
                                   applied_on=TODAY, red_flag_keys=["a"] * n)  # fmt: skip
    rows = selectors.application_rows(user=user)
    split = selectors.verdict_split(applications=list(Application.objects.filter(user=user)))
    assert split is not None and selectors.verdict_split(applications=rows) == split
    assert selectors.application_rows(user=make_learner().user) == []
