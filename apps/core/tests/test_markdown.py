from apps.core.markdown import render_markdown, render_markdown_inline


def test_markdown_renders_tables_code_and_headings():
    html = render_markdown("## Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n")
    assert '<h2 id="title">Title</h2>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert "<pre><code>code" in html


def test_scripts_event_handlers_and_javascript_links_are_removed():
    html = render_markdown(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
        '<img src=x onerror=alert(1)> <a href="/ok" onclick="x()">ok</a> '
        '<a href="JaVaScRiPt:alert(1)">y</a> <style>body{}</style>'
    )
    lowered = html.lower()
    for bad in ("<script", "javascript:", "onerror", "onclick", "<img", "<style"):
        assert bad not in lowered
    assert 'href="/ok"' in html


def test_inline_rendering_drops_the_paragraph():
    assert render_markdown_inline("Use `uv` *now*") == "Use <code>uv</code> <em>now</em>"
    assert render_markdown_inline("") == ""
