import datetime as dt
import functools

from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.fields import ListedModelChoiceField, QuickBoundField
from apps.core.widgets import LongSelect, attributes_html, choice_input_html
from apps.curriculum.models import Bucket, HonestTestQuestion, Specialization
from apps.curriculum.revision import content_revision

from . import selectors
from .honest_test import TRAINING_ANSWER
from .models import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK, LearnerProfile, timezone_names

YES_NO = [("yes", "Yes"), ("no", "No")]
EARLIEST_START = dt.date(2000, 1, 1)
LATEST_START_AHEAD = dt.timedelta(days=366)


def plain_text(markdown: str) -> str:
    """A one-line Markdown text as a plain label: `code` and **bold** marks dropped."""
    return markdown.replace("`", "").replace("**", "")


# Choice widgets' markup for the roadmap's own choices, by widget, content revision, name,
# value and attributes: kept per process.
_content_choices: dict[tuple, SafeString] = {}
CONTENT_CHOICES_KEPT = 256


class ContentChoicesMixin:
    """For a choice widget whose choices are the roadmap's (buckets, specializations: the same
    for everyone under one content revision): its markup written once per process for each
    revision, name, value and attributes (building each option cost a fifth of the profile
    page)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attributes = self.build_attrs(self.attrs, attrs)
        key = (type(self), content_revision(), name, tuple(self.format_value(value)),
               tuple(sorted(attributes.items())))  # fmt: skip
        html = _content_choices.get(key)
        if html is None:
            if len(_content_choices) >= CONTENT_CHOICES_KEPT:
                _content_choices.clear()
            html = _content_choices[key] = super().render(name, value, attrs, renderer)
        return html


class QuickRadioSelect(forms.RadioSelect):
    """Radio buttons written in Python: through Django's templates each option is four
    includes, and the profile page has a dozen questions. The markup is exactly that of
    Django's radio.html and its option templates."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        box_id, css = widget["attrs"].get("id"), widget["attrs"].get("class")
        parts = ["<div", f' id="{escape(box_id)}"' if box_id else "",
                 f' class="{escape(css)}"' if css else "", ">"]  # fmt: skip
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{escape(group)}</label>")
            for option in options:
                parts.append("<div>\n    " + choice_input_html(option))
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")  # the form renderer strips the template's outer whitespace
        return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


class ContentRadioSelect(ContentChoicesMixin, QuickRadioSelect):
    pass


class ContentSelect(ContentChoicesMixin, LongSelect):
    pass


class HonestTestForm(forms.Form):
    """The honest test's questions, one yes/no field per question key."""

    bound_field_class = QuickBoundField

    def __init__(self, *args, questions: list[HonestTestQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if not q.is_training_question]
        training = next((q for q in questions if q.is_training_question), None)
        for number, question in enumerate(self.questions, start=1):
            self.fields[question.key] = forms.ChoiceField(
                label=f"{number}. {plain_text(question.text)}",
                choices=YES_NO,
                widget=QuickRadioSelect,
                error_messages={"required": "Answer yes or no."},
            )
        self.fields[TRAINING_ANSWER] = forms.ChoiceField(
            label=plain_text(training.text) if training else "Can you already train a model?",
            choices=YES_NO,
            widget=QuickRadioSelect,
            error_messages={"required": "Answer yes or no."},
        )

    @classmethod
    def initial_from(cls, profile: LearnerProfile | None, answers: dict | None = None) -> dict:
        if answers is None and profile is not None:
            answers = {**profile.test_answers, TRAINING_ANSWER: profile.can_train_model}
        return {key: "yes" if value else "no" for key, value in (answers or {}).items()}

    def answers(self) -> dict[str, bool]:
        """The answers, question key → bool, with the training question under its own name."""
        return {key: value == "yes" for key, value in self.cleaned_data.items()}


# The honest test's questions as an empty form shows them, by content revision, prefix and
# answers (three states for each of a few questions): kept per process.
_test_fields: dict[tuple, SafeString] = {}
TEST_FIELDS_KEPT = 256


def honest_test_fields(*, questions: list[HonestTestQuestion], initial: dict,
                       prefix: str) -> SafeString:  # fmt: skip
    """What the profile page's loop over an unbound HonestTestForm writes (each question's
    field group in its ``yes-no`` box): the same for everyone with the same answers under the
    same content revision, so written once per process for each."""
    key = (content_revision(), prefix, tuple(sorted(initial.items())))
    html = _test_fields.get(key)
    if html is None:
        if len(_test_fields) >= TEST_FIELDS_KEPT:
            _test_fields.clear()
        form = HonestTestForm(questions=questions, initial=initial, prefix=prefix)
        html = _test_fields[key] = mark_safe(  # noqa: S308 — the field groups are escaped
            "".join(f'<div class="yes-no">{field.as_field_group()}</div>' for field in form)
        )
    return html


@functools.cache
def timezone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Time zones grouped by region (Africa, America, Europe…), so the list can be scanned;
    the browser's own zone is preselected by js/site.js. Once per process: the zone database
    does not change while it runs."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in timezone_names():
        region, _, place = name.partition("/")
        if not place:
            region, place = "Other", name
        groups.setdefault(region, []).append((name, place.replace("_", " ").replace("/", " / ")))
    return sorted(groups.items(), key=lambda group: (group[0] == "Other", group[0]))


class TimezoneChoices(BaseChoiceIterator):
    """The grouped zones as a field's choices, without normalizing 600 of them again each
    time a form asks for the first one."""

    def __iter__(self):
        return iter(timezone_choices())


@functools.cache
def _timezone_options() -> tuple[tuple[str, ...], dict[str, int]]:
    """The time zone select's markup between its tags, part by part, and which part is
    each zone's option (to mark the selected one)."""
    parts, position = [], {}
    for region, zones in timezone_choices():
        parts.append(f'\n  <optgroup label="{escape(region)}">')
        for name, place in zones:
            position[name] = len(parts)
            parts.append(f'\n  <option value="{escape(name)}">{escape(place)}</option>\n')
        parts.append("\n  </optgroup>")
    return tuple(parts), position


class TimezoneSelect(LongSelect):
    """The time zone select, its 600 options written once per process: only the selected
    one changes. The markup is LongSelect's (Django's select.html)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        parts, position = _timezone_options()
        selected = next((position[v] for v in self.format_value(value) if v in position), None)
        attributes = self.build_attrs(self.attrs, attrs)
        head = f'<select name="{escape(name)}"{attributes_html(attributes)}>'
        if selected is None:
            return mark_safe(f"{head}{''.join(parts)}\n</select>")  # noqa: S308 — escaped
        option = parts[selected].replace('">', '" selected>', 1)
        return mark_safe(  # noqa: S308 — every part is escaped
            f"{head}{''.join(parts[:selected])}{option}{''.join(parts[selected + 1:])}\n</select>"
        )


class PlanForm(forms.ModelForm):
    bound_field_class = QuickBoundField
    bucket = ListedModelChoiceField(
        queryset=Bucket.objects.all(),
        objects=selectors.buckets,
        widget=ContentRadioSelect,
        empty_label=None,
        label="Your starting bucket",
        error_messages={"required": "Choose the bucket you start from."},
    )
    specialization = ListedModelChoiceField(
        queryset=Specialization.objects.all(),
        objects=selectors.specializations,
        widget=ContentSelect,
        required=False,
        empty_label="Not decided yet",
        label="Specialization (optional)",
        help_text="The roadmap says: pick one direction by month 4.",
    )
    timezone = forms.ChoiceField(
        choices=TimezoneChoices(),
        widget=TimezoneSelect,
        label="Time zone",
        help_text="Used to tell which day it is for you.",
    )

    class Meta:
        model = LearnerProfile
        fields = ["display_name", "bucket", "start_date", "hours_per_week", "timezone",
                  "specialization"]  # fmt: skip
        labels = {
            "display_name": "Display name",
            "start_date": "Start date",
            "hours_per_week": "Hours per week",
        }
        help_texts = {
            "display_name": "How the site greets you, and what mentors see.",
            "start_date": "The day your 12-month arc starts (or started).",
            "hours_per_week": "15-20 hours a week, sustained, beats 40 for three weeks and "
            "burning out. Part-time stretches your timeline, as the text says.",
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours_per_week": forms.NumberInput(
                attrs={"min": MIN_HOURS_PER_WEEK, "max": MAX_HOURS_PER_WEEK, "step": 1}
            ),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }
        error_messages = {
            "hours_per_week": {
                "min_value": f"Plan at least {MIN_HOURS_PER_WEEK} hour a week.",
                "max_value": f"More than {MAX_HOURS_PER_WEEK} hours a week is not sustainable: "
                "plan what you can keep up.",
                "required": "How many hours a week can you give it?",
                "invalid": "Enter a whole number of hours.",
            },
            "start_date": {
                "required": "Choose a start date.",
                "invalid": "Enter a date like 2026-09-01.",
            },
            "display_name": {"required": "Choose a display name."},
        }

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Choose a display name.")
        return name

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if start < EARLIEST_START:
            raise forms.ValidationError("That start date is too far in the past.")
        if start > today + LATEST_START_AHEAD:
            raise forms.ValidationError("Choose a start date within the next twelve months.")
        return start


class ProfileForm(PlanForm):
    """The profile page: the plan's fields, plus the opt-in public portfolio page."""

    class Meta(PlanForm.Meta):
        fields = [*PlanForm.Meta.fields, "job_started_on", "public_handle", "portfolio_public"]
        widgets = {
            **PlanForm.Meta.widgets,
            "job_started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            **PlanForm.Meta.error_messages,
            "job_started_on": {"invalid": "Enter a date like 2027-03-01."},
        }
        labels = {
            **PlanForm.Meta.labels,
            "job_started_on": "First AI job started on (optional)",
            "public_handle": "Public handle",
            "portfolio_public": "Publish my portfolio page",
        }
        help_texts = {
            **PlanForm.Meta.help_texts,
            "public_handle": "Letters, digits and hyphens: your page is /u/your-handle/.",
            "portfolio_public": "Shows your pinned projects, merged pull requests and public "
            "posts. Never notes, applications or anything private. Off by default.",
        }

    def clean_job_started_on(self):
        day = self.cleaned_data.get("job_started_on")
        if day and day > timezone.localdate() + LATEST_START_AHEAD:
            raise forms.ValidationError("Choose a date within the next twelve months.")
        if day and day < EARLIEST_START:
            raise forms.ValidationError("That date is too far in the past.")
        return day

    def clean_public_handle(self):
        return (self.cleaned_data.get("public_handle") or "").strip().lower() or None

    def clean(self):
        data = super().clean()
        if data.get("portfolio_public") and not data.get("public_handle"):
            self.add_error("public_handle", "Choose a handle for your public page.")
        return data
