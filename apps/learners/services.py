"""Writes to a learner's profile."""

from __future__ import annotations

import datetime as dt
from types import EllipsisType

from django.db import transaction
from django.utils import timezone

from apps.curriculum.models import Bucket, Specialization

from .models import CalendarFeed, LearnerProfile, new_calendar_token


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
    job_started_on: dt.date | None | EllipsisType = ...,
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
    if job_started_on is not ...:  # onboarding does not ask; the profile page does
        profile.job_started_on = job_started_on
    if portfolio_public is not None:
        profile.public_handle = public_handle
        profile.portfolio_public = portfolio_public
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def calendar_feed_enable(*, user) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(user=user)[0]


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new address for the feed: the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    feed = feed or CalendarFeed(user=user)
    feed.token = new_calendar_token()
    feed.save()
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    return CalendarFeed.objects.filter(user=user).delete()[0] > 0
