"""The checklist row drawn in Python gives the markup the template gave (the template is kept
below as it was, frozen): the same elements, attributes and text, and whitespace where the
template had whitespace."""

import datetime as dt
import itertools
import re
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.test import RequestFactory

from apps.checklists import rows

TEMPLATE_ROW = (
    "{% load placed_messages people %}"
    + '\n      <li id="item-{{ item.key }}" class="checklist-item{% if item.my_progress %} state-{{ item.my_progress.state }}{% endif %}">\n        {% with name=item.text|markdown_inline|striptags %}\n        {% if learner and checklist.is_tickable %}\n        {% with state=item.my_progress.state|default:"not_started" %}\n        <form method="post" action="{% url \'checklists:item\' item.key %}" class="tick-form" data-hx-post="{% url \'checklists:item\' item.key %}" data-hx-target="#item-{{ item.key }}" data-hx-swap="outerHTML" data-action="Marking “{{ item.text|markdown_plain }}” {% if state == \'done\' %}not started{% else %}done{% endif %}">\n          {% csrf_token %}\n          <input type="hidden" name="next" value="{{ request.path }}#item-{{ item.key }}">\n          <button type="submit" name="state" value="{% if state == \'done\' %}not_started{% else %}done{% endif %}" class="tick-button" data-focus-key="tick" aria-pressed="{% if state == \'done\' %}true{% else %}false{% endif %}"{% if item.my_progress.done_at %} title="Done on {{ item.my_progress.done_at|date:\'j M Y\' }}"{% endif %}>\n            <svg class="icon" aria-hidden="true" focusable="false"><use href="#i-check"></use></svg>\n            <span class="visually-hidden">Done: {{ name }}</span>\n          </button>\n        </form>\n        {% endwith %}\n        {% elif checklist.role == "pitfall" %}\n        <span class="tick-static tick-pitfall" aria-hidden="true"><svg class="icon" focusable="false"><use href="#i-close"></use></svg></span>\n        {% else %}\n        <span class="tick-static" aria-hidden="true"><svg class="icon icon-fill" focusable="false"><use href="#i-dot"></use></svg></span>\n        {% endif %}\n        <div class="item-body">\n          <span class="item-text">{{ item.text|markdown_inline }}</span>\n          {% if learner and checklist.is_tickable %}{% with state=item.my_progress.state %}{% if state == "in_progress" or state == "not_applicable" %}<span class="state-badge state-{{ state }}">{{ item.my_progress.get_state_display }}</span>{% endif %}{% endwith %}{% endif %}\n          {% if item.url %} <a class="item-link" href="{{ item.url }}" rel="noopener">link<span class="visually-hidden"> for {{ name }}</span></a>{% endif %}\n          {% if item.detail %}<div class="item-detail">{{ item.detail|markdown }}</div>{% endif %}\n          {% if learner and checklist.is_tickable and item.my_progress.note %}<p class="item-note" title="{{ item.my_progress.note|truncatechars:300 }}"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-note"></use></svg><span><span class="visually-hidden">Your note: </span>{{ item.my_progress.note|truncatechars:200 }}</span></p>{% endif %}\n        </div>\n        {% if learner and checklist.is_tickable %}\n        {% with progress=item.my_progress %}\n        <div class="item-meta">\n          {% if progress.evidence_url %}<a class="item-icon" href="{{ progress.evidence_url }}" rel="noopener nofollow" title="Evidence"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-link"></use></svg><span class="visually-hidden">Evidence for {{ name }}</span></a>{% endif %}\n          {% with review=item.my_review %}{% if review %}<a class="item-icon review-{{ review.state }}" href="{% url \'mentoring:review\' review.pk %}" title="{{ review.get_state_display }}"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-{% if review.state == \'approved\' %}approved{% elif review.state == \'changes_requested\' %}alert{% else %}review{% endif %}"></use></svg><span class="visually-hidden">Review: {% if review.state == "approved" %}Approved by {{ review.state_by|person }}{% else %}{{ review.get_state_display }}{% endif %}</span></a>{% endif %}{% endwith %}\n          {% if mentorships and progress.state == "done" and item.my_review.state|default:"none" not in "requested changes_requested resubmitted approved" %}\n          <form method="post" action="{% url \'mentoring:review_request\' %}" class="item-review">\n            {% csrf_token %}<input type="hidden" name="item" value="{{ item.key }}"><input type="hidden" name="next" value="{{ request.path }}#item-{{ item.key }}">\n            {% if mentorships|length == 1 %}<input type="hidden" name="mentorship" value="{{ mentorships.0.pk }}">{% else %}<label class="visually-hidden" for="mentor-{{ item.key }}">Mentor</label><select name="mentorship" id="mentor-{{ item.key }}">{% for m in mentorships %}<option value="{{ m.pk }}">{{ m.mentor|person }}</option>{% endfor %}</select>{% endif %}\n            <button type="submit" class="item-icon" title="Ask for review"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-review"></use></svg><span class="visually-hidden">Ask for review: {{ name }}</span></button>\n          </form>\n          {% endif %}\n          {% include "includes/bookmark_button.html" with bookmarked=item.bookmarked item_key=item.key label=item.text|markdown_plain next_url=request.path|add:"#item-"|add:item.key %}\n          <a href="{% url \'checklists:item\' item.key %}?next={{ request.path|urlencode }}%23item-{{ item.key }}" class="item-icon item-edit item-edit-link" title="Status, note and evidence" data-hx-get="{% url \'checklists:item\' item.key %}" data-hx-target="#item-{{ item.key }}" data-hx-swap="outerHTML" data-focus-return data-action="Opening the form for “{{ item.text|markdown_plain }}”"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-edit"></use></svg><span class="visually-hidden">Status, note &amp; evidence for {{ name }}</span></a>\n        </div>\n        {% if editing %}\n        {% include "includes/item_form.html" with in_row=True %}\n        {% endif %}\n        {% if not request.htmx %}{% include "includes/placed_messages.html" with anchor="item-"|add:item.key %}{% endif %}\n        {% endwith %}\n        {% endif %}\n        {% endwith %}\n      </li>\n'
)


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def progress(state, note="", evidence_url="", done_at=None):
    labels = {"not_started": "Not started", "in_progress": "In progress", "done": "Done",
              "not_applicable": "Not applicable"}  # fmt: skip
    return SimpleNamespace(state=state, note=note, evidence_url=evidence_url, done_at=done_at,
                           get_state_display=lambda: labels[state])  # fmt: skip


def review(state, pk=41, by=None):
    labels = {"requested": "Review requested", "approved": "Approved",
              "withdrawn": "Withdrawn", "changes_requested": "Changes requested"}  # fmt: skip
    return SimpleNamespace(state=state, pk=pk, state_by=by,
                           get_state_display=lambda: labels[state])  # fmt: skip


MENTOR = SimpleNamespace(learner=None, mentor_profile=SimpleNamespace(display_name="Grace <H>"))
ONE_MENTOR = [SimpleNamespace(pk=3, mentor=MENTOR, name="Grace <H>")]  # name: item_reviewing
TWO_MENTORS = ONE_MENTOR + [SimpleNamespace(pk=4, mentor=None, name="A former member")]
DONE_AT = dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC)

PROGRESS = [
    None,
    progress("not_started"),
    progress("in_progress", note="Halfway & <b>bold</b> \"quoted\" " + "long " * 80,
             evidence_url="https://example.com/a?b=1&c=<2>"),
    progress("done", done_at=DONE_AT),
    progress("not_applicable", note="n/a"),
]
REVIEWS = [None, review("requested"), review("approved", by=MENTOR), review("withdrawn"),
           review("changes_requested")]  # fmt: skip
ITEMS = [
    {"key": "plain-item", "text": "Install Python", "url": "", "detail": ""},
    {"key": "rich-item", "text": "Read **PEP 8** & <script>x</script> [docs](https://e.x/?a=1&b=2)",
     "url": "https://example.com/?q=1&r=2", "detail": "More *detail*\n\n- one\n- two"},
]


def render_both(item, checklist, *, learner, mentorships=(), htmx=False, messages=()):
    request = RequestFactory().get("/roadmap/some-page/")
    request.htmx = htmx
    context = {"item": item, "checklist": checklist, "learner": learner, "request": request,
               "csrf_token": "TOKEN123", "mentorships": list(mentorships),
               "messages": list(messages), "editing": False}  # fmt: skip
    old = Template(TEMPLATE_ROW).render(Context(context))
    row = rows.RowContext(learner=learner, path=request.path, csrf_token="TOKEN123",
                          mentorships=list(mentorships), htmx=htmx,
                          messages=rows.placed_messages(messages))  # fmt: skip
    new = rows.item_row(item, checklist, row, progress=item.my_progress, bookmarked=item.bookmarked,
                        review=item.my_review)  # fmt: skip
    return normalised(old), normalised(new)


TICKABLE = SimpleNamespace(is_tickable=True, role="do")


@pytest.mark.parametrize(
    ("fields", "state", "my_review", "bookmarked", "mentorships"),
    list(itertools.product(ITEMS, PROGRESS, REVIEWS, [False, True], [(), ONE_MENTOR, TWO_MENTORS])),
)
def test_a_learners_row_is_the_templates(fields, state, my_review, bookmarked, mentorships):
    item = SimpleNamespace(**fields, my_progress=state, my_review=my_review, bookmarked=bookmarked)
    old, new = render_both(item, TICKABLE, learner=True, mentorships=mentorships)
    assert new == old


@pytest.mark.parametrize("role", ["do", "rubric", "pitfall"])
@pytest.mark.parametrize("learner", [True, False])
def test_rows_without_a_tick_are_the_templates(role, learner):
    checklist = SimpleNamespace(is_tickable=role == "do", role=role)
    for fields in ITEMS:
        item = SimpleNamespace(**fields, my_progress=None, my_review=None, bookmarked=False)
        old, new = render_both(item, checklist, learner=learner)
        assert new == old


def test_messages_placed_at_the_row_show_in_it_except_in_htmx_responses():
    item = SimpleNamespace(**ITEMS[0], my_progress=progress("done", done_at=DONE_AT),
                           my_review=None, bookmarked=False)  # fmt: skip
    placed = [Message(constants.SUCCESS, "Marked done · 1 of 3 <ok>", "at:item-plain-item"),
              Message(constants.INFO, "Elsewhere", "at:item-other")]  # fmt: skip
    old, new = render_both(item, TICKABLE, learner=True, messages=placed)
    assert new == old
    assert "Marked done · 1 of 3 &lt;ok&gt;" in new and "Elsewhere" not in new
    old, new = render_both(item, TICKABLE, learner=True, messages=placed, htmx=True)
    assert new == old
    assert "Marked done" not in new


def test_the_bookmark_form_is_the_includes():
    for bookmarked in (False, True):
        context = Context({"bookmarked": bookmarked, "item_key": "k-1", "label": "A & <b>",
                           "next_url": "/p/#item-k-1", "csrf_token": "TOKEN123"})  # fmt: skip
        old = Template('{% include "includes/bookmark_button.html" %}').render(context)
        new = rows.bookmark_form(item_key="k-1", label="A & <b>", bookmarked=bookmarked,
                                 next_url="/p/#item-k-1",
                                 csrf_input=rows.RowContext(True, "/", "TOKEN123", [], False, {}).csrf_input)  # fmt: skip
        assert normalised(new) == normalised(old)
