import gc

import pytest

from apps.core import warm


def test_a_process_freezes_what_it_holds_after_100_then_1000_requests(monkeypatch):
    monkeypatch.setattr(warm, "_served", 0)
    monkeypatch.setattr(warm, "_next_freeze", 100)
    freezes = []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(warm._served))
    monkeypatch.setattr(gc, "collect", lambda: 0)
    for _ in range(2500):
        warm.freeze_when_warm()
    assert freezes == [100, 1000]


@pytest.mark.django_db
def test_every_request_counts(client, monkeypatch):
    monkeypatch.setattr(warm, "_served", 0)
    client.get("/healthz")
    client.get("/healthz")
    assert warm._served == 2
