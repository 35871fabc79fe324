from django import forms

from apps.core.widgets import LongSelect


class Both(forms.Form):
    choices = [
        ("Europe/Berlin", "Europe/Berlin"),
        ("a&b", 'Quotes " and <tags>'),
        ("Group", [("x", "X"), ("y", "Y")]),
        ("", "None yet"),
    ]
    plain = forms.ChoiceField(choices=choices, widget=forms.Select(attrs={"data-x": "1"}))
    long = forms.ChoiceField(choices=choices, widget=LongSelect(attrs={"data-x": "1"}))


def test_the_long_select_writes_what_djangos_templates_write():
    for value in ["Europe/Berlin", "y", "a&b", ""]:
        form = Both(data={"plain": value, "long": value})
        plain = str(form["plain"].as_widget()).replace("plain", "field")
        long = str(form["long"].as_widget()).replace("long", "field")
        assert long == plain
        assert "selected" in long
