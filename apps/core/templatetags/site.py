"""Built into every template (settings TEMPLATES "builtins"): ``{% url %}`` and ``{% static %}``
that remember their answers (apps.core.reversing), ``{% icon %}`` and ``{% hole %}``.

The two tags keep Django's syntax and output; only the lookups behind them are cached.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags.static import StaticNode
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from apps.core import reversing, skeleton

register = template.Library()


class CachedURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reversing.reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


class CachedStaticNode(StaticNode):
    @classmethod
    def handle_simple(cls, path):
        return reversing.static_url(path)


@register.tag
def static(parser, token):
    return CachedStaticNode.handle_token(parser, token)


@register.simple_tag
def icon(name: str, css_class: str = ""):
    """An icon from the sprite in includes/icons.html, hidden from assistive technology (the
    text beside it names the action)."""
    return format_html(
        '<svg class="icon{}" aria-hidden="true" focusable="false"><use href="#i-{}"></use></svg>\n',
        f" {css_class}" if css_class else "", name,
    )  # fmt: skip


@register.simple_tag
def hole(name: str, *args):
    """Where a cached page (apps.core.skeleton) is filled for each request."""
    return mark_safe(skeleton.marker(name, *args))  # noqa: S308 - a marker, replaced before sending
