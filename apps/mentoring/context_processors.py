"""What the navigation needs to know about the signed-in account, in one lazy query."""

from __future__ import annotations

from functools import cached_property

from django.db import connection

from apps.core import kept
from apps.core.db import written_sql
from apps.learners.models import LearnerProfile

from .models import MENTORS_TURN, MentorProfile, Mentorship, Notification, Review

# Written out rather than built with the ORM: it runs on every page, and compiling the same
# query with five subqueries cost more than the rest of a small page (profiled).
_ROW_SQL = """
SELECT
  EXISTS (SELECT 1 FROM {learner_profile} WHERE user_id = %(user)s),
  EXISTS (SELECT 1 FROM {mentor_profile} WHERE user_id = %(user)s),
  EXISTS (SELECT 1 FROM {mentorship} WHERE mentor_id = %(user)s AND ended_at IS NULL),
  (SELECT COUNT(*) FROM {review} AS review
     JOIN {mentorship} AS mentorship ON mentorship.id = review.mentorship_id
    WHERE mentorship.mentor_id = %(user)s AND mentorship.ended_at IS NULL
      AND review.state = ANY(%(mentors_turn)s)),
  (SELECT COUNT(*) FROM {notification} WHERE user_id = %(user)s AND read_at IS NULL)
"""


class Account:
    """The roles of an account and the counts shown beside them. An account can be a
    learner (it has a plan), a mentor (someone invited it, or it set up a mentor profile),
    an editor (staff), or several of these."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _row(self) -> dict:
        """Kept (apps.core.kept) for the account's data stamp: everything it counts is the
        account's own records, or theirs and another's (mentorships, reviews), which stamp
        both."""
        stamp = getattr(self.user, "data_stamp", None)
        key = None if stamp is None else ("account", self.user.pk, stamp)
        return kept.kept_data(key, self._read, size=lambda row: 200)

    def _read(self) -> dict:
        sql = written_sql(
            _ROW_SQL, learner_profile=LearnerProfile, mentor_profile=MentorProfile,
            mentorship=Mentorship, review=Review, notification=Notification,
        )  # fmt: skip
        with connection.cursor() as cursor:
            turn = sorted(str(state) for state in MENTORS_TURN)
            cursor.execute(sql, {"user": self.user.pk, "mentors_turn": turn})
            row = cursor.fetchone()
        keys = ("has_plan", "has_mentor_profile", "has_mentees", "waiting_reviews", "unread")
        return dict(zip(keys, row, strict=True))

    @property
    def is_learner(self) -> bool:
        return self._row["has_plan"]

    @property
    def is_mentor(self) -> bool:
        return self._row["has_mentor_profile"] or self._row["has_mentees"]

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
