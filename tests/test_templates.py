import re
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


def test_htmx_attributes_use_the_valid_data_prefix():
    """hx-* is not HTML; htmx reads data-hx-* just the same, and the Nu checker accepts it."""
    bare = re.compile(r"(?<![-\w])hx-[a-z-]+=")
    offenders = [
        f"{path}:{number}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if bare.search(line)
    ]
    assert offenders == []
