"""The applications list, written in Python, prints what its template loop printed."""

import datetime as dt

import pytest
from django.template import engines

from apps.curriculum.models import ChecklistItem
from apps.portfolio.markup import with_application_rows
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
    with_application_rows(records)
    expected = engines["django"].from_string(ROWS_TEMPLATE).render({"records": records})
    assert "".join(a.row_html for a in records) == expected
    assert "red</span>" in expected and "research 3/7" in expected
