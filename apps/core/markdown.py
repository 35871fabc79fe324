"""Markdown to safe HTML. Every piece of Markdown the site shows goes through here."""

import html as html_lib
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
    "code": {"class"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Render Markdown and sanitise the result: scripts, event handlers, styles and
    ``javascript:`` URLs never reach the page, whoever wrote the Markdown."""
    html = markdown_lib.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


@lru_cache(maxsize=4096)
def render_markdown_inline(text: str) -> SafeString:
    """Render a one-line Markdown fragment without the wrapping paragraph."""
    html = str(render_markdown(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - already sanitised


@lru_cache(maxsize=4096)  # strip_tags parses HTML: twice per item on a roadmap page
def markdown_plain(text: str) -> str:
    """A one-line fragment as plain text (not safe: it is escaped wherever it goes), for
    attributes and announcements."""
    plain = html_lib.unescape(strip_tags(render_markdown_inline(text)))
    return "".join(plain)  # a plain str: SafeString would skip the escaping it needs


@lru_cache(maxsize=1024)
def markdown_headings(text: str, level: int = 2) -> tuple[tuple[str, str], ...]:
    """The (id, text) of every heading of one level, with the same ids render_markdown gives
    them: a page's table of contents."""
    converter = markdown_lib.Markdown(extensions=EXTENSIONS, output_format="html")
    converter.convert(text or "")
    found: list[tuple[str, str]] = []

    def walk(tokens):
        for token in tokens:
            if token["level"] == level:
                found.append((token["id"], nh3.clean(token["name"], tags=set())))
            walk(token["children"])

    walk(converter.toc_tokens)
    return tuple(found)
