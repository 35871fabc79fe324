"""The applications list and the funnel, written in Python, print what their templates
printed."""

import datetime as dt

import pytest
from django.template import engines

from apps.curriculum.models import ChecklistItem
from apps.portfolio import selectors
from apps.portfolio.funnel import funnel
from apps.portfolio.markup import application_rows_html
from apps.portfolio.models import Application
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROWS_TEMPLATE = """{% for a in records %}
    <tr><th scope="row"><a href="{% url 'portfolio:edit' 'applications' a.pk %}">{{ a.role }} at {{ a.company }}</a></th><td>{{ a.get_stage_display }}</td><td>{{ a.applied_on|date:"j M Y" }}</td><td>{{ a.salary_band|default:"not posted" }}</td>
    <td>{% include "includes/verdict.html" with verdict=a.verdict %} {% if a.red_flag_keys %}<span class="badge badge-warn">{{ a.red_flag_keys|length }} red</span>{% endif %} {% if a.green_flag_keys %}<span class="badge badge-ok">{{ a.green_flag_keys|length }} green</span>{% endif %}{% if a.research_keys %} <span class="badge">research {{ a.research_keys|length }}/7</span>{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501


def test_application_rows_are_the_template_loops_markup():
    user = make_user()
    keys = list(ChecklistItem.objects.values_list("key", flat=True)[:3])
    variants = [
        {"company": "Acme & <Co>", "role": 'ML "engineer"', "stage": "applied"},
        {"company": "Globex", "role": "r", "stage": "first_round", "salary_band": "€90–110k",
         "red_flag_keys": keys[:2], "green_flag_keys": keys[:1], "research_keys": keys},
        {"company": "Initech", "role": "r", "stage": "offer", "green_flag_keys": keys[:2]},
        {"company": "Umbrella", "role": "r", "stage": "rejected", "research_keys": keys[:1]},
    ]  # fmt: skip
    for day, fields in enumerate(variants, start=1):
        Application.objects.create(user=user, applied_on=dt.date(2026, 3, day), **fields)
    records = list(Application.objects.filter(user=user))
    expected = engines["django"].from_string(ROWS_TEMPLATE).render({"records": records})
    assert application_rows_html(records) == expected
    # The rows the list reads (not whole applications) print the same.
    assert application_rows_html(selectors.application_rows(user=user)) == expected
    assert "red</span>" in expected and "research 3/7" in expected


# includes/funnel_svg.html, which the funnel's figure replaced.
FUNNEL_TEMPLATE = """{# The job-search funnel: wide beside a desktop's text, narrow (labels above bars) on a phone; counts at the right edge, clear of the dashed typical-rate boxes. #}
<figure class="chart-figure">
  {% with wide=funnel narrow=funnel.narrow %}
  <svg viewBox="0 0 {{ wide.width }} {{ wide.height }}" role="img" aria-labelledby="funnel-title funnel-desc" class="funnel chart-wide">
    <title id="funnel-title">Your job-search funnel beside the text's typical rates</title>
    <desc id="funnel-desc">{{ funnel.summary }}</desc>
    {% for row in wide.rows %}
    <g>
      <text x="0" y="{{ row.y|add:18 }}" class="chart-label funnel-label">{{ row.label }}</text>
      <rect x="{{ wide.label_width }}" y="{{ row.y|add:5 }}" width="{{ row.width }}" height="16" class="bar"><title>{{ row.label }}: {{ row.count }} ({{ row.rate }}%)</title></rect>
      {% if row.text_x_min is not None %}<rect x="{{ row.text_x_min }}" y="{{ row.y }}" width="{{ row.text_width }}" height="26" class="typical"><title>Typical: {{ row.text_min }}-{{ row.text_max }}%</title></rect>{% endif %}
      <text x="{{ wide.width }}" y="{{ row.y|add:18 }}" text-anchor="end" class="chart-label funnel-count">{{ row.count }} · {{ row.rate }}%</text>
    </g>
    {% endfor %}
  </svg>
  {% if narrow %}
  <svg viewBox="0 0 {{ narrow.width }} {{ narrow.height }}" role="img" aria-labelledby="funnel-narrow-title funnel-desc" class="funnel chart-narrow">
    <title id="funnel-narrow-title">Your job-search funnel beside the text's typical rates</title>
    {% for row in narrow.rows %}
    <g>
      <text x="0" y="{{ row.y|add:-6 }}" class="chart-label funnel-label">{{ row.label }}</text>
      <rect x="0" y="{{ row.y|add:5 }}" width="{{ row.width }}" height="16" class="bar"></rect>
      {% if row.text_x_min is not None %}<rect x="{{ row.text_x_min }}" y="{{ row.y }}" width="{{ row.text_width }}" height="26" class="typical"></rect>{% endif %}
      <text x="{{ narrow.width }}" y="{{ row.y|add:18 }}" text-anchor="end" class="chart-label funnel-count">{{ row.count }} · {{ row.rate }}%</text>
    </g>
    {% endfor %}
  </svg>
  {% endif %}
  {% endwith %}
  <figcaption>{{ funnel.summary }} Dashed boxes: the text's typical rates for 2025-2026 entry-level applicants (10-20% replies, 5-10% first rounds, 1-3% offers).</figcaption>
</figure>
"""  # noqa: E501
APPLICATION_MATH = {"reply_rate_min": 10, "reply_rate_max": 20, "first_round_rate_min": 5,
                    "first_round_rate_max": 10, "offer_rate_min": 1, "offer_rate_max": 3}  # fmt: skip


@pytest.mark.parametrize("count", [0, 1, 3, 17, 1234])
@pytest.mark.parametrize("math", [APPLICATION_MATH, {}, {"reply_rate_min": 12.5, "reply_rate_max": 20.25}])
def test_the_funnel_figure_is_the_templates_markup(count, math):
    stages = ["applied", "replied", "first_round", "final_round", "offer", "rejected"]
    applications = [
        Application(stage=stages[i % 6], final_round_on=dt.date(2026, 3, 1) if i % 7 == 0 else None)
        for i in range(count)
    ]
    chart = funnel(applications, math)
    expected = engines["django"].from_string(FUNNEL_TEMPLATE).render({"funnel": chart})
    assert chart.svg() == expected
    assert f"{count} application" in expected
