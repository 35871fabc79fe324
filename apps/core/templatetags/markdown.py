from django import template

from apps.core.markdown import markdown_plain, render_markdown, render_markdown_inline

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: str):
    return render_markdown_inline(text)


@register.filter(name="markdown_plain")
def markdown_plain_filter(text: str) -> str:
    return markdown_plain(text)
