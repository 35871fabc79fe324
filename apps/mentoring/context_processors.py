"""What the navigation needs to know about the signed-in account, in one lazy query."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from apps.learners.models import LearnerProfile

from .models import MENTORS_TURN, MentorProfile, Mentorship, Notification, Review


def _count(queryset, field: str):
    """A correlated COUNT(*) over ``queryset`` grouped by ``field``, 0 when there are none."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(field).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


class Account:
    """The roles of an account and the counts shown beside them. An account can be a
    learner (it has a plan), a mentor (someone invited it, or it set up a mentor profile),
    an editor (staff), or several of these."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _row(self) -> dict:
        return (
            get_user_model()
            .objects.filter(pk=self.user.pk)
            .annotate(
                has_plan=Exists(LearnerProfile.objects.filter(user=OuterRef("pk"))),
                has_mentor_profile=Exists(MentorProfile.objects.filter(user=OuterRef("pk"))),
                mentee_count=_count(
                    Mentorship.objects.active().filter(mentor=OuterRef("pk")), "mentor"
                ),
                waiting_reviews=_count(
                    Review.objects.filter(
                        mentorship__mentor=OuterRef("pk"),
                        mentorship__ended_at__isnull=True,
                        state__in=MENTORS_TURN,
                    ),
                    "mentorship__mentor",
                ),
                unread=_count(
                    Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True),
                    "user",
                ),
            )
            .values("has_plan", "has_mentor_profile", "mentee_count", "waiting_reviews", "unread")
            .get()
        )

    @property
    def is_learner(self) -> bool:
        return self._row["has_plan"]

    @property
    def is_mentor(self) -> bool:
        return self._row["has_mentor_profile"] or self._row["mentee_count"] > 0

    @property
    def is_editor(self) -> bool:
        return self.user.is_staff

    @property
    def waiting_reviews(self) -> int:
        return self._row["waiting_reviews"]

    @property
    def unread(self) -> int:
        return self._row["unread"]


def account(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = Account(user)
    # ``unread_notifications`` stays a callable so templates that only show the bell still
    # cost one query, and pages without a header none.
    return {"account": current, "unread_notifications": lambda: current.unread}
