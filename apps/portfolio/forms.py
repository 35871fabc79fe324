from django import forms
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.fields import QuickBoundField
from apps.core.widgets import choice_input_html
from apps.curriculum.models import ChecklistItem

from . import rubrics
from .models import Application, Contribution, PaperRead, Project, PublicFootprint, PublicPost
from .services import project_conflicts


def https_urls(field, **kwargs):
    """Addresses typed without a scheme are taken as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
URL_ERROR = {"invalid": "Enter a full web address, like https://github.com/you/repo."}


def items_of(*checklist_keys: str, section: str = ""):
    items = ChecklistItem.objects.active().filter(checklist__key__in=checklist_keys)
    if section:
        items = items.filter(section=section)
    return items.order_by("checklist__order", "order")


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in fieldsets by group. Written in Python: through the templates each
    option is four includes, and a record's form has dozens of them. The markup is exactly
    that of includes/widgets/grouped_checkboxes.html and Django's option templates."""

    template_name = "includes/widgets/grouped_checkboxes.html"

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        box_id = widget["attrs"].get("id")
        parts = [f'<div id="{escape(box_id)}" class="check-groups">' if box_id
                 else '<div class="check-groups">']  # fmt: skip
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f'\n  <fieldset class="check-group"><legend>{escape(group)}</legend>')
            for option in options:
                parts.append('\n    <div class="check-option">' + choice_input_html(option))
            if group:
                parts.append("\n  </fieldset>")
        parts.append("\n</div>")  # the form renderer strips the template's outer whitespace
        return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


class KeyedItemsField(forms.MultipleChoiceField):
    """Checkboxes for checklist items of the text, stored as their stable keys; grouped by
    their checklist when they come from more than one."""

    widget = GroupedCheckboxes

    def __init__(self, *checklist_keys: str, section: str = "", **kwargs):
        self.checklist_keys = checklist_keys
        self.section = section
        super().__init__(choices=self._choices, required=False, **kwargs)

    def _choices(self):
        items = items_of(*self.checklist_keys, section=self.section).values_list(
            "key", "text", "checklist__title"
        )
        if len(self.checklist_keys) <= 1:
            return [(key, text.replace("`", "")) for key, text, _ in items]
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, text, checklist_title in items:
            groups.setdefault(checklist_title, []).append((key, text.replace("`", "")))
        return list(groups.items())

    def restrict_to(self, *checklist_keys: str) -> None:
        """Offer only these checklists' items (a form's copy of the field: the copied choices
        still point at the class's field, so they are bound again)."""
        self.checklist_keys = checklist_keys
        self.choices = self._choices


def rubric_fields(record_type: str) -> dict[str, KeyedItemsField]:
    """One field per rubric the text applies to this kind of record (rubrics.RUBRIC_FIELDS)."""
    return {
        name: KeyedItemsField(checklist, section=section, label=label)
        for name, checklist, section, label in rubrics.RUBRIC_FIELDS[record_type]
        if checklist
    }


class OwnedRecordForm(forms.ModelForm):
    """A form for one of the learner's records; it knows whose, for rules across records."""

    bound_field_class = QuickBoundField
    # (legend, field names): related fields shown together, each group a fieldset.
    fieldsets: list[tuple[str, list[str]]] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def grouped_fields(self) -> list[tuple[str, list]]:
        placed = {name for _, names in self.fieldsets for name in names}
        groups = [(legend, [self[name] for name in names if name in self.fields])
                  for legend, names in self.fieldsets]  # fmt: skip
        rest = [field for field in self if field.name not in placed]
        return [*groups, ("", rest)] if rest else groups


class ProjectForm(OwnedRecordForm):
    risk_keys = KeyedItemsField(
        *(killers for _, killers in rubrics.PROJECT_TYPE_RUBRICS.values()),
        rubrics.NOT_IN_A_PORTFOLIO,
        label="What kills it: does any of these describe it?",
        help_text="The text says these kill a project. Tick what applies: you will be warned.",
    )  # fmt: skip
    strength_keys = KeyedItemsField(label="What makes it strong: what it already has")

    fieldsets = [
        ("The project", ["slot", "title", "summary", "status", "pinned"]),
        ("Links", ["repository_url", "demo_url", "writeup_url"]),
        ("Dates", ["started_on", "finished_on"]),
        ("Honest notes", ["evaluation", "limitations"]),
        ("The text's checks", ["strength_keys", "risk_keys"]),
    ]

    class Meta:
        model = Project
        formfield_callback = https_urls
        fields = ["slot", "title", "summary", "status", "repository_url", "demo_url",
                  "writeup_url", "started_on", "finished_on", "evaluation", "limitations",
                  "strength_keys", "risk_keys", "pinned"]  # fmt: skip
        widgets = {
            "started_on": DATE, "finished_on": DATE,
            "evaluation": forms.Textarea(attrs={"rows": 3}),
            "limitations": forms.Textarea(attrs={"rows": 3}),
        }  # fmt: skip
        error_messages = {
            "repository_url": URL_ERROR, "demo_url": URL_ERROR, "writeup_url": URL_ERROR,
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lists of the project's type: known once it is saved with a type.
        strengths, killers = rubrics.PROJECT_TYPE_RUBRICS.get(self.instance.slot, ("", ""))
        if self.instance.pk and strengths:
            self.fields["strength_keys"].restrict_to(strengths)
            self.fields["risk_keys"].restrict_to(killers, rubrics.NOT_IN_A_PORTFOLIO)
        else:
            del self.fields["strength_keys"]

    def clean(self):
        data = super().clean()
        if self.user is not None:
            for field, message in project_conflicts(
                user=self.user, slot=data.get("slot"), pinned=data.get("pinned"),
                pk=self.instance.pk,
            ).items():  # fmt: skip
                self.add_error(field, message)
        return data


class PaperForm(OwnedRecordForm):
    fieldsets = [
        ("The paper", ["paper", "title", "url", "arxiv_id", "mode", "read_on"]),
        ("The five-sentence note", PaperRead.NOTE_FIELDS),
        ("The text's checks", ["tell_keys", "red_flag_keys"]),
    ]

    class Meta:
        model = PaperRead
        formfield_callback = https_urls
        fields = ["paper", "title", "url", "arxiv_id", "mode", "read_on", "new_idea",
                  "why_it_matters", "baseline", "cost", "what_i_would_do", "tell_keys",
                  "red_flag_keys"]  # fmt: skip
        widgets = {"read_on": DATE, "mode": forms.RadioSelect} | {
            name: forms.Textarea(attrs={"rows": 2}) for name in PaperRead.NOTE_FIELDS
        }
        error_messages = {"url": URL_ERROR}
        help_texts = {"title": "For one of the ten papers, choose it above and leave this empty."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(rubric_fields("paper"))
        self.fields["paper"].queryset = items_of("papers-ten-papers")
        self.fields["paper"].label = "One of the text's ten papers"
        self.fields["paper"].empty_label = "Another paper"
        self.fields["title"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("title"):
            if data.get("paper"):
                data["title"] = data["paper"].text
                self.instance.title = data["title"]
                if not data.get("url"):
                    data["url"] = data["paper"].url
            else:
                self.add_error("title", "Give the paper's title (or choose one of the ten).")
        return data


class ContributionForm(OwnedRecordForm):
    class Meta:
        model = Contribution
        formfield_callback = https_urls
        fields = ["repository", "pr_url", "title", "kind", "state", "opened_on", "merged_on"]
        widgets = {
            "opened_on": DATE, "merged_on": DATE,
            "repository": forms.TextInput(attrs={"list": "suggested-repositories"}),
        }  # fmt: skip
        error_messages = {"pr_url": URL_ERROR}


class PostForm(OwnedRecordForm):
    class Meta:
        model = PublicPost
        formfield_callback = https_urls
        fields = ["title", "url", "kind", "published_on"]
        widgets = {"published_on": DATE}
        error_messages = {"url": URL_ERROR}


APPLICATION_DATES = ["applied_on", "replied_on", "first_round_on", "final_round_on",
                     "offer_on", "closed_on"]  # fmt: skip


class ApplicationForm(OwnedRecordForm):
    fieldsets = [
        ("The job", ["company", "role", "url", "salary_band", "stage"]),
        ("Dates", APPLICATION_DATES),
        ("The text's checks", ["red_flag_keys", "green_flag_keys", "research_keys",
                               "take_home_keys", "negotiation_keys"]),
        ("Notes", ["notes"]),
    ]  # fmt: skip

    class Meta:
        model = Application
        formfield_callback = https_urls
        fields = ["company", "role", "url", "salary_band", "stage", "applied_on", "replied_on",
                  "first_round_on", "final_round_on", "offer_on", "closed_on", "red_flag_keys",
                  "green_flag_keys", "research_keys", "take_home_keys", "negotiation_keys",
                  "notes"]  # fmt: skip
        widgets = {
            **dict.fromkeys(APPLICATION_DATES, DATE),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"url": URL_ERROR}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = rubric_fields("application")
        # Take-home tips belong to the interview stages, negotiation to an offer.
        if not self.instance.reached_interviews:
            del fields["take_home_keys"], self.fields["take_home_keys"]
        if not self.instance.reached_offer:
            del fields["negotiation_keys"], self.fields["negotiation_keys"]
        notes = self.fields.pop("notes")
        self.fields.update(fields)
        self.fields["notes"] = notes


class FootprintForm(forms.ModelForm):
    same_three_keys = KeyedItemsField(
        "portfolio-same-three-everywhere", label="Where the same three projects appear"
    )

    class Meta:
        model = PublicFootprint
        fields = ["same_three_keys"]


class PracticeForm(forms.Form):
    confidence = forms.TypedChoiceField(
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        label="Confidence (1 = shaky, 5 = could teach it)",
        error_messages={"required": "Rate your confidence from 1 to 5."},
    )


class StoryForm(forms.Form):
    title = forms.CharField(max_length=120)
    situation = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                                help_text="Brief context.")  # fmt: skip
    task = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                           help_text="What was your responsibility.")  # fmt: skip
    action = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text="What you specifically did. Say “I”, not “we”.")  # fmt: skip
    result = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             help_text="What happened, with numbers if possible.")  # fmt: skip
