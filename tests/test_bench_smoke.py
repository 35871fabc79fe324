"""The benchmark, small: 1,000 demo learners, every benchmark page under load from wrk through
gunicorn with 2 workers. Nothing about time is asserted (CI machines vary); every page must
answer 200 to every request, with a bounded number of queries."""

import shutil
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from apps.curriculum.services import roadmap_seed
from bench import harness

SMOKE_LEARNERS = 1000
SMOKE_SECONDS = 2


def _database_url() -> str:
    """The test database's address, for the gunicorn workers."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    socket_dir = db["OPTIONS"].get("host") or (db["HOST"] if db["HOST"].startswith("/") else "")
    if socket_dir:  # a Unix socket, as the embedded server uses
        return f"postgresql://{credentials}@/{db['NAME']}?host={quote(socket_dir)}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{credentials}@{db['HOST'] or 'localhost'}{port}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_every_benchmark_page_answers_200_under_load(capsys):
    assert shutil.which("wrk"), "the benchmark needs wrk: apt-get install wrk (.ci/run does)"
    roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    call_command("seed_demo", learners=SMOKE_LEARNERS)
    env = harness.bench_environment(_database_url())
    # The test settings serve static files without collectstatic; otherwise as in production.
    env["DJANGO_SETTINGS_MODULE"] = "roadmap.settings.test"
    env["PYTHONPATH"] = str(harness.ROOT)
    rows = harness.measure_pages(env, seconds=SMOKE_SECONDS, connections=50, cpu=False)
    with capsys.disabled():
        sys.stdout.write("\n" + harness.results_markdown(
            rows, "pytest tests/test_bench_smoke.py", SMOKE_LEARNERS, SMOKE_SECONDS, 50, ""))  # fmt: skip
    assert len(rows) == len(harness.targets())
    for row in rows:
        assert row.status == 200, row.target.name
        assert row.requests > 0, row.target.name
        assert row.errors == 0, f"{row.target.name}: {row.errors} failed requests"
        assert row.queries <= row.target.max_queries, (row.target.name, row.queries)
