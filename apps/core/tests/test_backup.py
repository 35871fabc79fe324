"""backup and restore: a round trip keeps every learner's progress, history and portfolio."""

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from apps.checklists.exports import json_chunks, learner_export
from apps.checklists.services import item_progress_set, weekly_check_in_save
from apps.curriculum.models import ChecklistItem
from apps.curriculum.services import roadmap_seed
from apps.mentoring import services as mentoring
from apps.portfolio.models import Project
from tests.factories import make_learner, make_mentorship


def everyone_exported() -> str:
    from apps.accounts.models import User

    # The export streams its long sections: read each learner's the way the download does.
    return json.dumps(
        {
            u.email: json.loads("".join(json_chunks(learner_export(user=u))))
            for u in User.objects.order_by("email")
        },
        sort_keys=True,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_round_trip(tmp_path):
    import datetime as dt
    from decimal import Decimal

    roadmap_seed(fixtures_dir=settings.FIXTURES_DIR)
    for n in range(3):
        learner = make_learner(display_name=f"Learner {n}")
        for key in ["baseline-git-stash", "baseline-git-everyday-commands"][: n + 1]:
            item = ChecklistItem.objects.get(key=key)
            item_progress_set(user=learner.user, item=item, state="done", note=f"note {n}")
        weekly_check_in_save(user=learner.user, week_start=dt.date(2026, 11, 23),
                             hours=Decimal("7.5"), reflection="steady")  # fmt: skip
        Project.objects.create(user=learner.user, title=f"Project {n}", summary="s")
    mentorship = make_mentorship(learner=learner)
    mentoring.review_request(mentorship=mentorship, item=item, message="look")
    before = everyone_exported()
    backup = tmp_path / "roadmap.dump"

    call_command("backup", str(backup))
    assert backup.stat().st_size > 10_000

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("restore", str(backup))
    connection.close()
    assert everyone_exported() == before

    # Over a database that has changed since: --force puts the backup back.
    item_progress_set(user=learner.user, item=item, state="in_progress")
    assert everyone_exported() != before
    call_command("restore", str(backup), "--force")
    connection.close()
    assert everyone_exported() == before
