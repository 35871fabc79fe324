"""Built into every template (settings TEMPLATES "builtins"): ``{% url %}`` and ``{% static %}``
that remember their answers (apps.core.reversing), ``|date`` written out for the formats the
templates use, ``|striptags`` and ``|truncatechars`` that remember theirs, ``{% icon %}`` and
``{% hole %}``.

The tags and filters keep Django's syntax and output; only the work behind them is cheaper.
"""

import datetime as dt
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import stringfilter
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags.static import StaticNode
from django.urls import NoReverseMatch
from django.utils import dates, translation
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from apps.core import reversing, skeleton
from apps.core.kept import CSRF_MARK

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


_DATE_PARTS = {
    "j": lambda d, names: str(d.day),
    "d": lambda d, names: f"{d.day:02d}",
    "n": lambda d, names: str(d.month),
    "m": lambda d, names: f"{d.month:02d}",
    "Y": lambda d, names: f"{d.year:04d}",
    "M": lambda d, names: names[0][d.month],
    "F": lambda d, names: names[1][d.month],
    "D": lambda d, names: names[2][d.weekday()],
}
_DATETIME_PARTS = _DATE_PARTS | {
    "H": lambda d, names: f"{d.hour:02d}",
    "i": lambda d, names: f"{d.minute:02d}",
}
_LITERALS = set(" ,:-/.")
_formats: dict[tuple[str, bool], list | None] = {}
_names_by_language: dict[str | None, tuple[dict, dict, dict]] = {}


def _compiled(arg: str, with_time: bool) -> list | None:
    """The format as a list of literal strings and part writers; None if it has anything
    else."""
    key = (arg, with_time)
    if key not in _formats:
        parts = _DATETIME_PARTS if with_time else _DATE_PARTS
        if all(char in _LITERALS or char in parts for char in arg):
            _formats[key] = [char if char in _LITERALS else parts[char] for char in arg]
        else:
            _formats[key] = None
    return _formats[key]


def _names() -> tuple[dict, dict, dict]:
    language = translation.get_language()
    names = _names_by_language.get(language)
    if names is None:
        names = _names_by_language[language] = (
            {n: str(name).title() for n, name in dates.MONTHS_3.items()},
            {n: str(name) for n, name in dates.MONTHS.items()},
            {n: str(name) for n, name in dates.WEEKDAYS_ABBR.items()},
        )
    return names


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``|date``, with the formats made of day, month, year, hour and minute written
    out here: Django's way looks the format up and walks a formatter per call, 0.03 ms each,
    twenty times on a dashboard. Anything else (a named format, other letters, escapes, a
    string) goes to Django's."""
    if not arg or not isinstance(value, dt.date):
        return django_date(value, arg)
    format_ = _compiled(arg, isinstance(value, dt.datetime))
    if format_ is None:
        return django_date(value, arg)
    names = _names()
    return "".join(part if isinstance(part, str) else part(value, names) for part in format_)


@register.filter(is_safe=True)
@stringfilter
def striptags(value):
    """Django's ``|striptags``, remembered: it parses the HTML, and the same item texts come
    back on every page (a long one cost 0.4 ms on the dashboard)."""
    return _strip_tags(value)


@lru_cache(maxsize=4096)
def _strip_tags(value: str) -> str:
    return strip_tags(value)


@register.filter(is_safe=True)
@stringfilter
def truncatechars(value, arg):
    """Django's ``|truncatechars``, remembered."""
    try:
        length = int(arg)
    except ValueError:  # Invalid literal for int().
        return value  # Fail silently.
    return _truncate_chars(value, length)


@lru_cache(maxsize=4096)
def _truncate_chars(value: str, length: int) -> str:
    return Truncator(value).chars(length)


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


_menus: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def menu(context, template_name: str):
    """includes/site_header.html and the menus in it (nav_links.html, account_links.html),
    rendered once per process for each combination of what they read: the account's roles,
    waiting and unread counts and initial, the page's name and app, whether it is an account
    page (a template that starts reading something else must add it to the key). Drawn by the
    template on every page, the header cost about a third of a small page (profiled). The
    sign-out form's CSRF token is put in per request."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    account = context.get("account")
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    token = context.get("csrf_token")
    has_token = bool(token) and str(token) != "NOTPROVIDED"
    key = (
        template_name,
        has_token,
        signed_in,
        account.is_learner if account else False,
        account.is_mentor if account else False,
        account.is_editor if account else False,
        account.waiting_reviews if account else 0,
        account.unread if account else 0,
        user.email[:1] if signed_in else "",
        getattr(match, "url_name", None),
        getattr(match, "app_name", None),
        request.path[:10] == "/accounts/" if request else False,
    )
    html = _menus.get(key)
    if html is None:
        template = context.template.engine.get_template(template_name)
        with context.push(csrf_token=CSRF_MARK if has_token else token):
            html = template.render(context)
        if len(_menus) > 4096:
            _menus.clear()
        _menus[key] = html
    if has_token:
        html = html.replace(CSRF_MARK, conditional_escape(str(token)))
    return mark_safe(html)  # noqa: S308 - our template's output
