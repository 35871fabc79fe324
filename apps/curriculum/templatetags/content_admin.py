"""Tags for the admin's templates (templates/admin/): the same HTML as Django's, cheaper."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils.translation import get_language

from apps.curriculum.admin_rows import fast_result_list

register = template.Library()


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    """Like the admin's ``{% result_list cl %}``, with the rows written directly."""
    return InclusionAdminNode(
        parser, token, func=fast_result_list, template_name="change_list_results.html",
        takes_context=False,
    )  # fmt: skip


# Rendered sidebars by what they show: the menu's every entry, the page's path (which marks
# the current model) and the language. A person sees only their own menu's, by its content.
_SIDEBARS: dict[tuple, str] = {}
_MAX_SIDEBARS = 500


def _menu(apps) -> tuple:
    return tuple(
        (app["app_label"], str(app["name"]), app["app_url"],
         tuple((m["object_name"], str(m["name"]), m.get("admin_url"), m.get("add_url"),
                m.get("view_only")) for m in app["models"]))  # fmt: skip
        for app in apps
    )


@register.simple_tag(takes_context=True)
def nav_sidebar(context):
    """Django's admin sidebar (admin/nav_sidebar_django.html), rendered once per menu and
    page: rendering its table of every model was a tenth of a changelist's cost."""
    key = (get_language(), context["request"].path, _menu(context["available_apps"]))
    html = _SIDEBARS.get(key)
    if html is None:
        sidebar = context.template.engine.get_template("admin/nav_sidebar_django.html")
        html = sidebar.render(context)
        if len(_SIDEBARS) >= _MAX_SIDEBARS:
            _SIDEBARS.clear()
        _SIDEBARS[key] = html
    return html


@register.tag(name="kept")
def kept_tag(parser, token):
    """``{% kept cl "name" [value …] %}…{% endkept %}``: what it encloses, rendered once for
    the changelist page its parts are kept for (apps.curriculum.admin_kept) and the values
    given (what else the part shows: who asks may see other actions), else every time."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% kept %} takes the changelist and a part's name.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), bits[2].strip("\"'"),
                    [parser.compile_filter(bit) for bit in bits[3:]], nodelist)  # fmt: skip


def _frozen(value):
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


class KeptNode(template.Node):
    def __init__(self, changelist, name: str, values, nodelist):
        self.changelist = changelist
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context):
        parts = getattr(self.changelist.resolve(context), "kept", None)
        if parts is None:
            return self.nodelist.render(context)
        key = self.name
        if self.values:
            key = (self.name, *(_frozen(value.resolve(context)) for value in self.values))
        html = parts.get(key)
        if html is None:
            html = parts[key] = self.nodelist.render(context)
        return html
