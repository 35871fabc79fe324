"""The dashboard's rows written in Python (apps.learners.dashboard_rows) against the template
loops they replace, kept here as they were."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone

from apps.checklists.services import item_progress_set, phase_readiness_set
from apps.curriculum.models import ChecklistItem, Phase
from apps.learners import selectors
from tests.factories import make_learner

pytestmark = pytest.mark.django_db

TEMPLATE_LOOPS = {
    "milestones": (
        "{% for m in board.dated.milestones %}\n"
        '          <li><strong>{{ m.title }}</strong> — {% if m.ongoing %}since {{ m.day|date:"j M Y" }}{% elif m.day < board.today %}was due {{ m.day|date:"j M Y" }}: this week{% else %}{{ m.day|date:"j M Y" }}{% endif %}. <span class="muted">{{ m.detail|markdown_inline|striptags|truncatechars:140 }}</span></li>\n'  # noqa: E501
        "        {% endfor %}",
        "{% milestones board.dated.milestones board.today %}",
    ),
    "week": (
        "{% for entry in board.dated.week.entries %}\n"
        """          <li><a href="{% url 'curriculum:page' entry.item.page_slug %}#item-{{ entry.item.key }}">{{ entry.item.text|markdown_inline|striptags }}</a>\n"""  # noqa: E501
        '            <span class="effort">{{ entry.effort_label }} · {{ entry.item.page_title }}{% if entry.when %} · {% if entry.carried %}moved here from {{ entry.when|lower }}{% else %}{{ entry.when }}{% endif %}{% endif %}</span></li>\n'  # noqa: E501
        "        {% endfor %}",
        "{% week_entries board.dated.week.entries %}",
    ),
    "phases": (
        "{% for row_phase, tally, confirmed_at in board.phase_rows %}\n"
        "            <tr>\n"
        '              <th scope="row">{{ row_phase.title }}</th>\n'
        '              <td class="num">{{ tally.done }} / {{ tally.counted }} ({{ tally.percent }}%)</td>\n'  # noqa: E501
        '              <td>{% if confirmed_at %}{{ confirmed_at|date:"j M Y" }}\n'
        """                <form method="post" action="{% url 'checklists:phase_ready' row_phase.key %}" class="inline-form">{% csrf_token %}<input type="hidden" name="confirmed" value="0"><button type="submit" class="link-button">undo<span class="visually-hidden"> readiness for {{ row_phase.title }}</span></button></form>\n"""  # noqa: E501
        "                {% else %}—{% endif %}</td>\n"
        "            </tr>\n"
        "            {% endfor %}",
        "{% phase_rows board.phase_rows %}",
    ),
    "plan": (
        "{% for p in board.plan.phases %}\n"
        '        <tr{% if forloop.counter0 == board.position.phase_index and board.position.started and not board.position.finished %} aria-current="step" class="current"{% endif %}>\n'  # noqa: E501
        '          <th scope="row">{{ p.title }}</th><td>{{ p.start_date|date:"j M Y" }}</td><td>{{ p.end_date|date:"j M Y" }}</td>\n'  # noqa: E501
        "        </tr>\n"
        "        {% endfor %}",
        "{% plan_rows board.plan board.position %}",
    ),
}


def _learners():
    """Learners whose dashboards show every branch: before the start, early and late in the
    plan, behind it (carried items), finished; done and started items; confirmed phases; a
    time zone far from UTC; a phase title that needs escaping."""
    today = dt.date(2026, 11, 28)
    Phase.objects.filter(key=Phase.objects.order_by("order")[1].key).update(
        title='Foundations & "basics" <1>'
    )
    items = [
        item
        for item in ChecklistItem.objects.select_related("checklist").order_by(
            "checklist__page__number", "order"
        )
        if item.checklist.is_tickable
    ][:40]
    learners = []
    for n, (start, hours, zone) in enumerate([
        (today + dt.timedelta(days=20), 10, "UTC"),
        (today - dt.timedelta(days=10), 40, "Pacific/Auckland"),
        (today - dt.timedelta(days=75), 15, "America/Los_Angeles"),
        (today - dt.timedelta(days=200), 20, "Asia/Kolkata"),
        (today - dt.timedelta(days=330), 25, "Europe/Berlin"),
        (today - dt.timedelta(days=900), 40, "UTC"),
    ]):  # fmt: skip
        profile = make_learner(start_date=start, hours_per_week=hours, timezone=zone,
                               bucket="ABCD"[n % 4])  # fmt: skip
        for item in items[n : 30 : n + 2]:
            item_progress_set(
                user=profile.user, item=item, state="done" if n % 2 else "in_progress"
            )
        for phase in Phase.objects.order_by("order")[: n % 4]:
            phase_readiness_set(user=profile.user, phase=phase, confirmed=True)
        learners.append(profile)
    return today, learners


def test_the_rows_are_the_ones_the_template_loops_drew():
    today, learners = _learners()
    branches = set()
    for profile in learners:
        with timezone.override(profile.timezone):
            for day in (today, today + dt.timedelta(days=45), today + dt.timedelta(days=400)):
                board = selectors.learner_dashboard(
                    profile=selectors.learner_profile(user=profile.user), today=day
                )
                context = {"board": board, "csrf_token": "a-token-&-more"}
                for name, (loop, tag) in TEMPLATE_LOOPS.items():
                    expected = Template(loop).render(Context(context))
                    written = Template("{% load dashboard_rows %}" + tag).render(Context(context))
                    assert written == expected, name
                    branches.update(
                        word for word in ("moved here from", "was due", "since", "undo",
                                          "aria-current", "&amp;", "<li>")
                        if word in expected
                    )  # fmt: skip
    # The comparison went through every branch of the loops.
    assert branches == {"moved here from", "was due", "since", "undo", "aria-current", "&amp;",
                        "<li>"}  # fmt: skip
