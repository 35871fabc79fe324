"""The mentor's repeated rows written in Python are byte for byte what the templates wrote.

Each reference below is the template loop the page used before, rendered by Django's
template engine from the same data."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone

from apps.checklists.models import ProgressEvent
from apps.checklists.selectors import roadmap_items
from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.mentoring import fragments, people, selectors
from apps.mentoring.models import MentorProfile, Review, ReviewState
from apps.portfolio.models import Project
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db

INBOX_LOOP = """{% load people %}{% for r in reviews %}
        <tr><th scope="row"><a href="{% if r.item_id %}{% url 'mentoring:mentee' r.mentorship.learner_id %}?review={{ r.item.key }}#item-{{ r.item.key }}{% else %}{% url 'mentoring:review' r.pk %}{% endif %}">{{ r.subject|markdown_inline|striptags|truncatechars:90 }}</a></th>
        <td>{{ r.mentorship.learner|person }}</td><td>{{ r.get_state_display }}</td><td>{{ r.state_since|timesince:now }}</td></tr>
      {% endfor %}"""  # noqa: E501

COHORT_LOOP = """{% for m in mentees %}
        <tr{% if m.needs_attention %} class="row-stuck"{% endif %}>
          <th scope="row"><a href="{% url 'mentoring:mentee' m.mentorship.learner_id %}">{{ m.name }}</a><br><span class="muted">{{ m.phase }}{% if m.months %} · month {{ m.month }} of {{ m.months }}{% endif %}</span></th>
          {% for cell in m.cells %}<td class="cell heat-{{ cell.heat }}">{{ cell.percent }}%<span class="visually-hidden"> of {{ cell.phase.title }}: {{ cell.done }} of {{ cell.counted }} done</span></td>{% endfor %}
          <td class="num">{{ m.percent }}%</td>
          <td>{% if m.pace %}<span class="pace{% if m.pace.behind %} pace-behind{% endif %}">{{ m.pace.label }}</span>{% else %}—{% endif %}</td>
          <td>{% if m.last_activity %}<time datetime="{{ m.last_activity|date:'Y-m-d' }}">{{ m.last_activity|date:"j M Y" }}</time>{% else %}never{% endif %}</td>
          <td class="attention">{% if m.reasons %}{{ m.reasons|join:"; " }}{% else %}—{% endif %}</td>
        </tr>
      {% endfor %}"""  # noqa: E501


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def items_with_markup(count: int) -> list[ChecklistItem]:
    """Items whose text has Markdown, entities or more than 90 characters."""
    found = [
        item
        for item in ChecklistItem.objects.order_by("pk")
        if "`" in item.text or "[" in item.text or "&" in item.text or len(item.text) > 90
    ]
    assert len(found) >= count
    return found[:count]


def test_the_inbox_rows_are_the_templates(settings):
    mentor = make_user()
    now = timezone.now()
    ada = make_mentorship(make_learner(display_name="Ada <b>\"&'"), mentor)
    nameless = make_mentorship(make_user(email="no.profile@example.com"), mentor)
    mentor_only = make_user(email="mentor.only@example.com")
    MentorProfile.objects.create(user=mentor_only, display_name="Mo & Co")
    other = make_mentorship(mentor_only, mentor)
    items = items_with_markup(4)
    ages = [dt.timedelta(minutes=3), dt.timedelta(days=40, hours=5), dt.timedelta(days=400),
            dt.timedelta(minutes=-5)]  # fmt: skip
    for mentorship, item, age, state in zip(
        [ada, nameless, other, ada], items, ages,
        [ReviewState.REQUESTED, ReviewState.RESUBMITTED, ReviewState.REQUESTED,
         ReviewState.RESUBMITTED], strict=True,
    ):  # fmt: skip
        Review.objects.create(mentorship=mentorship, item=item, state=state, state_since=now - age)
    project = Project.objects.create(user=ada.learner, title="Demo \"<x>\" & 'y' " + "z" * 100)
    Review.objects.create(mentorship=ada, project=project, state=ReviewState.REQUESTED,
                          state_since=now - dt.timedelta(hours=30))  # fmt: skip
    # Not waiting on this mentor: left out of both.
    Review.objects.create(mentorship=ada, item=ChecklistItem.objects.get(key="baseline-git-stash"),
                          state=ReviewState.CHANGES_REQUESTED)  # fmt: skip

    reviews = list(
        Review.objects.filter(mentorship__mentor=mentor, state__in=["requested", "resubmitted"])
        .select_related("item", "project", *people.related("mentorship__learner"))
        .order_by("state_since")
    )
    expected = render(INBOX_LOOP, reviews=reviews, now=now)
    written = fragments.inbox_rows(selectors.inbox(mentor=mentor), now=now)
    assert written == expected
    assert written.count("<tr>") == 5 and "no.profile</td>" in written
    assert "Mo &amp; Co" in written and "0\xa0minutes" in written


def test_the_cohort_rows_are_the_templates():
    mentor = make_user()
    today = dt.date.today()
    fine = make_mentorship(make_learner(display_name="Ana <i>"), mentor)
    behind = make_mentorship(
        make_learner(display_name="Cy & co", start_date=today - dt.timedelta(days=150)), mentor
    )
    make_mentorship(make_user(), mentor)  # not onboarded: no plan, no activity
    waiting = make_mentorship(make_learner(display_name="Ben"), mentor)
    for mentorship in [fine, behind, waiting]:
        for item in roadmap_items().order_by("pk")[:3]:
            item_progress_set(user=mentorship.learner, item=item, state="done")
    Review.objects.create(mentorship=waiting, item=roadmap_items().order_by("pk").first(),
                          state=ReviewState.REQUESTED)  # fmt: skip
    # Late in the evening, UTC: already the next day in Auckland.
    late = timezone.now().replace(hour=23, minute=30) - dt.timedelta(days=20)
    ProgressEvent.objects.filter(user=fine.learner).update(at=late)

    for zone in ["UTC", "Pacific/Auckland"]:
        with timezone.override(zone):
            rows = selectors.mentees(mentor=mentor, today=today)
            written = fragments.cohort_rows(rows)
            assert written == render(COHORT_LOOP, mentees=rows)
    assert 'class="row-stuck"' in written and "Not onboarded" in written
    assert "Cy &amp; co" in written and "weeks behind plan" in written
