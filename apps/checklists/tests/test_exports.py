"""The export's long sections are written from PostgreSQL's text of each row: they must read
exactly as the datetimes and JSON values themselves would have been written."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from apps.checklists import services
from apps.checklists.models import ItemProgress, ProgressEvent
from apps.curriculum.models import ChecklistItem, Page, Phase
from tests.factories import make_checklist, make_learner, make_page, make_phase, make_user

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MOMENTS = [
    dt.datetime(2026, 3, 1, 9, 5, 7, tzinfo=UTC),  # no fraction
    dt.datetime(2026, 3, 1, 9, 5, 7, 500, tzinfo=UTC),  # under a millisecond
    dt.datetime(2026, 3, 1, 9, 5, 7, 120000, tzinfo=UTC),
    dt.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    # Written in another zone: the export says it in UTC.
    dt.datetime(2026, 7, 1, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
]
DETAILS = [{}, {"b": [1, "ü"], "a": None, "c": 1.5}, {"reason": 'say "hi"\n'}]


@pytest.fixture
def learner_client(client):
    learner = make_learner(timezone="Asia/Kolkata")
    client.force_login(learner.user)
    client.user = learner.user
    return client


def encode(value) -> str:
    return DjangoJSONEncoder(separators=(",", ":")).encode(value)


def test_long_sections_read_as_the_values_themselves(learner_client):
    user = learner_client.user
    items = list(ChecklistItem.objects.order_by("id")[: len(MOMENTS)])
    items[0].is_retired = True
    items[0].save()
    for n, (item, moment) in enumerate(zip(items, MOMENTS, strict=True)):
        ItemProgress.objects.create(user=user, item=item, state="done", note=f"n{n} “quoted”",
                                    evidence_url="https://example.com/é", started_at=moment,
                                    done_at=None if n == 2 else moment)  # fmt: skip
    page, phase = Page.objects.first(), Phase.objects.first()
    for n in range(len(MOMENTS)):
        ProgressEvent.objects.create(user=user, kind="state", item=items[n] if n % 3 == 0 else None,
                                     page=page if n % 3 == 1 else None,
                                     phase=phase if n % 3 == 2 else None,
                                     from_state="" if n % 2 else "done", to_state="in_progress",
                                     detail=DETAILS[n % len(DETAILS)])  # fmt: skip
    for event, moment in zip(ProgressEvent.objects.order_by("id"), MOMENTS, strict=True):
        ProgressEvent.objects.filter(pk=event.pk).update(at=moment)

    progress = ItemProgress.objects.filter(user=user).select_related("item__checklist").order_by(
        "item__checklist__page__number", "item__checklist__order", "item__order"
    )
    history = ProgressEvent.objects.filter(user=user).select_related("item", "page", "phase")
    history = history.order_by("at", "id")

    text = learner_client.get("/profile/export.json").getvalue().decode()
    expected_progress = ",".join(
        encode({"item": p.item.key, "item_text": p.item.text, "checklist": p.item.checklist.key,
                "retired": p.item.is_retired or p.item.checklist.is_retired, "state": p.state,
                "note": p.note, "evidence_url": p.evidence_url, "started_at": p.started_at,
                "done_at": p.done_at})  # fmt: skip
        for p in progress
    )
    expected_history = ",".join(
        encode({"kind": e.kind, "item": e.item and e.item.key, "page": e.page and e.page.slug,
                "phase": e.phase and e.phase.key, "from": e.from_state, "to": e.to_state,
                "detail": e.detail, "at": e.at})  # fmt: skip
        for e in history
    )
    assert f'"progress":[{expected_progress}],"history":[{expected_history}]' in text
    assert json.loads(text)["history"][1]["at"] == "2026-03-01T09:05:07.000Z"

    csv_text = learner_client.get("/profile/export.csv").getvalue().decode()
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert [r for r in rows if r[0] == "progress"] == [
        ["progress", p.item.key, p.item.text, p.state, p.note, p.evidence_url,
         str(p.started_at or ""), str(p.done_at or ""), "",
         "retired" if p.item.is_retired or p.item.checklist.is_retired else ""]  # fmt: skip
        for p in progress
    ]
    assert [r for r in rows if r[0] == "history"] == [
        ["history", (e.item and e.item.key) or (e.page and e.page.slug) or e.phase.key, e.kind,
         e.to_state, "", "", "", "", str(e.at), e.from_state or (e.detail and str(e.detail)) or ""]  # fmt: skip
        for e in history
    ]
    assert "2026-06-30 20:00:00+00:00" in {r[8] for r in rows}
    # Byte for byte what csv.writer writes (the history's lines are written directly).
    written = io.StringIO()
    csv.writer(written).writerows(r for r in rows if r[0] == "history")
    assert written.getvalue() in csv_text
    assert ',"{\'a\': None, \'b\': [1, \'ü\'], \'c\': 1.5}"\r\n' in csv_text  # quoted


def test_content_newer_than_the_kept_keys_is_named_by_the_history_itself(learner_client):
    """The progress and history name items, pages and phases from the keys kept per content
    revision; one added since (a race with an editor) is named by the row that mentions it, or
    read for the progress."""
    from apps.checklists import exports

    user = learner_client.user
    newest = make_checklist(page=make_page(phase=make_phase()), items=1).items.get()
    older = ChecklistItem.objects.exclude(pk=newest.pk).order_by("id").first()
    for item in (older, newest, older):
        ProgressEvent.objects.create(user=user, kind="state", item=item, to_state="done")
    ProgressEvent.objects.create(user=user, kind="page_read", page=newest.checklist.page)
    ProgressEvent.objects.create(user=user, kind="phase_ready", phase=newest.checklist.page.phase)

    ItemProgress.objects.create(user=user, item=newest, state="done", note="new")
    ItemProgress.objects.create(user=user, item=older, state="in_progress")

    def written(keys) -> tuple[str, ...]:
        return ("".join(exports._history_json(user, keys)),
                "".join(exports._history_csv(user, keys)),
                "".join(exports._progress_json(user, keys)),
                repr(exports._progress(user, keys)))  # fmt: skip

    everything = written(exports._Keys())
    assert everything[0].count(f'"item":"{newest.key}"') == 1
    keys = exports._Keys()
    keys.kept = {name: dict(known) for name, known in keys.kept.items()}  # ours to change
    for kind, pk in (("item", newest.pk), ("page", newest.checklist.page_id),
                     ("phase", newest.checklist.page.phase_id)):  # fmt: skip
        for form in (kind, f"{kind}_json", f"{kind}_cell"):
            del keys.kept[form][pk]  # as if kept before the newest content was added
    del keys.kept["progress_items"][newest.pk]
    newer = (newest.pk, newest.checklist.page_id, newest.checklist.page.phase_id)
    assert all(kept < pk for kept, pk in zip(keys.newest(), newer, strict=True))
    assert written(keys) == everything
    assert keys.kept["item"][newest.pk] == newest.key


@pytest.mark.parametrize("style", ["json", "csv"])
def test_an_export_left_half_read_leaves_the_connection_usable(transactional_db, style):
    """The history streams from one statement: a download that stops in the middle (its
    chunks closed unread) cancels that statement, and the connection serves the next query."""
    from apps.checklists import exports

    user = make_user()  # the database is flushed: no roadmap, so a checklist of our own
    item = make_checklist(page=make_page(), items=1).items.get()
    ProgressEvent.objects.bulk_create(
        ProgressEvent(user=user, kind="state", item=item, to_state="done") for _ in range(5000)
    )
    chunks = (exports.json_chunks(exports.learner_export(user=user)) if style == "json"
              else exports.csv_chunks(exports.learner_export_rows(user=user)))  # fmt: skip
    while item.key not in next(chunks):
        pass
    chunks.close()
    assert ProgressEvent.objects.filter(user=user).count() == 5000
    assert sum(map(len, exports._history_chunks(user, exports._Keys()))) == 5000


def test_the_small_sections_read_together_are_what_each_query_reads(learner_client):
    """The export reads its small sections in one statement, compiled once: each section's
    rows are what its own query (values_list, first(), model objects with their annotations)
    reads, for a learner with rows in all of them and for an account with none."""
    from decimal import Decimal

    from apps.checklists import exports
    from apps.checklists.models import Bookmark, PageRead, PhaseConfirmation, WeeklyCheckIn
    from apps.portfolio.models import (
        Application,
        BehavioralStory,
        Contribution,
        InterviewPractice,
        PaperRead,
        PolishCheck,
        Project,
        PublicFootprint,
        PublicPost,
    )

    user = learner_client.user
    items = list(ChecklistItem.objects.order_by("id")[:3])
    page, phase = Page.objects.first(), Phase.objects.first()
    Bookmark.objects.create(user=user, item=items[0])
    Bookmark.objects.create(user=user, page=page)
    PageRead.objects.create(user=user, page=page)
    PhaseConfirmation.objects.create(user=user, phase=phase)
    for week, hours in [(dt.date(2026, 3, 2), Decimal("9.5")), (dt.date(2026, 2, 23), Decimal("12"))]:
        WeeklyCheckIn.objects.create(user=user, week_start=week, hours=hours, reflection="é “q”")
    InterviewPractice.objects.create(user=user, question=items[1], confidence=4,
                                     last_practised_on=dt.date(2026, 3, 1))  # fmt: skip
    BehavioralStory.objects.create(user=user, theme=items[2], title="T", situation="s",
                                   task="t", action="a", result="r")  # fmt: skip
    PublicFootprint.objects.create(user=user, same_three_keys=["a", "b"])
    day = dt.date(2026, 3, 1)
    for slot in ["product-demo", "paper-reproduction"]:
        project = Project.objects.create(user=user, slot=slot, title=f"P {slot}", summary="s",
                                         status="building", risk_keys=["x"])  # fmt: skip
    PolishCheck.objects.create(project=project, item=items[0])
    PolishCheck.objects.create(project=project, item=items[1])
    PaperRead.objects.create(user=user, paper=items[2], title="A paper", read_on=day,
                             tell_keys=["t"])  # fmt: skip
    PaperRead.objects.create(user=user, title="Another", read_on=day)
    Contribution.objects.create(user=user, repository="o/r", pr_url="https://x.org/1",
                                title="PR", opened_on=day)  # fmt: skip
    PublicPost.objects.create(user=user, title="Post", url="https://x.org/p", published_on=day)
    for n in range(2):
        Application.objects.create(user=user, company=f"C{n}", role="r", applied_on=day,
                                   red_flag_keys=["r"] * n)  # fmt: skip

    def state(row):  # a model object by its every attribute (== compares only primary keys)
        if not hasattr(row, "_state"):
            return row
        return {name: value for name, value in vars(row).items() if name != "_state"}

    nobody = make_user()
    for who in (user, nobody):
        together = exports._read_small(who)
        for name, query in exports._small_sections(who.pk).items():
            assert [state(row) for row in together[name]] == [state(row) for row in query], name
    together = exports._read_small(user)
    # Objects are made as Model.from_db makes them, which holds while the models have no
    # __init__ of their own and nothing listens for their init signals; and written as
    # model_to_dict writes them.
    from django.db import models
    from django.db.models.signals import post_init, pre_init
    from django.forms.models import model_to_dict

    for name, exclude in [("projects", ("id", "user")), ("papers", ("id", "user", "paper")),
                          ("contributions", ("id", "user")), ("public_posts", ("id", "user")),
                          ("applications", ("id", "user"))]:  # fmt: skip
        model = exports._small[name].model
        assert model.__init__ is models.Model.__init__, name
        assert not pre_init.has_listeners(model) and not post_init.has_listeners(model), name
        assert together[name] and all(obj._state.db == "default" and not obj._state.adding
                                      for obj in together[name])  # fmt: skip
        for obj in together[name]:
            assert exports._as_dict(obj, exclude) == model_to_dict(obj, exclude=list(exclude))
    polished = next(p for p in together["projects"] if p.pk == project.pk)
    assert sorted(polished.polish_keys) == sorted([items[0].key, items[1].key])
    assert together["papers"][-1].paper_key == items[2].key and len(together["applications"]) == 2
    assert len(exports._read_small(user)["weekly_check_ins"]) == 2
    assert exports._read_small(nobody)["profile"] == []


@pytest.mark.parametrize("style", ["json", "csv"])
def test_a_kept_export_has_every_change_since(client, style):
    learner = make_learner()
    client.force_login(learner.user)
    url = reverse(f"checklists:export_{style}")
    first = b"".join(client.get(url).streaming_content).decode()
    assert b"".join(client.get(url).streaming_content).decode() == first
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    services.bookmark_toggle(user=learner.user, item=item)
    later = b"".join(client.get(url).streaming_content).decode()
    assert "baseline-git-stash" in later and "baseline-git-stash" not in first
