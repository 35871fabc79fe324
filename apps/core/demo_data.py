"""A realistic, reproducible dataset for the benchmark: thousands of learners at every stage,
their history, check-ins and portfolios, mentors with 1–50 mentees and open reviews.

Everything derives from one random seed, so two runs build the same data. The big tables go
in through PostgreSQL's COPY: 10,000 learners (about three million rows) take a few minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

DEMO_DOMAIN = "demo.roadmap.example"
DEMO_PASSWORD = "demo-passphrase-2026"  # noqa: S105 — documented; the data is fake
HEAVY_LEARNER = f"heavy@{DEMO_DOMAIN}"
BUSY_MENTOR = f"mentor@{DEMO_DOMAIN}"
EDITOR = f"editor@{DEMO_DOMAIN}"
BUSY_MENTOR_MENTEES = 50
HEAVY_HISTORY_ROWS = 5000
TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney",
             "America/Sao_Paulo", "Africa/Lagos", "Asia/Tokyo"]  # fmt: skip
COMPANIES = ["Acme AI", "Tensorworks", "Northwind Labs", "Gradient Co", "Vector Inc",
             "Bluefin", "Lattice", "Orbital ML"]  # fmt: skip
OPEN_REVIEW_STATES = ["requested", "resubmitted", "changes_requested"]


class DemoRefused(Exception):
    """The database holds data that seeding could damage."""


@dataclass
class Content:
    """The roadmap as the seeder needs it: counted items in order, by page."""

    items: list[tuple[int, int, int]]  # (item id, checklist id, page id), in roadmap order
    pages: list[int]
    phases: list[int]
    buckets: list[int]
    specializations: list[int]
    papers: list[int]


@dataclass
class SeedSummary:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + count


def real_user_count() -> int:
    from apps.accounts.models import User

    return User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").count()


def demo_user_count() -> int:
    from apps.accounts.models import User

    return User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()


def wipe_people() -> None:
    """Remove every account and everything that hangs off accounts (only when no real user
    exists, which the caller checks): TRUNCATE … CASCADE is instant where deletes take hours."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_user, django_session CASCADE")


def _content() -> Content:
    from apps.checklists.selectors import roadmap_items
    from apps.curriculum.models import Bucket, Page, Phase, Specialization

    items = list(
        roadmap_items()
        .order_by("checklist__page__number", "checklist__order", "order")
        .values_list("id", "checklist_id", "checklist__page_id")
    )
    if not items:
        raise DemoRefused("The roadmap is empty: run `manage.py seed_roadmap` first.")
    papers = list(
        roadmap_items().filter(checklist__kind="reading").values_list("id", flat=True)[:10]
    )
    return Content(
        items=items,
        pages=list(Page.objects.published().order_by("number").values_list("id", flat=True)),
        phases=list(Phase.objects.order_by("order").values_list("id", flat=True)),
        buckets=list(Bucket.objects.values_list("id", flat=True)),
        specializations=list(Specialization.objects.values_list("id", flat=True)),
        papers=papers,
    )


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Stream rows into a table with COPY; returns how many were written. Columns the rows
    leave out get the model's default, so fields added later need no change here."""
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    extra_columns, extra_values = [], []
    now = timezone.now()
    for model_field in model._meta.concrete_fields:
        if model_field.column in columns or model_field.primary_key:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = now
        elif model_field.has_default():
            value = model_field.get_default()
        elif model_field.null:
            value = None
        else:
            column = f"{table}.{model_field.column}"
            raise DemoRefused(f"seed_demo does not know what to put in {column}.")
        extra_columns.append(model_field.column)
        extra_values.append(model_field.get_db_prep_save(value, connection))
    extra = tuple(extra_values)
    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns + extra_columns)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row + extra if extra else row)
                count += 1
    return count


def _next_ids(table: str, count: int) -> list[int]:
    """Reserve ``count`` primary keys from the table's sequence, so COPY can set them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Learner:
    user_id: int
    email: str
    start: dt.date
    done_fraction: float
    heavy: bool = False
    done_items: list[int] = field(default_factory=list)


def _moments(rng: random.Random, start: dt.datetime, end: dt.datetime, count: int):
    """``count`` sorted moments between start and end."""
    span = max((end - start).total_seconds(), 60.0)
    return sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(count))


def seed_demo(*, learners: int, mentors: int | None = None, seed: int = 16,
              progress: Callable[[str, int, int], None] | None = None) -> SeedSummary:  # fmt: skip
    """Build the dataset. ``progress(stage, done, total)`` is told how far it has got."""
    rng = random.Random(seed)  # noqa: S311 — reproducible fake data, not secrets
    mentors = mentors if mentors is not None else max(1, learners // 20)
    report = progress or (lambda stage, done, total: None)
    content = _content()
    summary = SeedSummary()
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    password = make_password(DEMO_PASSWORD)

    with transaction.atomic():
        people = _users(rng, learners, mentors, password, now, summary)
        learner_rows = _profiles(rng, people["learners"], content, today, now, summary)
        chunk = max(1, len(learner_rows) // 50)
        for start in range(0, len(learner_rows), chunk):
            batch = learner_rows[start : start + chunk]
            _progress_and_history(rng, batch, content, today, now, summary)
            _check_ins_and_portfolio(rng, batch, content, today, now, summary)
            report("learners", min(start + chunk, len(learner_rows)), len(learner_rows))
        _mentoring(rng, learner_rows, people["mentors"], now, summary)
        report("mentors", 1, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summary


def _users(rng, learners: int, mentors: int, password: str, now, summary) -> dict[str, list]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group, Permission

    from apps.accounts.models import User
    from apps.curriculum.roles import sync_content_editor_group

    emails = [HEAVY_LEARNER] + [f"learner{n}@{DEMO_DOMAIN}" for n in range(1, learners)]
    mentor_emails = [BUSY_MENTOR] + [f"mentor{n}@{DEMO_DOMAIN}" for n in range(1, mentors)]
    joined = now - dt.timedelta(days=420)
    users = User.objects.bulk_create(
        [User(email=e, password=password, date_joined=joined) for e in emails + mentor_emails]
        + [User(email=EDITOR, password=password, is_staff=True, date_joined=joined)],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    users[-1].groups.add(sync_content_editor_group(Group, Permission))
    summary.add("users", len(users))
    return {"learners": users[:learners], "mentors": users[learners:-1]}


def _profiles(rng, users, content: Content, today, now, summary) -> list[Learner]:
    from apps.learners.models import LearnerProfile

    rows, profiles = [], []
    for index, user in enumerate(users):
        heavy = index == 0
        days_in = 340 if heavy else rng.randint(3, 400)
        start = today - dt.timedelta(days=days_in)
        pace = rng.lognormvariate(0, 0.45)
        done_fraction = 0.93 if heavy else min(1.0, days_in / 365 * pace * 0.55)
        rows.append(Learner(user.pk, user.email, start, done_fraction, heavy))
        chose = days_in > 120 and rng.random() < 0.8
        profiles.append(
            LearnerProfile(
                user=user,
                display_name="Heavy Learner" if heavy else f"Learner {index}",
                bucket_id=rng.choice(content.buckets),
                test_answers={},
                start_date=start,
                hours_per_week=rng.choice([5, 8, 10, 15, 20, 30, 40]),
                timezone="UTC" if heavy else rng.choice(TIMEZONES),
                specialization_id=rng.choice(content.specializations) if chose else None,
                specialization_chosen_on=start + dt.timedelta(days=110) if chose else None,
            )
        )
    LearnerProfile.objects.bulk_create(profiles, batch_size=2000)
    summary.add("learner profiles", len(profiles))
    return rows


def _progress_and_history(rng, batch: list[Learner], content: Content, today, now, summary):
    progress_rows: list[tuple] = []
    event_rows: list[tuple] = []
    read_rows: list[tuple] = []
    confirm_rows: list[tuple] = []
    for learner in batch:
        start = dt.datetime.combine(learner.start, dt.time(9), tzinfo=dt.UTC)
        total = len(content.items)
        reached = min(total, int(total * learner.done_fraction))
        in_progress = rng.randint(0, 6) if reached < total else 0
        moments = iter(_moments(rng, start, now, 2 * (reached + in_progress) + 2))
        pages_done: dict[int, bool] = {}
        for position, (item_id, _checklist_id, page_id) in enumerate(content.items):
            if position >= reached + in_progress:
                pages_done[page_id] = False
                break
            skipped = rng.random() < 0.03
            if position < reached:
                state = "not_applicable" if skipped else "done"
            else:
                state = "in_progress"
            started = next(moments)
            finished = next(moments) if state == "done" else None
            progress_rows.append((learner.user_id, item_id, state, "", "", started,
                                  finished, finished or started))  # fmt: skip
            if state == "done":
                learner.done_items.append(item_id)
            if learner.heavy or rng.random() < 0.5:
                event_rows.append((learner.user_id, "state", item_id, None, None,
                                   "not_started", "in_progress", "{}", started))  # fmt: skip
            if state != "in_progress":
                event_rows.append((learner.user_id, "state", item_id, None, None,
                                   "in_progress" if learner.heavy else "not_started", state,
                                   "{}", finished or started))  # fmt: skip
            pages_done[page_id] = pages_done.get(page_id, True) and state != "in_progress"
        for page_id, finished in pages_done.items():
            if finished:
                read_rows.append((learner.user_id, page_id, now))
        phases_done = int(len(content.phases) * learner.done_fraction)
        for phase_id in content.phases[:phases_done]:
            confirm_rows.append((learner.user_id, phase_id, now))
        if learner.heavy:
            # Years of second thoughts: ticking and unticking until the history is long.
            items = [item for item, _, _ in content.items]
            extra = HEAVY_HISTORY_ROWS - sum(1 for row in event_rows if row[0] == learner.user_id)
            for moment in _moments(rng, start, now, max(0, extra)):
                event_rows.append((learner.user_id, "state", rng.choice(items), None, None,
                                   "done", "in_progress", "{}", moment))  # fmt: skip
    summary.add("item progress", copy_rows(
        "checklists_itemprogress",
        ["user_id", "item_id", "state", "note", "evidence_url", "started_at", "done_at",
         "updated_at"],
        progress_rows,
    ))  # fmt: skip
    summary.add("history events", copy_rows(
        "checklists_progressevent",
        ["user_id", "kind", "item_id", "page_id", "phase_id", "from_state", "to_state", "detail",
         "at"],
        event_rows,
    ))  # fmt: skip
    summary.add("pages read", copy_rows(
        "checklists_pageread", ["user_id", "page_id", "read_at"], read_rows))  # fmt: skip
    summary.add("phase confirmations", copy_rows(
        "checklists_phaseconfirmation", ["user_id", "phase_id", "confirmed_at"],
        confirm_rows))  # fmt: skip


def _weeks(start: dt.date, today: dt.date) -> Iterator[dt.date]:
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= today:
        yield monday
        monday += dt.timedelta(weeks=1)


def _check_ins_and_portfolio(rng, batch: list[Learner], content: Content, today, now, summary):
    check_ins, projects, papers, contributions, posts, applications = [], [], [], [], [], []
    slots = ["product-demo", "paper-reproduction", "oss-contribution"]
    for learner in batch:
        regular = 0.95 if learner.heavy else rng.uniform(0.2, 0.9)
        for monday in _weeks(learner.start, today):
            if rng.random() < regular:
                reflection = "Steady week." if rng.random() < 0.3 else ""
                check_ins.append((learner.user_id, monday, rng.randint(2, 30), reflection,
                                  now, now))  # fmt: skip
        along = learner.done_fraction
        for slot in slots[: 3 if learner.heavy else int(along * 3.5)]:
            projects.append((learner.user_id, slot, f"{slot.replace('-', ' ').title()} project",
                             "A thing that works.", "https://github.com/demo/project",
                             "", "", rng.choice(["building", "live", "written_up"]),
                             learner.start, None, "", "", "[]", slot == "product-demo",
                             now, now))  # fmt: skip
        for n in range(40 if learner.heavy else int(along * rng.randint(0, 14))):
            paper = rng.choice(content.papers) if content.papers and n < 10 else None
            papers.append((learner.user_id, paper, f"Paper {n}", "", "", "skim",
                           today - dt.timedelta(days=rng.randint(0, 300)), "", "", "", "",
                           ""))  # fmt: skip
        for n in range(8 if learner.heavy else int(along * rng.randint(0, 5))):
            opened = today - dt.timedelta(days=rng.randint(10, 300))
            merged = rng.random() < 0.5
            contributions.append((learner.user_id, "demo/library",
                                  f"https://github.com/demo/library/pull/{n + 1}",
                                  f"Fix {n}", "bug", "merged" if merged else "open", opened,
                                  opened + dt.timedelta(days=5) if merged else None))  # fmt: skip
        for n in range(6 if learner.heavy else int(along * rng.randint(0, 6))):
            posts.append((learner.user_id, f"What I learned, part {n + 1}",
                           f"https://blog.example/{learner.user_id}/{n}", "post",
                           today - dt.timedelta(days=rng.randint(0, 300))))  # fmt: skip
        job_hunting = learner.heavy or along > 0.75
        for n in range(60 if learner.heavy else (rng.randint(0, 30) if job_hunting else 0)):
            applied = today - dt.timedelta(days=rng.randint(0, 120))
            stage = rng.choice(["applied", "applied", "replied", "first_round", "rejected"])
            applications.append((
                learner.user_id, rng.choice(COMPANIES), f"AI engineer {n}", "", "", "[]", "[]",
                stage, applied,
                applied + dt.timedelta(days=7) if stage in {"replied", "first_round"} else None,
                applied + dt.timedelta(days=14) if stage == "first_round" else None,
                None, None, applied + dt.timedelta(days=10) if stage == "rejected" else None, "",
            ))  # fmt: skip
    summary.add("check-ins", copy_rows(
        "checklists_weeklycheckin",
        ["user_id", "week_start", "hours", "reflection", "created_at", "updated_at"],
        check_ins))  # fmt: skip
    summary.add("projects", copy_rows(
        "portfolio_project",
        ["user_id", "slot", "title", "summary", "repository_url", "demo_url", "writeup_url",
         "status", "started_on", "finished_on", "evaluation", "limitations", "risk_keys",
         "pinned", "created_at", "updated_at"], projects))  # fmt: skip
    summary.add("papers", copy_rows(
        "portfolio_paperread",
        ["user_id", "paper_id", "title", "url", "arxiv_id", "mode", "read_on", "new_idea",
         "why_it_matters", "baseline", "cost", "what_i_would_do"], papers))  # fmt: skip
    summary.add("contributions", copy_rows(
        "portfolio_contribution",
        ["user_id", "repository", "pr_url", "title", "kind", "state", "opened_on", "merged_on"],
        contributions))  # fmt: skip
    summary.add("public posts", copy_rows(
        "portfolio_publicpost", ["user_id", "title", "url", "kind", "published_on"],
        posts))  # fmt: skip
    summary.add("applications", copy_rows(
        "portfolio_application",
        ["user_id", "company", "role", "url", "salary_band", "red_flag_keys", "green_flag_keys",
         "stage", "applied_on", "replied_on", "first_round_on", "final_round_on", "offer_on",
         "closed_on", "notes"], applications))  # fmt: skip


def _mentoring(rng, learners: list[Learner], mentors, now, summary):
    """Each mentor gets 1–50 mentees (the busy mentor exactly 50, the heavy learner among
    them); about half the mentorships have open reviews of done items."""
    pairs: list[tuple[int, int]] = []
    for index, mentor in enumerate(mentors):
        size = BUSY_MENTOR_MENTEES if index == 0 else 1 + int(49 * rng.random() ** 2.5)
        chosen = rng.sample(learners, min(size, len(learners)))
        if index == 0 and learners[0] not in chosen:
            chosen[0] = learners[0]
        pairs += [(learner_index_id, mentor.pk) for learner_index_id in
                  (learner.user_id for learner in chosen)]  # fmt: skip
    ids = _next_ids("mentoring_mentorship", len(pairs))
    summary.add("mentorships", copy_rows(
        "mentoring_mentorship",
        ["id", "learner_id", "mentor_id", "created_at", "ended_at", "shares_portfolio",
         "shares_papers", "shares_job_search"],
        ((pk, learner, mentor, now - dt.timedelta(days=60), None, True, True,
          rng.random() < 0.5) for pk, (learner, mentor) in zip(ids, pairs, strict=True)),
    ))  # fmt: skip
    done_by_user = {learner.user_id: learner.done_items for learner in learners}
    reviews, history, notifications = [], [], []
    for pk, (learner_id, mentor_id) in zip(ids, pairs, strict=True):
        done = done_by_user[learner_id]
        busy = mentor_id == mentors[0].pk
        if not done or (not busy and rng.random() < 0.5):
            continue
        for item_id in rng.sample(done, min(len(done), rng.randint(1, 4))):
            state = rng.choice(OPEN_REVIEW_STATES)
            since = now - dt.timedelta(days=rng.randint(0, 21), hours=rng.randint(0, 23))
            reviews.append((pk, item_id, state, learner_id, since, "Please have a look.", since))
            if state in {"requested", "resubmitted"}:
                notifications.append((mentor_id, "review_request", "A review is waiting.",
                                      "", since, None))  # fmt: skip
    review_ids = _next_ids("mentoring_review", len(reviews))
    summary.add("open reviews", copy_rows(
        "mentoring_review",
        ["id", "mentorship_id", "item_id", "state", "state_by_id", "state_since", "message",
         "created_at"],
        ((rid, *row) for rid, row in zip(review_ids, reviews, strict=True)),
    ))  # fmt: skip
    for rid, (_m, _i, state, by, since, _msg, _c) in zip(review_ids, reviews, strict=True):
        history.append((rid, "requested", by, since))
        if state != "requested":
            history.append((rid, state, by, since))
    summary.add("review history", copy_rows(
        "mentoring_reviewstatechange", ["review_id", "state", "by_id", "at"], history))  # fmt: skip
    summary.add("notifications", copy_rows(
        "mentoring_notification", ["user_id", "kind", "text", "url", "created_at", "read_at"],
        notifications))  # fmt: skip
