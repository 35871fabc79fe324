"""Writes to a learner's profile."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apps.curriculum.models import Bucket, Specialization

from .models import LearnerProfile


@transaction.atomic
def learner_profile_save(
    *,
    user,
    display_name: str,
    bucket: Bucket,
    start_date: dt.date,
    hours_per_week: int,
    timezone_name: str,
    specialization: Specialization | None,
    test_answers: dict[str, bool],
    can_train_model: bool,
    public_handle: str | None = None,
    portfolio_public: bool | None = None,
) -> LearnerProfile:
    """Create the learner's profile on onboarding, or update it from the profile page."""
    profile = LearnerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = LearnerProfile(user=user)
    if specialization is None:
        profile.specialization_chosen_on = None
    elif profile.specialization_id != specialization.pk:
        profile.specialization_chosen_on = timezone.localdate()
    profile.display_name = display_name
    profile.bucket = bucket
    profile.start_date = start_date
    profile.hours_per_week = hours_per_week
    profile.timezone = timezone_name
    profile.specialization = specialization
    profile.test_answers = test_answers
    profile.can_train_model = can_train_model
    if portfolio_public is not None:
        profile.public_handle = public_handle
        profile.portfolio_public = portfolio_public
    profile.full_clean()
    profile.save()
    return profile
