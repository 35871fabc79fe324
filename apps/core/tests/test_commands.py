from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from apps.curriculum.models import ChecklistItem

pytestmark = pytest.mark.django_db


def test_makemigrations_has_nothing_to_do():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_start_migrates_seeds_and_serves(monkeypatch):
    monkeypatch.delenv("RUN_MAIN", raising=False)
    ChecklistItem.objects.filter(key="papers-dpo").delete()
    out = StringIO()
    with mock.patch(
        "django.core.management.commands.runserver.Command.handle", return_value=None
    ) as serve:
        call_command("start", "127.0.0.1:8123", stdout=out)
    assert serve.call_args.kwargs["addrport"] == "127.0.0.1:8123"
    assert ChecklistItem.objects.filter(key="papers-dpo").exists()
    output = out.getvalue()
    assert "created 1 checklist items" in output
    assert "http://127.0.0.1:8123/" in output


def test_start_in_the_reloader_child_only_serves(monkeypatch):
    monkeypatch.setenv("RUN_MAIN", "true")
    out = StringIO()
    with mock.patch(
        "django.core.management.commands.runserver.Command.handle", return_value=None
    ) as serve:
        call_command("start", stdout=out)
    assert serve.called
    assert out.getvalue() == ""


def test_the_cache_table_exists_for_shared_rate_limits():
    from django.core.cache import cache

    cache.set("probe", "value", 5)
    assert cache.get("probe") == "value"
