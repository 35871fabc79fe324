"""Form widgets that render long option lists without the template engine."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def attributes_html(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html writes."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def choice_input_html(option: dict) -> str:
    """One radio or checkbox with its label, as django/forms/widgets/input_option.html writes
    it (followed by the closing of the option's wrapper)."""
    option_id = option["attrs"].get("id")
    raw = option["value"]
    value = "" if raw is None else f' value="{conditional_escape(str(raw))}"'
    return (
        (f'<label for="{conditional_escape(option_id)}">' if option_id else "<label>")
        + f'<input type="{option["type"]}" name="{conditional_escape(option["name"])}"'
        f"{value}{attributes_html(option['attrs'])}>\n"
        f" {conditional_escape(option['label'])}</label>\n\n</div>"
    )


class LongSelect(forms.Select):
    """A select with hundreds of options (time zones), written in Python: through the
    templates each option is two includes, and 600 of them took most of the profile page's
    time. The markup is exactly that of Django's select.html and select_option.html."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return select_html(self.get_context(name, value, attrs)["widget"])


def select_html(widget: dict) -> SafeString:
    """What Django's select.html and select_option.html write for a select's context."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"'
             f"{attributes_html(widget['attrs'])}>"]  # fmt: skip
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{attributes_html(option['attrs'])}>{conditional_escape(option['label'])}"
                "</option>\n"  # select_option.html ends with a newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped
