import copy

from django import forms

from apps.learners.forms import PlanForm

from .models import MentorProfile


class MentorProfileForm(forms.ModelForm):
    """All a mentor is asked: a name, a time zone and a short bio that mentees see."""

    # The learner's own time-zone field, so both forms offer (and validate) the same zones.
    timezone = copy.deepcopy(PlanForm.base_fields["timezone"])

    class Meta:
        model = MentorProfile
        fields = ["display_name", "timezone", "bio"]
        labels = {"display_name": "Display name", "bio": "Short bio"}
        help_texts = {
            "display_name": "What your mentees see instead of your email address.",
            "bio": "A few lines your mentees see: what you do, what you can help with.",
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "bio": forms.Textarea(attrs={"rows": 3, "maxlength": 600}),
        }
        error_messages = {"display_name": {"required": "Choose a display name."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.fields["timezone"].widget.attrs["data-detect-timezone"] = ""

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Choose a display name.")
        return name
