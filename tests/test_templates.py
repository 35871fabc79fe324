from pathlib import Path

from django.conf import settings


def test_no_template_comment_spans_lines():
    """{# … #} is single-line in Django: a multi-line one is printed on the page."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "{#" in line and "#}" not in line[line.index("{#") :]:
                offenders.append(f"{path}:{number}")
    assert offenders == []
