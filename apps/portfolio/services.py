"""Writes to a learner's portfolio records."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from apps.core.db import toggle_row
from apps.curriculum.models import ChecklistItem

from .models import BehavioralStory, InterviewPractice, PolishCheck, Project, PublicFootprint


@transaction.atomic
def record_save(*, form, user):
    """Save a validated ModelForm as the learner's own record."""
    record = form.save(commit=False)
    record.user = user
    record.full_clean(exclude=["user"], validate_constraints=False)
    record.save()
    return record


@transaction.atomic
def record_delete(*, record) -> None:
    record.delete()


@transaction.atomic
def polish_toggle(*, project: Project, item: ChecklistItem) -> bool:
    """Tick or untick one polish item for one project. Returns whether it is now ticked."""
    return toggle_row(PolishCheck, project=project, item=item)


@transaction.atomic
def practice_record(*, user, question: ChecklistItem, confidence: int, day: dt.date):
    practice = (
        InterviewPractice.objects.select_for_update().filter(user=user, question=question).first()
    )
    if practice is None:
        practice = InterviewPractice(user=user, question=question, last_practised_on=day,
                                     confidence=confidence)  # fmt: skip
    else:
        practice.times_practised = F("times_practised") + 1
    practice.confidence = confidence
    practice.last_practised_on = day
    practice.full_clean(exclude=["user", "question", "times_practised"], validate_constraints=False)
    practice.save()
    return practice


@transaction.atomic
def story_save(*, user, theme: ChecklistItem, **fields) -> BehavioralStory:
    story = BehavioralStory.objects.select_for_update().filter(user=user, theme=theme).first()
    story = story or BehavioralStory(user=user, theme=theme)
    for name, value in fields.items():
        setattr(story, name, value.strip())
    story.full_clean(exclude=["user", "theme"], validate_constraints=False)
    story.save()
    return story


@transaction.atomic
def footprint_save(*, user, same_three_keys: list[str]) -> PublicFootprint:
    """Apply "the same three projects everywhere" to the learner's public footprint."""
    record = PublicFootprint.objects.select_for_update().filter(user=user).first()
    record = record or PublicFootprint(user=user)
    record.same_three_keys = sorted(set(same_three_keys))
    record.full_clean(exclude=["user"], validate_unique=False)
    record.save()
    return record
