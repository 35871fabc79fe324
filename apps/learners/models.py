import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.curriculum.models import Bucket, Specialization

MIN_HOURS_PER_WEEK = 1
MAX_HOURS_PER_WEEK = 80


@cache
def timezone_names() -> list[str]:
    """Once per process: listing the zone database reads hundreds of files."""
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(f"“{value}” is not a known time zone, e.g. Europe/Berlin.")


class LearnerProfile(models.Model):
    """A learner's place on the roadmap: where they started, when, and at what pace."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner"
    )
    display_name = models.CharField(max_length=80)
    bucket = models.ForeignKey(Bucket, on_delete=models.PROTECT, related_name="+")
    test_answers = models.JSONField(
        default=dict, blank=True, help_text="The honest test: question key → yes (true) or no."
    )
    can_train_model = models.BooleanField(default=False)
    start_date = models.DateField()
    hours_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_HOURS_PER_WEEK), MaxValueValidator(MAX_HOURS_PER_WEEK)]
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    specialization = models.ForeignKey(
        Specialization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    specialization_chosen_on = models.DateField(null=True, blank=True)
    job_started_on = models.DateField(
        "first AI job started on", null=True, blank=True,
        help_text="Dates the first 90 days: days 1-30 learn, 31-60 contribute, 61-90 lead.",
    )  # fmt: skip
    public_handle = models.SlugField(
        max_length=40, unique=True, null=True, blank=True,
        help_text="Your public page's address: /u/<handle>/.",
    )  # fmt: skip
    portfolio_public = models.BooleanField(
        default=False,
        help_text="Show pinned projects, merged pull requests and public posts at /u/<handle>/.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=MIN_HOURS_PER_WEEK)
                & models.Q(hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="learner_hours_per_week_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def yes_count(self) -> int:
        return sum(1 for answer in self.test_answers.values() if answer)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A learner's private iCalendar feed. The token is the only key to it: revoking deletes
    the row (the old address answers 404), regenerating replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user}'s calendar feed"
