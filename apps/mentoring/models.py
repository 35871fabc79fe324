"""Mentors and mentees, reviews of checked items, and notifications. A review never gates
the learner: what they marked done stays done; the mentor's verdict is a layer on top."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from apps.curriculum.models import ChecklistItem
from apps.learners.models import validate_timezone

from . import people

User = settings.AUTH_USER_MODEL
INVITATION_DAYS = 14
FORMER_MENTOR = "a former mentor"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    learner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations_sent")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_pending(self) -> bool:
        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()


class MentorProfile(models.Model):
    """What a mentor shows their mentees: a name, a short bio, and the time zone the site
    shows them times in. A mentor needs nothing of a learner's plan."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="mentor_profile")
    display_name = models.CharField(max_length=80)
    bio = models.TextField(max_length=600, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name


class MentorshipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Mentorship(models.Model):
    learner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentorships")
    # A deleted mentor leaves the learner's reviews in place, shown as "a former mentor".
    mentor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="mentees")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    shares_portfolio = models.BooleanField("share my portfolio projects", default=False)
    shares_papers = models.BooleanField("share my papers", default=False)
    shares_job_search = models.BooleanField("share my job search", default=False)
    shares_notes = models.BooleanField("share my notes on items", default=False)

    objects = MentorshipQuerySet.as_manager()

    @property
    def mentor_name(self) -> str:
        """How the mentor is shown to the learner; a deleted account is "a former mentor"."""
        return FORMER_MENTOR if self.mentor is None else people.display_name(self.mentor)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "mentor"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_mentorship_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(learner=models.F("mentor")), name="no_self_mentoring"
            ),
        ]
        indexes = [models.Index(fields=["mentor", "ended_at"])]


class Block(models.Model):
    """The blocker will not be invited by (or invite) the blocked person again."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair")
        ]


class MentorNote(models.Model):
    """Private to the mentor who wrote it."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class ReviewState(models.TextChoices):
    REQUESTED = "requested", "Review requested"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    RESUBMITTED = "resubmitted", "Resubmitted"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


MENTORS_TURN = {ReviewState.REQUESTED, ReviewState.RESUBMITTED}
LEARNERS_TURN = {ReviewState.CHANGES_REQUESTED}
OPEN_STATES = MENTORS_TURN | LEARNERS_TURN


class Review(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="reviews")
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        "portfolio.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=ReviewState.choices)
    state_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    state_since = models.DateTimeField(default=timezone.now)
    # A TextField's max_length only sizes the form's textarea: the validator enforces it.
    message = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state_since"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False, project__isnull=True)
                | models.Q(item__isnull=True, project__isnull=False),
                name="review_is_of_an_item_or_a_project",
            ),
            models.UniqueConstraint(
                fields=["mentorship", "item"],
                condition=models.Q(state__in=sorted(OPEN_STATES), item__isnull=False),
                name="one_open_review_per_item",
            ),
            models.UniqueConstraint(
                fields=["mentorship", "project"],
                condition=models.Q(state__in=sorted(OPEN_STATES), project__isnull=False),
                name="one_open_review_per_project",
            ),
        ]
        indexes = [
            models.Index(fields=["mentorship", "state"]),
            # The daily reminders look for open reviews waiting since before a date.
            models.Index(
                fields=["state_since"],
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                name="open_review_since_idx",
            ),
        ]

    @property
    def subject(self) -> str:
        return self.item.text if self.item_id else str(self.project)

    @property
    def waiting_on_mentor(self) -> bool:
        return self.state in MENTORS_TURN


class ReviewStateChange(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="history")
    state = models.CharField(max_length=20, choices=ReviewState.choices)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class ReviewComment(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    state = models.CharField(
        max_length=20, choices=ReviewState.choices, help_text="The state it was written in."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Notification(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitations"
        REVIEW_REQUEST = "review_request", "Review requests"
        VERDICT = "verdict", "Verdicts on my reviews"
        COMMENT = "comment", "New comments"
        REMINDER = "reminder", "Reminders when it is my turn"
        DIGEST = "digest", "Weekly digest for mentors"
        NUDGE = "check_in_nudge", "A nudge when I have not checked in for two weeks"
        SLUMP = "slump_heads_up", "A heads-up a week before my plan's hardest months"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # Scheduled jobs stamp it with their own time: that is how a retried job knows who
    # already got this period's email.
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]


class EmailOptOut(models.Model):
    """A kind of email the user does not want. No row: they get it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_opt_outs")
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]
