from django import template

from apps.core.markdown import render_markdown, render_markdown_inline

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: str):
    return render_markdown_inline(text)
