"""Checks that a form written by apps.core.fields.QuickBoundField is what Django's templates
write (includes/form_field.html, label.html, the widgets' templates)."""

from django import forms
from django.forms.boundfield import BoundField

from apps.core.fields import QuickBoundField


def through_templates(form: forms.BaseForm, name: str) -> BoundField:
    """The same field, rendered by Django's own BoundField (through the templates)."""
    return BoundField(form, form.fields[name], name)


def assert_same_as_templates(form: forms.BaseForm) -> int:
    """Every field's group, label and widget are the templates' markup; returns how many
    fields were compared."""
    compared = 0
    for field in form:
        assert isinstance(field, QuickBoundField)
        plain = through_templates(form, field.name)
        assert field.as_field_group() == plain.as_field_group(), field.name
        assert str(field) == str(plain), field.name
        assert field.label_tag() == plain.label_tag(), field.name
        assert field.legend_tag(attrs={"class": "x"}) == plain.legend_tag(attrs={"class": "x"})
        compared += 1
    return compared
