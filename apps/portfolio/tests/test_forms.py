"""The grouped checkboxes, written in Python, print what their templates printed."""

import pytest
from django import forms

from apps.portfolio.forms import GroupedCheckboxes, rubric_fields
from tests.field_groups import assert_same_as_templates

pytestmark = pytest.mark.django_db


class ThroughTemplates(GroupedCheckboxes):
    def render(self, name, value, attrs=None, renderer=None):
        return forms.CheckboxSelectMultiple.render(self, name, value, attrs, renderer)


@pytest.mark.parametrize(
    "choices",
    [
        [("a&b", 'Label "q" <b>'), ("c", "C"), ("d", "D")],
        [("Group <1>", [("a&b", "A"), ("b", "B")]), ("Group 2", [("c", "C & c")])],
    ],
)
@pytest.mark.parametrize("value", [[], ["a&b"], ["a&b", "c"]])
@pytest.mark.parametrize("attrs", [{"id": "id_x"}, {}, {"id": "id_x", "data-y": "1"}])
def test_grouped_checkboxes_write_what_the_templates_wrote(choices, value, attrs):
    assert GroupedCheckboxes(choices=choices).render("x", value, attrs) == (
        ThroughTemplates(choices=choices).render("x", value, attrs)
    )


def test_the_texts_checks_on_an_application_are_the_templates_markup():
    for name, field in rubric_fields("application").items():
        keys = [key for key, _ in field.choices][:2]
        attrs = {"id": f"id_{name}"}
        mine = GroupedCheckboxes(choices=field.choices).render(name, keys, attrs)
        assert mine == ThroughTemplates(choices=field.choices).render(name, keys, attrs)
        assert mine.count("checked") == len(keys) > 0


def _record_forms(bound: bool):
    import datetime as dt

    from apps.portfolio import forms as record_forms
    from apps.portfolio.models import Application, Project
    from tests.factories import make_user

    user = make_user()
    project = Project.objects.create(user=user, slot="product-demo", title="Demo",
                                     summary="s", status="building")  # fmt: skip
    offer = Application.objects.create(user=user, company="Acme", role="r", stage="offer",
                                       applied_on=dt.date(2026, 3, 1))  # fmt: skip
    bad = {"slot": "nope", "title": "", "repository_url": "not a url", "started_on": "soon",
           "url": "no", "read_on": "x", "mode": "deep", "pr_url": "x", "opened_on": "x",
           "published_on": "x", "applied_on": "x", "company": "<b>&</b>", "stage": "x",
           "red_flag_keys": ["nope"], "risk_keys": ["portfolio-demo-generic-chatbot"],
           "notes": "typed <notes>", "pinned": "on"}  # fmt: skip
    data = (bad,) if bound else ()
    initial = {"initial": {"read_on": dt.date(2026, 3, 4)}} if not bound else {}
    return [
        record_forms.ProjectForm(*data, user=user, **initial),
        record_forms.ProjectForm(*data, instance=project, user=user),
        record_forms.PaperForm(*data, user=user, **initial),
        record_forms.ContributionForm(*data, user=user),
        record_forms.PostForm(*data, user=user),
        record_forms.ApplicationForm(*data, user=user),
        record_forms.ApplicationForm(*data, instance=offer, user=user),
    ]


@pytest.mark.parametrize("bound", [False, True])
def test_every_record_form_is_written_as_the_templates_write_it(bound):
    record_forms = _record_forms(bound)
    if bound:
        assert not any(form.is_valid() for form in record_forms)
    compared = sum(assert_same_as_templates(form) for form in record_forms)
    assert compared == sum(len(form.fields) for form in record_forms)
