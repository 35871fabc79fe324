import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.checklists import selectors, services
from apps.checklists.charts import active_weeks, heatmap, hours_chart
from apps.checklists.content import roadmap_content
from apps.checklists.models import ItemProgress, ItemState
from apps.curriculum.models import DO_KINDS, Checklist, ChecklistItem, Page, Phase
from tests.factories import make_checklist, make_user

pytestmark = pytest.mark.django_db


def test_tally_leaves_not_applicable_out_of_the_denominator():
    tally = selectors.Tally()
    for state in ["done", "done", "not_applicable", "in_progress", "not_started"]:
        tally.add(state)
    assert (tally.done, tally.counted, tally.in_progress, tally.percent) == (2, 4, 1, 50)
    assert not tally.complete
    assert selectors.Tally().percent == 0 and not selectors.Tally().complete


def test_progress_arithmetic_with_retired_and_not_applicable_items():
    user = make_user()
    git = Checklist.objects.get(key="baseline-git")
    items = list(git.items.order_by("order"))
    services.item_progress_set(user=user, item=items[0], state=ItemState.DONE)
    services.item_progress_set(user=user, item=items[1], state=ItemState.DONE)
    services.item_progress_set(user=user, item=items[2], state=ItemState.NOT_APPLICABLE)
    # A retired item keeps its progress but leaves every figure.
    items[1].is_retired = True
    items[1].save()

    progress = selectors.roadmap_progress(user=user)
    tally = progress.checklists[git.pk]
    assert (tally.done, tally.counted) == (1, 4)
    assert progress.pages[git.page_id].done == 1
    assert progress.phases[git.page.phase_id].done == 1
    total = (
        ChecklistItem.objects.active()
        .filter(checklist__is_retired=False, checklist__kind__in=DO_KINDS)
        .count()
    )
    assert progress.overall.counted == total - 1  # the not-applicable item


def test_another_learners_progress_never_counts():
    me, them = make_user(), make_user()
    target = ChecklistItem.objects.get(key="papers-dpo")
    services.item_progress_set(user=them, item=target, state=ItemState.DONE)
    assert selectors.roadmap_progress(user=me).overall.done == 0
    assert selectors.roadmap_progress(user=them).overall.done == 1


def test_page_is_complete_when_its_done_list_is_and_resume_moves_on():
    user = make_user()
    first = Page.objects.get(number=0)
    progress = selectors.roadmap_progress(user=user)
    resume = selectors.resume_point(progress=progress)
    assert resume.page == first
    done_items = list(first.checklists.get(kind="done").items.order_by("order"))
    assert resume.item == done_items[0]
    for entry in done_items:
        services.item_progress_set(user=user, item=entry, state=ItemState.DONE)
    progress = selectors.roadmap_progress(user=user)
    assert progress.done_lists[first.pk].complete
    assert selectors.resume_point(progress=progress).page.number == 1


def test_roadmap_progress_is_one_query_whatever_the_size(django_assert_num_queries):
    user = make_user()
    page = Page.objects.get(slug="ml-mental-model")
    for _ in range(10):
        checklist = make_checklist(page=page, items=20)
        for entry in checklist.items.all()[:5]:
            services.item_progress_set(user=user, item=entry, state=ItemState.DONE)
    content = roadmap_content()  # the roadmap's items: once per content revision, shared
    with django_assert_num_queries(1):  # the learner's rows
        progress = selectors.roadmap_progress(user=user, content=content)
    assert progress.overall.done == 50
    with django_assert_num_queries(2):  # the revision, to find the content, and the rows
        assert selectors.roadmap_progress(user=user).overall.done == 50


def test_overview_filters_by_phase_and_state():
    user = make_user()
    services.item_progress_set(
        user=user, item=ChecklistItem.objects.get(key="papers-dpo"), state=ItemState.IN_PROGRESS
    )
    foundation = selectors.progress_overview(user=user, phase_key="foundation")
    assert {row.checklist.page.phase.key for row in foundation["rows"]} == {"foundation"}
    in_progress = selectors.progress_overview(user=user, state=ItemState.IN_PROGRESS)
    assert [row.checklist.key for row in in_progress["rows"]] == ["papers-ten-papers"]
    assert [i.key for i in in_progress["rows"][0].items] == ["papers-dpo"]


def test_heatmap_covers_a_year_and_counts_active_weeks():
    today = dt.date(2026, 11, 28)
    activity = {today: 3, today - dt.timedelta(days=8): 1, today - dt.timedelta(days=200): 12}
    picture = heatmap(activity, today)
    assert picture.active_days == 3 and picture.total_changes == 16
    assert picture.cells[-1].day == today
    assert picture.cells[0].day.weekday() == 0
    assert {c.colour for c in picture.cells if c.changes == 12} == {"#216e39"}
    assert "3 active days" in picture.summary
    active, weeks = active_weeks(activity, {dt.date(2026, 11, 9)}, today)
    assert (active, weeks) == (3, 12)


def test_hours_chart_against_the_plan():
    today = dt.date(2026, 11, 28)
    chart = hours_chart(
        {dt.date(2026, 11, 23): Decimal("20"), dt.date(2026, 11, 16): Decimal("10")}, 15, today
    )
    assert len(chart.bars) == 12
    assert chart.bars[-1].hours == Decimal("20")
    assert chart.bars[-1].height > chart.bars[-2].height
    assert "2 weeks logged, 1 at or above plan" in chart.summary
    assert chart.planned_y < chart.baseline


def test_confirmed_phases():
    user = make_user()
    phase = Phase.objects.get(key="foundation")
    services.phase_readiness_set(user=user, phase=phase, confirmed=True)
    assert list(selectors.confirmed_phases(user=user)) == [phase.pk]


def test_ticking_every_thing_to_do_is_100_percent_everywhere():
    user = make_user()
    ItemProgress.objects.bulk_create(
        ItemProgress(user=user, item=item, state=ItemState.DONE)
        for item in selectors.roadmap_items()
    )
    progress = selectors.roadmap_progress(user=user)
    assert progress.overall.percent == 100 and progress.overall.complete
    assert all(t.percent == 100 for t in progress.phases.values())
    assert all(t.percent == 100 for t in progress.pages.values())
    assert len(progress.pages) == Page.objects.published().count()
    # The anti-goals ("Get a PhD.") were never needed for it.
    phd = ChecklistItem.objects.get(checklist__key="arc-not-on-the-list", text__contains="PhD")
    assert phd.pk not in progress.states


def test_ticking_only_rubrics_and_pitfalls_is_0_percent():
    user = make_user()
    not_to_do = ChecklistItem.objects.active().exclude(checklist__kind__in=DO_KINDS)
    assert not_to_do.filter(checklist__kind="avoid").exists()
    assert not_to_do.filter(checklist__kind__in=["standard", "flags"]).exists()
    # Rows as an older version of the app left them: kept, but no longer progress.
    ItemProgress.objects.bulk_create(
        ItemProgress(user=user, item=item, state=ItemState.DONE) for item in not_to_do
    )
    progress = selectors.roadmap_progress(user=user)
    assert progress.overall.done == 0 and progress.overall.percent == 0
    assert all(t.done == 0 for t in progress.phases.values())
    assert all(t.done == 0 for t in progress.pages.values())
    assert ItemProgress.objects.filter(user=user).count() == not_to_do.count()


@pytest.mark.parametrize(
    "key", ["arc-not-on-the-list", "jobs-red-flags", "interview-negotiation-steps"]
)
def test_rubrics_and_pitfalls_cannot_be_ticked_done(key):
    user = make_user()
    item = ChecklistItem.objects.filter(checklist__key=key).first()
    with pytest.raises(ValidationError):
        services.item_progress_set(user=user, item=item, state=ItemState.DONE)
    assert not ItemProgress.objects.filter(user=user).exists()


# The heatmap as the template drew it, cell by cell: the SVG built in Python must match it.
TEMPLATE_HEATMAP = (
    '<svg viewBox="0 0 {{ map.width }} {{ map.height }}" width="{{ map.width }}" height="{{ map.height }}" role="img" aria-labelledby="heatmap-title heatmap-desc" class="heatmap">\n'
    '    <title id="heatmap-title">Your activity over the last year</title>\n'
    '    <desc id="heatmap-desc">{{ map.summary }}</desc>\n'
    '    {% for x, label in map.months %}<text x="{{ x }}" y="12" class="chart-label">{{ label }}</text>{% endfor %}\n'
    '    <text x="0" y="40" class="chart-label">Mon</text>\n'
    '    <text x="0" y="85" class="chart-label">Thu</text>\n'
    '    <text x="0" y="115" class="chart-label">Sun</text>\n'
    '    {% for cell in map.cells %}<rect x="{{ cell.x }}" y="{{ cell.y }}" width="12" height="12" rx="2" fill="{{ cell.colour }}"><title>{{ cell.day|date:"D j M Y" }}: {{ cell.changes }} change{{ cell.changes|pluralize }}</title></rect>{% endfor %}\n'
    "  </svg>"
)


def test_the_heatmap_svg_is_the_one_the_template_drew():
    from django.template import Context, Template

    today = dt.date(2026, 3, 1)
    activity = {today - dt.timedelta(days=n): n % 13 for n in range(0, 400, 3)}
    picture = heatmap(activity, today)
    assert picture.svg == Template(TEMPLATE_HEATMAP).render(Context({"map": picture}))
