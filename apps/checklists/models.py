"""A learner's progress on the roadmap. Rows refer to content by foreign key to rows that are
never deleted (items are retired instead), so content edits never lose progress."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.curriculum.models import ChecklistItem, Page, Phase


class ItemState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ItemProgress(models.Model):
    # Every query by user is served by the (user, item) and (user, state) indexes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="item_progress",
        db_index=False,
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="progress")
    state = models.CharField(
        max_length=16, choices=ItemState.choices, default=ItemState.NOT_STARTED
    )
    note = models.TextField(blank=True, max_length=5000)
    evidence_url = models.URLField(blank=True, max_length=500)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "item progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="one_progress_row_per_item")
        ]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.item.key}: {self.state}"


class EventKind(models.TextChoices):
    STATE = "state", "State changed"
    RESET = "reset", "Progress reset"
    PAGE_READ = "page_read", "Page marked read"
    PAGE_UNREAD = "page_unread", "Page marked unread"
    PHASE_READY = "phase_ready", "Phase readiness confirmed"
    PHASE_UNREADY = "phase_unready", "Phase readiness withdrawn"


class ProgressEvent(models.Model):
    """The learner's history: every change, with what it was before and after."""

    # The (user, at, id) index serves every query by user, and reads a learner's history in
    # its order without sorting it (the export). Few events name a page or a phase: partial
    # indexes (for the checks before content is deleted) skip the rest.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="progress_events",
        db_index=False,
    )
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    page = models.ForeignKey(
        Page, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "at", "id"], name="event_user_at_id_idx"),
            models.Index(
                fields=["page"], condition=models.Q(page__isnull=False), name="event_page_idx"
            ),
            models.Index(
                fields=["phase"], condition=models.Q(phase__isnull=False), name="event_phase_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def from_label(self) -> str:
        return ItemState(self.from_state).label if self.from_state else ""

    @property
    def to_label(self) -> str:
        return ItemState(self.to_state).label if self.to_state else ""


class ActivityZone(models.Model):
    """The time zone the learner's ActivityDay rows count days in. They are counted from the
    history for the zone the dashboard is read in, and counted again if it changes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    zone = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.user} · {self.zone}"


class ActivityDay(models.Model):
    """How many changes of the learner's history (ProgressEvent) fell on each day of the
    ActivityZone. The dashboard's heatmap reads a year of these (one row a day) where it grouped
    a year of events by day (thousands of rows: most of the page's database time, profiled at
    10,000 learners). services.event_record counts each event in the transaction that records
    it; selectors.learner_record counts the history again when the zone has changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    changes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_activity_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.day}: {self.changes}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    page = models.ForeignKey(
        Page, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=True, page__isnull=False)
                | models.Q(item__isnull=False, page__isnull=True),
                name="bookmark_is_an_item_or_a_page",
            ),
            models.UniqueConstraint(
                fields=["user", "item"],
                condition=models.Q(item__isnull=False),
                name="one_bookmark_per_item",
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=models.Q(page__isnull=False),
                name="one_bookmark_per_page",
            ),  # fmt: skip
        ]


class PageRead(models.Model):
    user = models.ForeignKey(  # indexed first in the unique constraint
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pages_read",
        db_index=False,
    )
    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="one_read_per_page")]


class PhaseConfirmation(models.Model):
    """The learner confirmed the phase's readiness signal: their dashboard moves on."""

    user = models.ForeignKey(  # indexed first in the unique constraint
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="phase_confirmations",
        db_index=False,
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "phase"], name="one_confirmation_per_phase")
        ]


class WeeklyCheckIn(models.Model):
    user = models.ForeignKey(  # indexed first in the unique constraint
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="check_ins",
        db_index=False,
    )
    week_start = models.DateField(help_text="The Monday of the week.")
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(168)],
    )
    reflection = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="one_check_in_per_week"),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0) & models.Q(hours__lte=168),
                name="check_in_hours_in_a_week",
            ),
        ]
