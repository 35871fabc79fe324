from decimal import Decimal

from django import forms

from apps.core.fields import QuickBoundField

from .models import ItemState


class ItemProgressForm(forms.Form):
    state = forms.ChoiceField(choices=ItemState.choices, required=False, label="Status")
    note = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Private note",
        help_text="Private: only you, and the mentors you choose to share notes with (Mentoring).",
    )
    evidence_url = forms.URLField(
        required=False,
        max_length=500,
        label="Evidence link",
        help_text="A link that shows the work: a repository, a post, a notebook.",
        error_messages={"invalid": "Enter a full web address, like https://github.com/you/repo."},
        assume_scheme="https",
    )

    def changes(self, data) -> dict:
        """Only the fields the request sent: a tick sends just the state."""
        return {
            name: self.cleaned_data[name] or ("" if name != "state" else None)
            for name in ("state", "note", "evidence_url")
            if name in data
        }


class CheckInForm(forms.Form):
    bound_field_class = QuickBoundField

    week_start = forms.DateField(
        label="Week of", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Any day of the week: it is filed under that week's Monday.",
        error_messages={"invalid": "Enter a date like 2026-11-23."},
    )  # fmt: skip
    hours = forms.DecimalField(
        label="Hours spent",
        min_value=Decimal("0"),
        max_value=Decimal("168"),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "max_value": "A week has 168 hours.",
            "min_value": "Hours cannot be negative.",
            "invalid": "Enter a number of hours, like 12 or 7.5.",
            "required": "How many hours did you spend this week?",
        },
    )
    reflection = forms.CharField(
        label="Reflection", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What moved, what was hard. A sentence is enough.",
    )  # fmt: skip
