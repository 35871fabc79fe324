"""QuickBoundField writes exactly what includes/form_field.html, Django's label.html and the
widgets' templates write."""

import datetime as dt

import pytest
from django import forms

from apps.core.fields import QuickBoundField
from tests.field_groups import assert_same_as_templates, through_templates


class Everything(forms.Form):
    bound_field_class = QuickBoundField
    required_css_class = "needed"

    text = forms.CharField(help_text="Some <b>help</b>", max_length=5)
    blank = forms.CharField(required=False, label="")
    quoted = forms.CharField(label='Say "hi" & <go>', initial='a "b" <c> & d', required=False)
    asked = forms.CharField(label="Asked?", required=False)
    described = forms.CharField(widget=forms.TextInput(attrs={"aria-describedby": "elsewhere"}))
    own_id = forms.CharField(widget=forms.TextInput(attrs={"id": "mine", "data-x": True}))
    suffix = forms.CharField(label_suffix=" →", required=False)
    number = forms.IntegerField(min_value=1, max_value=9, widget=forms.NumberInput(
        attrs={"step": 1, "off": False}))  # fmt: skip
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          initial=dt.date(2026, 3, 4))  # fmt: skip
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    flag = forms.BooleanField(required=False, help_text="Tick it")
    must = forms.BooleanField()
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                            initial="line <1>\nline 2")  # fmt: skip
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    pick = forms.ChoiceField(choices=[("", "None"), ("a&b", 'A "q"'), ("g", [("x", "X")])],
                             required=False, help_text="Pick")  # fmt: skip
    radio = forms.ChoiceField(choices=[("y", "Yes"), ("n", "No")], widget=forms.RadioSelect,
                              help_text="Either")  # fmt: skip
    boxes = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False,
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip
    multi = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False, initial="h")
    split = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)
    remembered = forms.CharField(show_hidden_initial=True, required=False, initial="was")
    off = forms.CharField(disabled=True, required=False, initial="fixed")


DATA = {
    "text": "far too long", "quoted": '<x> & "y"', "number": "12", "day": "2026-13-01",
    "email": "not an email", "url": "example.com", "secret": "s3 <", "flag": "on",
    "notes": "<b>typed</b>", "pick": "x", "radio": "n", "boxes": ["b"], "multi": ["a", "b"],
    "hidden": "<h>", "remembered": "now", "initial-remembered": "was",
}  # fmt: skip


@pytest.mark.parametrize("data", [None, {}, DATA])
@pytest.mark.parametrize("options", [{}, {"prefix": "p"}, {"auto_id": False},
                                     {"auto_id": "f-%s", "label_suffix": ""}])  # fmt: skip
def test_every_kind_of_field_is_written_as_the_templates_write_it(data, options):
    form = Everything(data, **options)
    if data is not None:
        assert not form.is_valid()
    assert assert_same_as_templates(form) == len(Everything.base_fields)


def test_errors_and_help_are_in_the_group():
    form = Everything({"text": "far too long"})
    group = str(form["text"].as_field_group())
    assert 'class="form-field field-invalid"' in group
    assert 'id="id_text_helptext">Some <b>help</b>' in group
    assert 'aria-describedby="id_text_helptext id_text_error"' in group
    assert 'id="id_text_errors" role="alert"' in group


def test_another_renderer_goes_through_the_templates():
    from django.forms.renderers import DjangoTemplates

    form = Everything(renderer=DjangoTemplates())
    assert str(form["text"].as_field_group()) == str(through_templates(form, "text").as_field_group())
    assert 'class="form-field' not in str(form["text"].as_field_group())  # Django's own field.html


def test_inputs_text_areas_and_selects_need_no_template(monkeypatch):
    from apps.core.forms import SiteFormRenderer

    form = Everything(DATA)
    form.is_valid()
    rendered = []
    monkeypatch.setattr(SiteFormRenderer, "render",
                        lambda self, name, context, request=None: rendered.append(name))  # fmt: skip
    for name in ["text", "quoted", "number", "day", "email", "url", "secret", "flag", "notes",
                 "empty_notes", "pick", "multi", "hidden"]:  # fmt: skip
        str(form[name].as_field_group())
    # Only the error lists (an invalid form's, rare) still use their template.
    assert set(rendered) == {"django/forms/errors/list/default.html"}
