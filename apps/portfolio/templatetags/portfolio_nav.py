"""Tags for the portfolio's pages."""

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()

# The portfolio's navigation by the page it marks as current: the same for every learner.
_NAVS: dict[tuple, str] = {}
_MAX_NAVS = 64


@register.simple_tag(takes_context=True)
def portfolio_nav(context):
    """includes/portfolio_nav.html, rendered once per process for each page it marks as the
    current one (its links and names are fixed): on every portfolio page it cost as much as
    the page's own cards."""
    match = context["request"].resolver_match
    kind = context.get("kind")
    key = (
        match.url_name,
        match.namespace,
        getattr(kind, "slug", None),
        tuple((k.slug, k.title) for k in context["kinds"]),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )
    html = _NAVS.get(key)
    if html is None:
        nav = context.template.engine.get_template("includes/portfolio_nav.html")
        if len(_NAVS) >= _MAX_NAVS:
            _NAVS.clear()
        html = _NAVS[key] = nav.render(context)
    return html
