"""The progress overview's rows and history lines, written in Python, print exactly what the
template loops they replaced printed."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import timezone

from apps.checklists import selectors, services
from apps.checklists.charts import hours_chart
from apps.checklists.models import ItemState, ProgressEvent
from apps.curriculum.models import Checklist, ChecklistItem, Page, Phase
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# The loops as templates/checklists/overview.html had them.
ROWS_TEMPLATE = """{% for row in rows %}
        <tr>
          <th scope="row"><a href="{{ row.checklist.page.get_absolute_url }}#checklist-{{ row.checklist.key }}">{{ row.checklist.title }}</a></th>
          <td>{{ row.checklist.page.number_label }} · {{ row.checklist.page.title }}</td>
          <td class="num">{{ row.tally.done }} / {{ row.tally.counted }}</td>
          <td><progress max="{{ row.tally.counted }}" value="{{ row.tally.done }}" aria-label="{{ row.checklist.title }}: {{ row.tally.percent }}%"></progress>
            {% if row.tally.done or row.tally.in_progress %}<a class="muted small-link" href="{% url 'checklists:reset' %}?checklist={{ row.checklist.key }}">reset<span class="visually-hidden"> {{ row.checklist.title }}</span></a>{% endif %}</td>
        </tr>
        {% if state %}
        <tr class="item-rows"><td colspan="4"><ul>{% for item in row.items %}<li><a href="{{ row.checklist.page.get_absolute_url }}#item-{{ item.key }}">{{ item.text|markdown_inline }}</a></li>{% endfor %}</ul></td></tr>
        {% endif %}
        {% endfor %}"""  # noqa: E501
HISTORY_TEMPLATE = """{% for event in history %}
      <li><time datetime="{{ event.at|date:'Y-m-d\\TH:i:sO' }}">{{ event.at|date:"j M Y, H:i" }}</time> ·
        {% if event.kind == "state" %}{{ event.item.text|markdown_inline|striptags|truncatechars:70 }}: {{ event.from_label|default:"—" }} → <strong>{{ event.to_label }}</strong>
        {% elif event.kind == "reset" %}Reset {% if event.detail.checklist %}a checklist{% else %}everything{% endif %} ({{ event.detail.items }} item{{ event.detail.items|pluralize }})
        {% elif event.page %}{{ event.get_kind_display }}: {{ event.page.title }}
        {% elif event.phase %}{{ event.get_kind_display }}: {{ event.phase.title }}{% endif %}</li>
    {% endfor %}"""  # noqa: E501


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("zone", ["UTC", "America/St_Johns", "Asia/Kolkata"])
@pytest.mark.parametrize("state", ["", ItemState.IN_PROGRESS, ItemState.DONE])
def test_overview_rows_and_history_are_the_template_loops_markup(zone, state):
    user = make_user()
    git = Checklist.objects.get(key="baseline-git")
    first, second, third = git.items.order_by("order")[:3]
    services.item_progress_set(user=user, item=third, state=ItemState.DONE)
    services.progress_reset(user=user)
    services.item_progress_set(user=user, item=first, state=ItemState.DONE)
    services.item_progress_set(user=user, item=second, state=ItemState.IN_PROGRESS)
    services.item_progress_set(user=user, item=third, state=ItemState.NOT_APPLICABLE)
    services.item_progress_set(
        user=user, item=ChecklistItem.objects.get(key="papers-dpo"), state=ItemState.IN_PROGRESS
    )
    services.progress_reset(user=user, checklist=git)
    services.item_progress_set(user=user, item=first, state=ItemState.DONE)
    services.page_read_set(user=user, page=Page.objects.get(slug="ml-mental-model"), read=True)
    services.phase_readiness_set(user=user, phase=Phase.objects.first(), confirmed=True)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        data = selectors.progress_overview(user=user, state=state)
        assert data["rows"] and len(data["history"]) >= 8
        assert "".join(row.html for row in data["rows"]) == _render(
            ROWS_TEMPLATE, rows=data["rows"], state=state
        )
        events = list(ProgressEvent.objects.filter(user=user).select_related("item", "page", "phase"))
        assert "".join(line.html for line in data["history"]) == _render(
            HISTORY_TEMPLATE, history=events[:20]
        )


# templates/includes/hours_chart.html, which HoursChart.svg replaced.
HOURS_CHART_TEMPLATE = """<figure class="chart-figure">
  <div class="chart-scroll" tabindex="0" role="region" aria-label="Hours per week (scrolls sideways on small screens)">
  <svg viewBox="0 0 {{ chart.width }} {{ chart.height }}" role="img" aria-labelledby="hours-title hours-desc" class="hours-chart">
    <title id="hours-title">Hours per week against your plan</title>
    <desc id="hours-desc">{{ chart.summary }}</desc>
    <line x1="40" x2="{{ chart.width }}" y1="{{ chart.baseline }}" y2="{{ chart.baseline }}" class="axis"></line>
    {% for bar in chart.bars %}
    <g>
      {% if bar.hours is not None %}<rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar.width }}" height="{{ bar.height }}" class="bar{% if bar.hours >= chart.planned %} bar-met{% endif %}"><title>Week of {{ bar.label }}: {{ bar.hours }} hours</title></rect>{% endif %}
      <text x="{{ bar.x|add:8 }}" y="{{ chart.baseline|add:16 }}" class="chart-label" text-anchor="middle">{{ bar.label }}</text>
    </g>
    {% endfor %}
    {% if chart.planned %}
    <line x1="40" x2="{{ chart.width }}" y1="{{ chart.planned_y }}" y2="{{ chart.planned_y }}" class="planned-line"></line>
    <text x="36" y="{{ chart.planned_y|add:4 }}" text-anchor="end" class="chart-label">{{ chart.planned }} h</text>
    {% endif %}
  </svg>
  </div>
  <figcaption>{{ chart.summary }} The dashed line is your planned {{ chart.planned }} hours a week.</figcaption>
</figure>
"""  # noqa: E501


@pytest.mark.parametrize("planned", [15, 0])
def test_the_hours_chart_is_the_templates_markup(planned):
    today = dt.date(2026, 11, 28)
    monday = today - dt.timedelta(days=today.weekday())
    hours = {monday: Decimal("12.50"), monday - dt.timedelta(weeks=3): Decimal("20"),
             monday - dt.timedelta(weeks=5): Decimal("0.25")}  # fmt: skip
    for by_week in ({}, hours):
        chart = hours_chart(by_week, planned, today)
        assert chart.svg == _render(HOURS_CHART_TEMPLATE, chart=chart)


CHECK_IN_ROWS_TEMPLATE = (
    '{% for entry in entries %}<tr><th scope="row">{{ entry.week_start|date:"j M Y" }}</th>'
    '<td class="num">{{ entry.hours }}</td><td>{{ entry.reflection|linebreaksbr }}</td></tr>'
    "{% endfor %}"
)


def test_check_in_rows_are_the_ones_the_template_loop_printed():
    user = make_user()
    monday = dt.date(2026, 11, 23)
    reflections = ["", "Steady.", 'Tired <b>&</b> "slow"\nbut on track.\r\nOK', "a\n\nb", "x" * 300]
    for n, (hours, reflection) in enumerate(zip(
        [Decimal("0"), Decimal("0.5"), Decimal("12"), Decimal("168.0"), Decimal("20.5")],
        reflections, strict=True,
    )):  # fmt: skip
        services.weekly_check_in_save(user=user, week_start=monday - dt.timedelta(weeks=n),
                                      hours=hours, reflection=reflection)  # fmt: skip
    entries = selectors.check_ins(user=user, since=monday - dt.timedelta(weeks=12))
    assert [e.week_start for e in entries] == [monday - dt.timedelta(weeks=n) for n in range(5)]
    expected = engines["django"].from_string(CHECK_IN_ROWS_TEMPLATE).render({"entries": entries})
    written = engines["django"].from_string(
        "{% load checklist_rows %}{{ entries|check_in_rows }}"
    ).render({"entries": entries})
    assert written == expected
    assert "<br>" in written and "&lt;b&gt;&amp;&lt;/b&gt;" in written and "0.5" in written
