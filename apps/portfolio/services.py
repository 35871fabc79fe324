"""Writes to a learner's portfolio records."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict

from apps.core.db import locked_get_or_create, toggle_row
from apps.core.versioning import check_version, version_of
from apps.curriculum.models import ChecklistItem

from .models import BehavioralStory, InterviewPractice, PolishCheck, Project, PublicFootprint

MAX_PINNED = 3


def project_conflicts(*, user, slot: str | None, pinned: bool, pk: int | None) -> dict[str, str]:
    """What keeps a project from being saved with this slot and pin: one project per slot
    (extras aside) and three pinned at most."""
    errors = {}
    others = Project.objects.filter(user=user).exclude(pk=pk)
    if slot and slot != Project.Slot.EXTRA and others.filter(slot=slot).exists():
        errors["slot"] = ("You already have a project in this slot: edit that one, or file "
                          "this one as an extra project.")  # fmt: skip
    if pinned and others.filter(pinned=True).count() >= MAX_PINNED:
        errors["pinned"] = "Pin three at most: the pinned three are the signal."
    return errors


def record_values(record, form) -> dict:
    """What the form edits, as ``record`` has it."""
    return model_to_dict(record, fields=list(form.fields))


def record_version(record, form) -> str:
    return version_of(record_values(record, form))


@transaction.atomic
def record_save(*, form, user, version: str = ""):
    """Save a validated ModelForm as the learner's own record. Projects are saved under a
    lock on the learner, so two requests at once cannot both take a slot or a fourth pin.
    An edit passes the ``version`` it was opened at: if the stored record changed since,
    EditConflict and nothing is saved."""
    if version and form.instance.pk:
        stored = type(form.instance).objects.select_for_update().get(pk=form.instance.pk)
        check_version(started_from=version, saved=record_values(stored, form),
                      wanted=record_values(form.instance, form))  # fmt: skip
    record = form.save(commit=False)
    record.user = user
    if isinstance(record, Project):
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        if errors := project_conflicts(
            user=user, slot=record.slot, pinned=record.pinned, pk=record.pk
        ):
            raise ValidationError(errors)
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
    practice, created = locked_get_or_create(
        InterviewPractice, user=user, question=question,
        defaults={"confidence": confidence, "last_practised_on": day},
    )  # fmt: skip
    if not created:
        practice.times_practised = F("times_practised") + 1
    practice.confidence = confidence
    practice.last_practised_on = day
    practice.full_clean(exclude=["user", "question", "times_practised"], validate_constraints=False)
    practice.save()
    return practice


@transaction.atomic
def story_save(*, user, theme: ChecklistItem, **fields) -> BehavioralStory:
    story, _ = locked_get_or_create(BehavioralStory, user=user, theme=theme, defaults=fields)
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
