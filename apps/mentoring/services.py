"""Writes for mentoring: invitations, the relationship, reviews and notifications."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.checklists.models import ItemProgress, ItemState

from .models import (
    LEARNERS_TURN,
    MENTORS_TURN,
    OPEN_STATES,
    Block,
    EmailOptOut,
    Invitation,
    MentorNote,
    Mentorship,
    Notification,
    Review,
    ReviewComment,
    ReviewState,
    ReviewStateChange,
)

REMINDER_AFTER = dt.timedelta(days=7)


class MentoringError(ValidationError):
    """An action that is not possible, with the reason in words for the person."""


def _name(user) -> str:
    profile = getattr(user, "learner", None)
    return getattr(profile, "display_name", None) or user.email


def notify(*, user, kind: str, text: str, url: str = "", email_to: str | None = None) -> None:
    """In-app notification for an account, and an email unless that kind is opted out."""
    if user is not None:
        Notification.objects.create(user=user, kind=kind, text=text[:300], url=url)
        if EmailOptOut.objects.filter(user=user, kind=kind).exists():
            return
        email_to = user.email
    if email_to:
        link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
        transaction.on_commit(
            lambda: send_mail(
                f"[Roadmap] {text[:70]}",
                f"{text}\n\n{link}\n\nChange which emails you get: "
                f"{settings.SITE_URL}{reverse('mentoring:notifications')}",
                None,
                [email_to],
            )
        )


def is_blocked(a, b) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


@transaction.atomic
def invitation_create(*, learner, email: str) -> Invitation:
    email = email.strip().lower()
    if email == learner.email.lower():
        raise MentoringError("You cannot be your own mentor.")
    mentor = get_user_model().objects.filter(email__iexact=email).first()
    if mentor is not None:
        if is_blocked(learner, mentor):
            raise MentoringError("You cannot invite this person.")
        if Mentorship.objects.active().filter(learner=learner, mentor=mentor).exists():
            raise MentoringError("This person is already your mentor.")
    invitation = Invitation.objects.create(learner=learner, email=email)
    url = reverse("mentoring:invitation", args=[invitation.token])
    notify(
        user=mentor,
        kind=Notification.Kind.INVITATION,
        url=url,
        email_to=email,
        text=f"{_name(learner)} invites you to be their mentor on Roadmap.",
    )
    return invitation


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why this invitation link cannot be used any more, or None if it can."""
    if invitation is None:
        return "This invitation link is not valid."
    if invitation.accepted_at:
        return "This invitation has already been used. Ask for a new one."
    if invitation.revoked_at:
        return "This invitation was withdrawn."
    if invitation.expires_at <= timezone.now():
        return "This invitation has expired. Ask for a new one."
    return None


@transaction.atomic
def invitation_accept(*, token: str, user) -> Mentorship:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if problem := invitation_problem(invitation):
        raise MentoringError(problem)
    if invitation.learner_id == user.pk:
        raise MentoringError("You cannot accept your own invitation.")
    if is_blocked(invitation.learner, user):
        raise MentoringError("This invitation cannot be accepted.")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    mentorship = Mentorship.objects.active().filter(learner=invitation.learner, mentor=user).first()
    if mentorship is None:
        mentorship = Mentorship.objects.create(learner=invitation.learner, mentor=user)
    notify(
        user=invitation.learner,
        kind=Notification.Kind.INVITATION,
        text=f"{_name(user)} accepted your invitation to mentor you.",
        url=reverse("mentoring:mentors"),
    )
    return mentorship


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship) -> None:
    """Access ends at once; open reviews are withdrawn."""
    if mentorship.ended_at is None:
        mentorship.ended_at = timezone.now()
        mentorship.save(update_fields=["ended_at"])
        for review in mentorship.reviews.filter(state__in=OPEN_STATES):
            _set_state(review, ReviewState.WITHDRAWN, None)


@transaction.atomic
def block(*, blocker, blocked) -> None:
    try:
        with transaction.atomic():
            Block.objects.create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        pass  # already blocked
    for mentorship in Mentorship.objects.active().filter(
        Q(learner=blocker, mentor=blocked) | Q(learner=blocked, mentor=blocker)
    ):
        mentorship_end(mentorship=mentorship)
    Invitation.objects.filter(
        learner=blocked,
        email__iexact=blocker.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())


@transaction.atomic
def sharing_update(*, mentorship: Mentorship, portfolio: bool, papers: bool, job_search: bool):
    mentorship.shares_portfolio = portfolio
    mentorship.shares_papers = papers
    mentorship.shares_job_search = job_search
    mentorship.save(update_fields=["shares_portfolio", "shares_papers", "shares_job_search"])


@transaction.atomic
def note_add(*, mentorship: Mentorship, body: str) -> MentorNote:
    if not body.strip():
        raise MentoringError("Write something first.")
    return MentorNote.objects.create(mentorship=mentorship, body=body.strip())


def _set_state(review: Review, state: str, user) -> None:
    review.state = state
    review.state_by = user
    review.state_since = timezone.now()
    review.last_reminded_at = None
    review.save(update_fields=["state", "state_by", "state_since", "last_reminded_at"])
    ReviewStateChange.objects.create(review=review, state=state, by=user)


def _review_url(review: Review) -> str:
    return reverse("mentoring:review", args=[review.pk])


@transaction.atomic
def review_request(*, mentorship: Mentorship, item=None, project=None, message: str = "") -> Review:
    learner = mentorship.learner
    if mentorship.ended_at:
        raise MentoringError("This mentorship has ended.")
    if (
        item is not None
        and not ItemProgress.objects.filter(user=learner, item=item, state=ItemState.DONE).exists()
    ):
        raise MentoringError("Mark the item done before asking for a review.")
    if project is not None and project.user_id != learner.pk:
        raise MentoringError("That is not your project.")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                mentorship=mentorship,
                item=item,
                project=project,
                state=ReviewState.REQUESTED,
                state_by=learner,
                message=message.strip(),
            )
    except IntegrityError as error:
        raise MentoringError("A review of this is already open with this mentor.") from error
    ReviewStateChange.objects.create(review=review, state=ReviewState.REQUESTED, by=learner)
    notify(
        user=mentorship.mentor,
        kind=Notification.Kind.REVIEW_REQUEST,
        url=_review_url(review),
        text=f"{_name(learner)} asks you to review: {review.subject[:150]}",
    )
    return review


TRANSITIONS = {
    # action: (who, allowed from, to)
    "request_changes": ("mentor", MENTORS_TURN, ReviewState.CHANGES_REQUESTED),
    "approve": ("mentor", MENTORS_TURN, ReviewState.APPROVED),
    "resubmit": ("learner", LEARNERS_TURN, ReviewState.RESUBMITTED),
    "withdraw": ("learner", OPEN_STATES, ReviewState.WITHDRAWN),
}


@transaction.atomic
def review_act(*, review: Review, user, action: str, comment: str = "") -> Review:
    review = Review.objects.select_for_update().select_related("mentorship").get(pk=review.pk)
    if action not in TRANSITIONS:
        raise MentoringError("Unknown action.")
    who, allowed, new_state = TRANSITIONS[action]
    role = "mentor" if user.pk == review.mentorship.mentor_id else "learner"
    if role != who or review.mentorship.ended_at:
        raise MentoringError("This is not yours to do.")
    if review.state not in allowed:
        raise MentoringError(
            f"The review is {review.get_state_display().lower()}: that is not possible now."
        )
    if action == "request_changes" and not comment.strip():
        raise MentoringError("Say what should change: write a comment.")
    if comment.strip():
        ReviewComment.objects.create(
            review=review, author=user, body=comment.strip(), state=review.state
        )
    _set_state(review, new_state, user)
    other = review.mentorship.learner if role == "mentor" else review.mentorship.mentor
    kind = Notification.Kind.VERDICT if role == "mentor" else Notification.Kind.REVIEW_REQUEST
    notify(
        user=other,
        kind=kind,
        url=_review_url(review),
        text=f"{_name(user)}: {review.get_state_display()} — {review.subject[:150]}",
    )
    return review


@transaction.atomic
def review_comment(*, review: Review, user, body: str) -> ReviewComment:
    if not body.strip():
        raise MentoringError("Write a comment first.")
    if review.mentorship.ended_at:
        raise MentoringError("This mentorship has ended.")
    comment = ReviewComment.objects.create(
        review=review, author=user, body=body.strip(), state=review.state
    )
    other = (
        review.mentorship.learner
        if user.pk == review.mentorship.mentor_id
        else review.mentorship.mentor
    )
    notify(
        user=other,
        kind=Notification.Kind.COMMENT,
        url=_review_url(review),
        text=f"{_name(user)} commented on: {review.subject[:150]}",
    )
    return comment


def notifications_read(*, user, notification: Notification | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def email_preferences_set(*, user, opted_out: set[str]) -> None:
    EmailOptOut.objects.filter(user=user).exclude(kind__in=opted_out).delete()
    for kind in opted_out - set(
        EmailOptOut.objects.filter(user=user).values_list("kind", flat=True)
    ):
        EmailOptOut.objects.create(user=user, kind=kind)


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind whoever's turn it is when a review has waited 7 days (then weekly)."""
    now = now or timezone.now()
    due = Review.objects.filter(
        state__in=OPEN_STATES,
        state_since__lte=now - REMINDER_AFTER,
        mentorship__ended_at__isnull=True,
    ).filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_AFTER))
    count = 0
    for review in due.select_related("mentorship__learner", "mentorship__mentor", "item"):
        with transaction.atomic():
            turn = (
                review.mentorship.mentor if review.waiting_on_mentor else review.mentorship.learner
            )
            days = (now - review.state_since).days
            notify(
                user=turn,
                kind=Notification.Kind.REMINDER,
                url=_review_url(review),
                text=f"Waiting on you for {days} days: {review.subject[:150]}",
            )
            Review.objects.filter(pk=review.pk).update(last_reminded_at=now)
            count += 1
    return count


def send_digest(*, mentor, inbox, mentees) -> bool:
    """The weekly summary for one mentor; nothing is sent when there is nothing to say."""
    if not inbox and not any(m.stuck for m in mentees):
        return False
    lines = [f"{len(inbox)} review(s) waiting on you."]
    lines += [f"- {r.subject[:80]} ({_name(r.mentorship.learner)})" for r in inbox[:20]]
    stuck = [m for m in mentees if m.stuck]
    if stuck:
        lines.append(f"{len(stuck)} mentee(s) may be stuck: " + ", ".join(m.name for m in stuck))
    Notification.objects.create(
        user=mentor, kind=Notification.Kind.DIGEST, text=lines[0], url=reverse("mentoring:inbox")
    )
    if not EmailOptOut.objects.filter(user=mentor, kind=Notification.Kind.DIGEST).exists():
        send_mail(
            "[Roadmap] Your weekly mentoring digest",
            "\n".join(lines) + f"\n\n{settings.SITE_URL}{reverse('mentoring:inbox')}",
            None,
            [mentor.email],
        )
    return True
