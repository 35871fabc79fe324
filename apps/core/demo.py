"""A small, believable demo: one learner five months in, with a mentor, for screenshots and
for trying the product by hand. Idempotent: running it again refreshes the same two people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.checklists.models import ItemProgress
from apps.checklists.services import bookmark_toggle, item_progress_set, weekly_check_in_save
from apps.curriculum.models import DO_KINDS, Bucket, ChecklistItem, Specialization
from apps.learners.services import learner_profile_save
from apps.mentoring.models import Mentorship, Review
from apps.mentoring.services import review_request
from apps.portfolio.models import Application, PaperRead, Project

LEARNER_EMAIL = "demo-learner@example.com"
MENTOR_EMAIL = "demo-mentor@example.com"
SECOND_LEARNER_EMAIL = "demo-learner-2@example.com"
NOTES = [
    "Did this twice: the second time without looking at the tutorial.",
    "Took longer than planned; the docs were out of date.",
    "Wrote it up as a short post.",
]


def _person(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _learner(user: User, *, name: str, months_in: int, hours: int, done_share: float) -> None:
    today = timezone.localdate()
    learner_profile_save(
        user=user, display_name=name, bucket=Bucket.objects.get(letter="B"),
        start_date=today - dt.timedelta(days=30 * months_in), hours_per_week=hours,
        timezone_name="Europe/Berlin",
        specialization=Specialization.objects.order_by("order").first(),
        test_answers={}, can_train_model=False,
    )  # fmt: skip
    if ItemProgress.objects.filter(user=user).exists():
        return
    items = list(
        ChecklistItem.objects.active()
        .filter(checklist__page__number__lte=6, checklist__is_retired=False,
                checklist__kind__in=DO_KINDS)  # fmt: skip
        .select_related("checklist__page")
        .order_by("checklist__page__number", "checklist__order", "order")
    )
    for position, item in enumerate(items):
        # Most of the early pages done, some of the later ones, a few things under way.
        share = done_share if item.checklist.page.number <= 3 else done_share / 3
        if (position * 37 % 100) / 100 < share:
            state = "done"
        elif position % 9 == 4:
            state = "in_progress"
        else:
            continue
        item_progress_set(
            user=user, item=item, state=state,
            note=NOTES[position % len(NOTES)] if position % 5 == 0 else None,
            evidence_url=f"https://github.com/ada-demo/notes#{item.key}"
            if position % 7 == 0 else None,
        )  # fmt: skip
        if position % 11 == 3:
            bookmark_toggle(user=user, item=item)
    for weeks_ago, logged in enumerate([9, 12, 6, 10, 11, 4, 10, 8]):
        weekly_check_in_save(
            user=user, week_start=today - dt.timedelta(weeks=weeks_ago),
            hours=Decimal(logged),
            reflection="Steady week." if logged >= hours else "Busy at work.",
        )  # fmt: skip


def _portfolio(user: User) -> None:
    if Project.objects.filter(user=user).exists():
        return
    today = timezone.localdate()
    Project.objects.create(
        user=user, slot=Project.Slot.PRODUCT_DEMO, title="Docs Q&A over a real codebase",
        summary="Answers questions about the Django docs with citations, checked on 120.",
        repository_url="https://github.com/ada-demo/docs-qa", status=Project.Status.LIVE,
        started_on=today - dt.timedelta(days=40),
    )  # fmt: skip
    Project.objects.create(
        user=user, slot=Project.Slot.PAPER, title="Reproducing DPO on a small model",
        summary="Direct preference optimisation on a 1B model, against the paper's baseline.",
        status=Project.Status.BUILDING, started_on=today - dt.timedelta(days=12),
    )  # fmt: skip
    PaperRead.objects.create(
        user=user, title="Attention Is All You Need", mode=PaperRead.Mode.DEEP,
        read_on=today - dt.timedelta(days=20), url="https://arxiv.org/abs/1706.03762",
        new_idea="Self-attention alone, no recurrence.",
    )  # fmt: skip
    stages = ["applied", "applied", "replied", "first_round", "rejected", "applied"]
    for number, stage in enumerate(stages):
        applied = today - dt.timedelta(days=30 - number * 3)
        Application.objects.create(
            user=user, company=f"Company {chr(65 + number)}", role="Junior AI engineer",
            stage=stage, applied_on=applied,
            replied_on=applied + dt.timedelta(days=5) if stage != "applied" else None,
            first_round_on=applied + dt.timedelta(days=9)
            if stage in {"first_round", "rejected"} else None,
            closed_on=applied + dt.timedelta(days=12) if stage == "rejected" else None,
        )  # fmt: skip


@transaction.atomic
def demo_seed() -> dict[str, User]:
    """Create or refresh the demo learner, a second learner and their mentor."""
    learner = _person(LEARNER_EMAIL)
    second = _person(SECOND_LEARNER_EMAIL)
    mentor = _person(MENTOR_EMAIL)
    _learner(learner, name="Ada", months_in=5, hours=10, done_share=0.8)
    _learner(second, name="Linus", months_in=2, hours=20, done_share=0.3)
    _portfolio(learner)
    for person in (learner, second):
        mentorship, _ = Mentorship.objects.get_or_create(
            learner=person, mentor=mentor, ended_at=None,
            defaults={"shares_portfolio": True, "shares_papers": True, "shares_job_search": True},
        )  # fmt: skip
        if not Review.objects.filter(mentorship=mentorship).exists():
            done = ItemProgress.objects.filter(user=person, state="done").order_by("-done_at")
            for progress in done[:2]:
                review_request(
                    mentorship=mentorship, item=progress.item, message="Is this enough evidence?"
                )
    return {"learner": learner, "second_learner": second, "mentor": mentor}
