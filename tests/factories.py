"""Test data builders, in one place for every app's tests."""

from __future__ import annotations

import itertools

from apps.curriculum.models import Checklist, ChecklistItem, Page, Phase

_sequence = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


def make_phase(**overrides) -> Phase:
    number = next(_sequence)
    values = {
        "key": f"phase-{number}",
        "order": 100 + number,
        "title": f"Phase {number}",
        "month_start": 1,
        "month_end": 2,
        "what_you_do": "Things.",
        "feels_like": "Slow.",
        "ready_signal_label": "Signal you're ready",
        "ready_signal": "You can.",
    }
    values.update(overrides)
    return Phase.objects.create(**values)


def make_page(*, phase: Phase | None = None, **overrides) -> Page:
    number = next(_sequence)
    values = {
        "slug": f"test-page-{number}",
        "number": 100 + number,
        "title": f"Test page {number}",
        "phase": phase or Phase.objects.first() or make_phase(),
        "summary": "A page made by a test.",
        "body": "## Section\n\nSome text.",
    }
    values.update(overrides)
    return Page.objects.create(**values)


def make_checklist(*, page: Page, items: int = 3, kind: str = "skills", **overrides) -> Checklist:
    checklist = Checklist.objects.create(
        key=overrides.pop("key", unique("test-checklist")),
        page=page,
        title=overrides.pop("title", "A test checklist"),
        kind=kind,
        order=overrides.pop("order", next(_sequence)),
        **overrides,
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            key=unique("test-item"), checklist=checklist, order=position, text=f"Item {position}"
        )
        for position in range(1, items + 1)
    )
    return checklist


def make_user(email: str | None = None, password: str = "a-strong-passphrase-42", verified=True):
    from allauth.account.models import EmailAddress

    from apps.accounts.models import User

    user = User.objects.create_user(email=email or f"{unique('learner')}@example.com",
                                    password=password)  # fmt: skip
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def make_learner(user=None, *, bucket: str = "C", start_date=None, hours_per_week: int = 40,
                 specialization=None, timezone: str = "UTC", **overrides):  # fmt: skip
    import datetime as dt

    from apps.curriculum.models import Bucket
    from apps.learners.models import LearnerProfile

    user = user or make_user()
    return LearnerProfile.objects.create(
        user=user,
        display_name=overrides.pop("display_name", "Ada"),
        bucket=Bucket.objects.get(letter=bucket),
        start_date=start_date or dt.date.today(),
        hours_per_week=hours_per_week,
        timezone=timezone,
        specialization=specialization,
        test_answers=overrides.pop("test_answers", {}),
        **overrides,
    )


def make_editor(email: str | None = None):
    from django.contrib.auth.models import Group, Permission

    from apps.curriculum.roles import sync_content_editor_group

    user = make_user(email=email)
    user.is_staff = True
    user.save()
    # Transactional tests flush the database, group included: make sure it exists.
    user.groups.add(sync_content_editor_group(Group, Permission))
    return user


def make_mentorship(learner=None, mentor=None, **fields):
    from apps.mentoring.models import Mentorship

    learner = learner or make_learner()
    mentor = mentor or make_user()
    learner_user = getattr(learner, "user", learner)
    return Mentorship.objects.create(learner=learner_user, mentor=mentor, **fields)
