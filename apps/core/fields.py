"""A form field's whole group (label, help, errors, widget) written in Python.

Through the template engine one field of a form is includes/form_field.html, Django's
label.html and its widget's templates: a dozen includes and a hundred template nodes, most
of the profile page's and an add form's CPU. ``QuickBoundField`` writes exactly what those
templates write (tests compare every field of the forms that use it, unbound, bound and with
errors); anything it does not know (another field template, a file input, a multi-widget)
still goes through Django's templates. A form opts in with ``bound_field_class``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .forms import SiteFormRenderer
from .widgets import attributes_html, select_html

LABEL_TEMPLATE = "django/forms/label.html"
# The widget templates that are exactly django/forms/widgets/input.html.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "number", "email", "url", "password", "date", "datetime", "time",
                 "checkbox", "hidden", "search", "tel", "color")
)  # fmt: skip
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
SELECT_TEMPLATES = ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html")


def _templates_render(widget: forms.Widget) -> bool:
    """Whether the widget renders through its template (no render of its own)."""
    kind = type(widget)
    return kind.render is forms.Widget.render and kind._render is forms.Widget._render


def widget_html(widget: forms.Widget, name: str, value, attrs: dict) -> SafeString | None:
    """What the widget's template writes, for inputs, text areas and plain selects; None for
    any other widget."""
    if not _templates_render(widget):
        return None
    template = widget.template_name
    if template in INPUT_TEMPLATES:
        context = widget.get_context(name, value, attrs)["widget"]
        value = context["value"]
        value = "" if value is None else f' value="{conditional_escape(str(value))}"'
        return mark_safe(  # noqa: S308 — every value is escaped
            f'<input type="{conditional_escape(context["type"])}" '
            f'name="{conditional_escape(context["name"])}"{value}'
            f"{attributes_html(context['attrs'])}>"
        )
    if template == TEXTAREA_TEMPLATE:
        context = widget.get_context(name, value, attrs)["widget"]
        text = conditional_escape(context["value"]) if context["value"] else ""
        return mark_safe(  # noqa: S308 — every value is escaped
            f'<textarea name="{conditional_escape(context["name"])}"'
            f"{attributes_html(context['attrs'])}>\n{text}</textarea>"
        )
    if isinstance(widget, forms.Select) and (template, widget.option_template_name) == (
        SELECT_TEMPLATES
    ):
        return select_html(widget.get_context(name, value, attrs)["widget"])
    return None


class QuickBoundField(BoundField):
    """A bound field whose ``as_field_group``, label and widget are written in Python when
    they are the site's templates (SiteFormRenderer's), else Django's."""

    def _quick(self) -> bool:
        return isinstance(self.form.renderer, SiteFormRenderer)

    def as_field_group(self) -> SafeString:
        if not self._quick() or self.template_name != SiteFormRenderer.field_template_name:
            return super().as_field_group()
        errors = self.errors
        auto_id = self.auto_id
        parts = ['<div class="form-field field-invalid">\n' if errors
                 else '<div class="form-field">\n']  # fmt: skip
        if self.use_fieldset:
            described = self.aria_describedby
            parts.append(f'\n  <fieldset aria-describedby="{conditional_escape(described)}">\n  '
                         if described else "\n  <fieldset>\n  ")  # fmt: skip
            if self.label:
                parts.append(self.legend_tag())
        else:
            parts.append("\n  ")
            if self.label:
                parts.append(self.label_tag())
        parts.append("\n\n")
        if self.help_text:
            parts.append(f'<div class="helptext" id="{conditional_escape(auto_id)}_helptext">'
                         if auto_id else '<div class="helptext">')  # fmt: skip
            parts.append(f"{self.help_text}</div>")
        parts.append("\n")
        if errors:
            parts.append(f'<div class="field-errors" id="{conditional_escape(auto_id)}_errors" '
                         f'role="alert">{errors}</div>')  # fmt: skip
        parts.append("\n")
        parts.append(str(self))  # the widget, as {{ field }} writes it
        parts.append("</fieldset>\n</div>" if self.use_fieldset else "\n</div>")
        return mark_safe("".join(parts))  # noqa: S308 — every value is escaped or safe

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None) -> SafeString:
        """Django's ``label_tag`` (the same contents and attributes), without label.html."""
        if not self._quick() or self.form.template_name_label != LABEL_TEMPLATE:
            return super().label_tag(contents, attrs, label_suffix, tag)
        contents = contents or self.label
        if label_suffix is None:
            label_suffix = (self.field.label_suffix if self.field.label_suffix is not None
                            else self.form.label_suffix)  # fmt: skip
        if label_suffix and contents and contents[-1] not in _(":?.!"):
            contents = format_html("{}{}", contents, label_suffix)
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if not id_:
            return mark_safe(str(conditional_escape(contents)).strip())  # noqa: S308 — escaped
        id_for_label = widget.id_for_label(id_)
        if id_for_label:
            attrs = {**(attrs or {}), "for": id_for_label}
        if self.field.required and hasattr(self.form, "required_css_class"):
            attrs = attrs or {}
            if "class" in attrs:
                attrs["class"] += " " + self.form.required_css_class
            else:
                attrs["class"] = self.form.required_css_class
        tag = conditional_escape(tag or "label")
        return mark_safe(  # noqa: S308 — every value is escaped
            f"<{tag}{attributes_html(attrs or {})}>{conditional_escape(contents)}</{tag}>"
        )

    def as_widget(self, widget=None, attrs=None, only_initial=False) -> SafeString:
        widget = widget or self.field.widget
        if only_initial or not self._quick():
            return super().as_widget(widget, attrs, only_initial)
        if self.field.localize:
            widget.is_localized = True
        attrs = self.build_widget_attrs(attrs or {}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        value = self.value()
        html = widget_html(widget, self.html_name, value, attrs)
        if html is None:
            return widget.render(self.html_name, value, attrs=attrs, renderer=self.form.renderer)
        return html


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's choices from its ``objects()`` list, not from a query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.objects():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.field.objects()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.objects())


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options come from ``objects()`` (the queryset's rows, kept
    per content revision), so showing the form runs no query; a submitted choice is still
    looked up in the queryset."""

    iterator = ListedChoiceIterator

    def __init__(self, queryset, *, objects: Callable[[], Sequence], **kwargs):
        self.objects = objects
        super().__init__(queryset, **kwargs)
