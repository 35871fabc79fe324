"""The mentor's repeated rows written in Python are byte for byte what the templates wrote.

Each reference below is the template loop the page used before, rendered by Django's
template engine from the same data."""

import datetime as dt
from dataclasses import replace

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from apps.checklists.models import ItemProgress, ProgressEvent
from apps.checklists.selectors import roadmap_items
from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.mentoring import fragments, people, selectors
from apps.mentoring.mentee import latest_reviews, mentee_page
from apps.mentoring.models import MentorProfile, Review, ReviewComment, ReviewState
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
    # Rows kept from the first call, with the time they have waited written afresh.
    later = now + dt.timedelta(days=3, minutes=7)
    assert fragments.inbox_rows(selectors.inbox(mentor=mentor), now=later) == render(
        INBOX_LOOP, reviews=reviews, now=later
    )


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

    # The rows, and their HTML, are kept from one call to the next: each zone writes its own.
    for zone in ["UTC", "Pacific/Auckland", "UTC"]:
        with timezone.override(zone):
            rows = selectors.mentees(mentor=mentor, today=today)
            written = fragments.cohort_rows(rows)
            assert written == render(COHORT_LOOP, mentees=rows)
    assert 'class="row-stuck"' in written and "Not onboarded" in written
    assert "Cy &amp; co" in written and "weeks behind plan" in written


# The mentee page's checklist as its template wrote it, each row by the ``item_row`` partial.
CHECKLIST_LOOP = """{% for phase in page.phases %}
      <details class="mentee-phase" id="phase-{{ phase.phase.key }}"{% if page.filter or phase.current %} open{% endif %}>
        <summary>
          <span class="mentee-phase-title">{{ phase.phase.title }}</span>{% if phase.current %} <span class="badge">now</span>{% endif %}
          <span class="muted">{% if phase.planned %}{{ phase.planned.start_date|date:"j M Y" }} – {{ phase.planned.end_date|date:"j M Y" }}{% else %}{{ phase.phase.months_label }}{% endif %}</span>
          <span class="mentee-bar"><progress max="{{ phase.tally.counted }}" value="{{ phase.tally.done }}" aria-label="{{ phase.phase.title }}: progress"></progress> {{ phase.tally.done }} of {{ phase.tally.counted }}</span>
        </summary>
        {% for block in phase.pages %}
        <details class="mentee-page"{% if page.filter or phase.current %} open{% endif %}>
          <summary>
            <span>{{ block.page.number_label }} · {{ block.page.title }}</span>
            <span class="mentee-bar"><progress max="{{ block.tally.counted }}" value="{{ block.tally.done }}" aria-label="{{ block.page.title }}: progress"></progress> {{ block.tally.done }} of {{ block.tally.counted }}</span>
          </summary>
          {% for list in block.checklists %}
          <details class="mentee-list" open>
            <summary>
              <span>{{ list.checklist.title }}</span>
              <span class="mentee-bar"><progress max="{{ list.tally.counted }}" value="{{ list.tally.done }}" aria-label="{{ list.checklist.title }}: progress"></progress> {{ list.tally.done }} of {{ list.tally.counted }}</span>
            </summary>
            <ul class="mentee-items">
              {% for row in list.rows %}
              {{ row.reference }}
              {% endfor %}
            </ul>
          </details>
          {% endfor %}
        </details>
        {% endfor %}
      </details>
      {% endfor %}"""  # noqa: E501


def partial_row(row, mentorship) -> str:
    return get_template("mentoring/mentee.html#item_row").render(
        {"row": row, "mentorship": mentorship}
    )


def varied_mentee():
    """A mentee sharing notes, with items in every state and reviews in every state."""
    learner = make_learner(display_name="Lin", start_date=dt.date.today() - dt.timedelta(days=90))
    mentorship = make_mentorship(learner, make_user(), shares_notes=True)
    user = mentorship.learner
    items = list(roadmap_items().order_by("pk")[:12])
    states = ["done", "done", "done", "done", "done", "in_progress", "in_progress",
              "not_applicable", "done", "done"]  # fmt: skip
    for item, state in zip(items, states, strict=False):
        item_progress_set(user=user, item=item, state=state)
    item_progress_set(user=user, item=items[0], note="Line one\n<b>two</b> & 'three' – 👍",
                      evidence_url="https://example.com/a?b=1&c=\"2\"")  # fmt: skip
    ItemProgress.objects.filter(user=user, item=items[5]).update(
        started_at=timezone.now() - dt.timedelta(weeks=5)
    )
    ItemProgress.objects.filter(user=user, item=items[0]).update(
        done_at=timezone.now().replace(hour=23, minute=50) - dt.timedelta(days=3)
    )
    reviews = [
        Review.objects.create(mentorship=mentorship, item=items[1], state=state)
        for state in [ReviewState.REQUESTED]
    ] + [
        Review.objects.create(mentorship=mentorship, item=item, state=state)
        for item, state in [(items[2], ReviewState.CHANGES_REQUESTED),
                            (items[3], ReviewState.APPROVED), (items[4], ReviewState.WITHDRAWN),
                            (items[8], ReviewState.RESUBMITTED)]
    ]  # fmt: skip
    for review, count in zip(reviews, [1, 2, 0, 1, 3], strict=True):
        for n in range(count):
            ReviewComment.objects.create(review=review, author=user, body=f"c{n}",
                                         state=review.state)  # fmt: skip
    return mentorship, items


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_the_mentee_checklist_is_the_templates(zone):
    mentorship, items = varied_mentee()
    unplanned = make_mentorship(make_user(), mentorship.mentor)  # no plan: months, not dates
    with timezone.override(zone):
        for case, filter, focus in [
            (mentorship, "", ""), (mentorship, "unreviewed", ""), (mentorship, "changes", ""),
            (mentorship, "stalled", items[2].key), (mentorship, "", items[1].key),
            (unplanned, "", ""),
        ]:  # fmt: skip
            page = mentee_page(mentorship=case, today=dt.date.today(), filter=filter,
                               focus=focus)  # fmt: skip
            rows = [row for phase in page.phases for block in phase.pages
                    for checklist in block.checklists for row in checklist.rows]  # fmt: skip
            full = latest_reviews(mentorship=case)  # as the page read them before
            for row in rows:
                row.reference = partial_row(replace(row, review=full.get(row.item.pk)), case)
            expected = render(CHECKLIST_LOOP, page=page)
            pieces = fragments.mentee_checklist(page)
            written = "".join(
                html + (partial_row(row, case) if row else "") for html, row in pieces
            )
            assert written == expected, (filter, focus)
            assert sum(1 for _, row in pieces if row) == (1 if focus else 0)
    page = mentee_page(mentorship=mentorship, today=dt.date.today())
    html = fragments.mentee_checklist(page)[0][0]
    assert "<br>&lt;b&gt;two&lt;/b&gt; &amp; &#x27;three&#x27; – 👍" in html
    assert "2 comments" in html and "1 comment<" in html and 'class="review-open"' in html


@pytest.mark.parametrize("shares", [(True, True, True), (True, False, True), (False, True, False)])
def test_the_shared_records_are_the_templates(shares):
    from apps.portfolio.models import Application, PaperRead
    from apps.portfolio.selectors import shared_records

    learner = make_learner().user
    for n in range(2):
        Application.objects.create(
            user=learner, company=f"Co <{n}> & sons", role="ML 'eng'", applied_on=dt.date.today(),
            red_flag_keys=["jobs-red-buzzword-salad", "jobs-red-no-stack-mentioned"][: n + 1],
        )  # fmt: skip
        PaperRead.objects.create(user=learner, title=f"*Attention* `{n}` & <b>you</b>",
                                 read_on=dt.date(2026, 1, 5 + n),
                                 red_flag_keys=["papers-red-flag-one-seed"] * n)  # fmt: skip
    Project.objects.create(user=learner, slot="product-demo", title="Demo <x>", summary="s & t",
                           strength_keys=["portfolio-demo-live"])  # fmt: skip
    portfolio, papers, job_search = shares
    for empty in [False, True]:
        if empty:  # each kind shared, none recorded yet
            for model in [Application, PaperRead, Project]:
                model.objects.filter(user=learner).delete()
        shared = shared_records(learner=learner, portfolio=portfolio, papers=papers,
                                job_search=job_search)  # fmt: skip
        expected = get_template("includes/shared_records.html").render({"shared": shared})
        assert fragments.shared_records(shared) == expected


def test_the_spliced_pages_are_what_their_templates_write(client):
    """The mentor's pages put their large fragments in after the template has rendered: the
    bytes are those the template writes with the fragments in it. A learner's text that
    looks like a placeholder is only text."""
    import re

    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    mentorship, items = varied_mentee()
    ItemProgress.objects.filter(user=mentorship.learner, item=items[0]).update(
        note="<!--0123456789abcdef0123456789abcdef:0--> and <!--x:1-->"
    )
    client.force_login(mentorship.mentor)
    url = reverse("mentoring:mentee", args=[mentorship.learner_id]) + f"?review={items[1].key}"
    response = client.get(url)
    names = ["mentorship", "page", "shared_records", "shared", "notes"]
    context = {name: response.context[name] for name in names}
    context["checklist"] = fragments.mentee_checklist(context["page"])
    context["head"] = fragments.mentee_head(context["page"])
    context["plan_panel"] = fragments.mentee_plan(context["page"])
    content = render_to_string("mentoring/mentee.html#content", context, response.wsgi_request)
    expected = render_to_string("mentoring/mentee.html", {
        "mentorship": context["mentorship"], "content": mark_safe(content),  # noqa: S308
    }, response.wsgi_request)  # fmt: skip

    def masked(html):  # a CSRF token is masked afresh on every use
        return re.sub(r'(csrfmiddlewaretoken" value="|"x-csrftoken": ")[^"]+', r"\1", html)

    written = response.content.decode()
    assert masked(written) == masked(expected)
    assert f'id="review-body-{items[1].key}"' in written  # the open row, with its form
    assert "&lt;!--x:1--&gt;" in written and "<!--" not in written.split("<body")[1]


def test_since_is_djangos_timesince():
    """The inbox's "Waiting" column: the same text as ``|timesince`` for any two times —
    month ends, leap years, other time zones, the future, the same instant."""
    import random
    import zoneinfo

    from django.utils.timesince import timesince

    since = fragments.since_maker()
    rng = random.Random(16)
    zones = [dt.UTC, zoneinfo.ZoneInfo("Pacific/Auckland"), zoneinfo.ZoneInfo("America/New_York")]
    base = dt.datetime(2024, 1, 31, 23, 59, 30, tzinfo=dt.UTC)
    spans = [60, 3600, 86400, 86400 * 40, 86400 * 800]
    for _ in range(4000):
        now = base + dt.timedelta(seconds=rng.randrange(0, 86400 * 800))
        then = now - dt.timedelta(seconds=rng.randrange(-600, rng.choice(spans)),
                                  microseconds=rng.randrange(0, 10**6))  # fmt: skip
        then = then.astimezone(rng.choice(zones))
        assert since(then, now) == timesince(then, now), (then, now)
    for days in range(0, 400):  # every day of a year, from month ends
        then = dt.datetime(2023, 1, 31, 12, tzinfo=dt.UTC) + dt.timedelta(days=days)
        now = then + dt.timedelta(days=days, hours=days % 24)
        assert since(then, now) == timesince(then, now)
    assert since(base, base) == timesince(base, base) == "0\xa0minutes"


def test_the_shared_records_are_the_learners_records():
    """Papers and applications are read for the mentor by a query written out: the same
    records, in the same order, with the fields a mentor sees as the ORM reads them, keys
    that are not a list included."""
    from apps.portfolio.models import Application, PaperRead
    from apps.portfolio.selectors import shared_records

    learner = make_learner().user
    for n in range(3):
        Application.objects.create(
            user=learner, company=f"Co {n}", role="Eng", applied_on=dt.date(2026, 1, 5 + n % 2),
            stage="replied", red_flag_keys=["jobs-red-buzzword-salad"] * n,
            green_flag_keys={"odd": n} if n == 2 else [], research_keys=[1, "x"],
        )  # fmt: skip
        PaperRead.objects.create(user=learner, title=f"P{n}", read_on=dt.date(2026, 2, 1 + n % 2),
                                 mode="deep", tell_keys=["papers-tell-code"] * n)  # fmt: skip
    shared = shared_records(learner=learner, portfolio=False, papers=True, job_search=True)
    for name, model, fields in [
        ("applications", Application, ["company", "role", "stage", "red_flag_keys",
                                       "green_flag_keys", "research_keys", "take_home_keys",
                                       "negotiation_keys"]),
        ("papers", PaperRead, ["title", "mode", "read_on", "tell_keys", "red_flag_keys"]),
    ]:  # fmt: skip
        expected = list(model.objects.filter(user=learner))
        assert [r.pk for r in shared[name]] == [r.pk for r in expected]
        for read, orm in zip(shared[name], expected, strict=True):
            for field in fields:
                assert getattr(read, field) == getattr(orm, field) or (
                    field == "research_keys" and getattr(read, field) == ["1", "x"]
                ), field
            assert read.verdict == orm.verdict


def test_the_projects_and_footprint_are_the_learners_records():
    """A learner's projects (with their polish ticks) and public footprint are read by queries
    written out: the same records, in the order of their ids, with every field as the ORM
    reads it, keys that are not a list included; no footprint is no record."""
    from django.db.models import Count

    from apps.portfolio.models import PolishCheck, PublicFootprint
    from apps.portfolio.selectors import footprint, projects

    learner, other = make_learner().user, make_learner().user
    items = list(ChecklistItem.objects.order_by("id")[:3])
    assert footprint(user=learner).record.pk is None
    made = [
        Project.objects.create(user=learner, slot=slot, title=f"T{n}", summary="s", status="live",
                               started_on=dt.date(2026, 1, 2) if n else None,
                               risk_keys=["k"] * n, strength_keys={"odd": n} if n == 1 else [],
                               pinned=n == 2)  # fmt: skip
        for n, slot in enumerate(["oss-contribution", "product-demo", "extra"])
    ]
    Project.objects.create(user=other, title="not theirs", summary="s")
    for n, project in enumerate(made):
        for item in items[:n]:
            PolishCheck.objects.create(project=project, item=item)
    made[0].save()  # the latest updated, first in the model's order: not in the list's
    PublicFootprint.objects.create(user=learner, same_three_keys=["a", "b"])
    PublicFootprint.objects.create(user=other, same_three_keys=["c"])

    read = projects(user=learner)
    expected = list(
        Project.objects.filter(user=learner).annotate(polish_done=Count("polish")).order_by("id")
    )
    assert [p.pk for p in read] == [p.pk for p in expected] == [p.pk for p in made]
    for mine, orm in zip(read, expected, strict=True):
        for f in Project._meta.concrete_fields:
            assert getattr(mine, f.attname) == getattr(orm, f.attname), f.attname
        assert mine.polish_done == orm.polish_done
        assert not mine._state.adding and mine._state.db == orm._state.db
    assert [p.polish_done for p in read] == [0, 1, 2]
    record = footprint(user=learner).record
    orm_record = PublicFootprint.objects.get(user=learner)
    for f in PublicFootprint._meta.concrete_fields:
        assert getattr(record, f.attname) == getattr(orm_record, f.attname), f.attname
    assert footprint(user=learner, all_projects=read).pinned == [made[2]]
