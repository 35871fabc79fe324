"""The grouped checkboxes, written in Python, print what their templates printed."""

import pytest
from django import forms

from apps.portfolio.forms import GroupedCheckboxes, rubric_fields

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
