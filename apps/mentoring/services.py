"""Writes for mentoring: invitations, the relationship, reviews and notifications."""

from __future__ import annotations

import datetime as dt
import json
import logging
import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from apps.checklists.models import ItemProgress, ItemState
from apps.core.mail import (
    email_queue,
    email_render,
    mail_queue_forget,
    single_line,
    unsubscribe_claim,
    unsubscribe_token,
)
from apps.curriculum.models import DemoralizingMonth, Phase
from apps.learners.models import LearnerProfile
from apps.learners.selectors import plan_for

from . import people, selectors
from .models import (
    LEARNERS_TURN,
    MENTORS_TURN,
    OPEN_STATES,
    Block,
    EmailOptOut,
    Invitation,
    MentorNote,
    MentorProfile,
    Mentorship,
    Notification,
    Review,
    ReviewComment,
    ReviewState,
    ReviewStateChange,
)

REMINDER_AFTER = dt.timedelta(days=7)
logger = logging.getLogger(__name__)


class MentoringError(ValidationError):
    """An action that is not possible, with the reason in words for the person."""


def _name(user) -> str:
    return people.display_name(user)


@dataclass
class Note:
    """One notification: in-app always, by email unless the person switched that kind off."""

    user: object
    kind: str
    text: str
    url: str = ""
    template: str = "notification"
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Sent:
    """What a batch of notifications did: how many went out, and how many could not be
    written (each one logged; the batch went on without it)."""

    count: int = 0
    failed: int = 0

    def __add__(self, other: Sent) -> Sent:
        return Sent(count=self.count + other.count, failed=self.failed + other.failed)

    def describe(self, noun: str) -> str:
        """'3 reminders', or '3 reminders (1 could not be written; see the log)'."""
        text = f"{self.count} {noun}{'' if self.count == 1 else 's'}"
        if self.failed:
            text += f" ({self.failed} could not be written; see the log)"
        return text


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return f"{settings.SITE_URL}{reverse('mentoring:unsubscribe', args=[token])}"


def notify_many(notes: list[Note], *, at: dt.datetime | None = None) -> Sent:
    """Notify many people in a fixed number of queries, however many there are: one insert,
    one look-up of opt-outs, one insert of email jobs. A note that cannot be rendered is
    logged and skipped; the others still go. Counts the emails queued and the failures."""
    if not notes:
        return Sent()
    at = at or timezone.now()
    Notification.objects.bulk_create(
        Notification(
            user=note.user, kind=note.kind, text=note.text[:300], url=note.url, created_at=at
        )
        for note in notes
    )
    opted_out = set(
        EmailOptOut.objects.filter(
            user__in={note.user.pk for note in notes}, kind__in={note.kind for note in notes}
        ).values_list("user_id", "kind")
    )
    preferences_url = f"{settings.SITE_URL}{reverse('mentoring:notifications')}"
    messages = []
    failed = 0
    for note in notes:
        if (note.user.pk, note.kind) in opted_out:
            continue
        try:
            messages.append(
                email_render(
                    to=note.user.email,
                    template=note.template,
                    context={
                        "text": note.text,
                        "link": f"{settings.SITE_URL}{note.url}" if note.url else "",
                        "kind": Notification.Kind(note.kind).label,
                        "preferences_url": preferences_url,
                        **note.context,
                    },
                    unsubscribe_url=unsubscribe_url(user_id=note.user.pk, kind=note.kind),
                )
            )
        except Exception:
            failed += 1
            logger.exception("Could not write the %s email to user %s", note.kind, note.user.pk)
    email_queue(*messages)
    return Sent(count=len(messages), failed=failed)


def notify(*, user, kind: str, text: str, url: str = "") -> None:
    notify_many([Note(user=user, kind=kind, text=text, url=url)])


def _validated(instance, *, exclude: list[str]):
    """Model validation (lengths, choices) for rows built from what a person typed."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise MentoringError(" ".join(error.messages)) from error
    return instance


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
    # The learner's name is plain text they chose: shown quoted, beside the site's own name.
    text = (
        f"A {settings.SITE_NAME} learner, “{single_line(_name(learner), 60)}”, invites you to be "
        "their mentor."
    )
    if mentor is not None:
        Notification.objects.create(
            user=mentor, kind=Notification.Kind.INVITATION, text=text[:300], url=url
        )
        if EmailOptOut.objects.filter(user=mentor, kind=Notification.Kind.INVITATION).exists():
            return invitation
    email_queue(
        email_render(
            to=email,
            template="invitation",
            context={
                "inviter": single_line(_name(learner), 60),
                "inviter_email": learner.email,
                "link": f"{settings.SITE_URL}{url}",
                "expires_at": invitation.expires_at,
            },
            unsubscribe_url=(
                unsubscribe_url(user_id=mentor.pk, kind=Notification.Kind.INVITATION)
                if mentor is not None
                else None
            ),
        )
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


def is_invitee(invitation: Invitation, user) -> bool:
    """The invitation belongs to whoever verified the address it was sent to, not to whoever
    holds the link."""
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def invitation_accept(*, token: str, user) -> Mentorship:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if problem := invitation_problem(invitation):
        raise MentoringError(problem)
    if invitation.learner_id == user.pk:
        raise MentoringError("You cannot accept your own invitation.")
    if not is_invitee(invitation, user):
        raise MentoringError(
            f"This invitation is for {invitation.email}. Sign in with that address (verified) "
            "to accept it."
        )
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
def mentor_profile_save(*, user, display_name: str, timezone_name: str, bio: str) -> MentorProfile:
    profile = MentorProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = MentorProfile(user=user)
    profile.display_name = display_name
    profile.timezone = timezone_name
    profile.bio = bio.strip()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def invitation_accept_as_new_mentor(
    *, token: str, user, display_name: str, timezone_name: str, bio: str
) -> Mentorship:
    """Someone with no profile yet accepts: their mentor profile and the mentorship are made
    together, or neither is."""
    mentor_profile_save(user=user, display_name=display_name, timezone_name=timezone_name, bio=bio)
    return invitation_accept(token=token, user=user)


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
def sharing_update(
    *, mentorship: Mentorship, portfolio: bool, papers: bool, job_search: bool, notes: bool = False
):
    mentorship.shares_portfolio = portfolio
    mentorship.shares_papers = papers
    mentorship.shares_job_search = job_search
    mentorship.shares_notes = notes
    mentorship.save(
        update_fields=["shares_portfolio", "shares_papers", "shares_job_search", "shares_notes"]
    )


@transaction.atomic
def note_add(*, mentorship: Mentorship, body: str) -> MentorNote:
    if not body.strip():
        raise MentoringError("Write something first.")
    note = _validated(MentorNote(mentorship=mentorship, body=body.strip()), exclude=["mentorship"])
    note.save()
    return note


def _set_state(review: Review, state: str, user) -> None:
    review.state = state
    review.state_by = user
    review.state_since = timezone.now()
    review.last_reminded_at = None
    review.save(update_fields=["state", "state_by", "state_since", "last_reminded_at"])
    ReviewStateChange.objects.create(review=review, state=state, by=user)


def _review_url(review: Review, for_user=None) -> str:
    """Where a notification about a review leads: a mentor goes to the item in context, on
    the mentee's checklist with the review open; everyone else to the review's page."""
    if for_user is not None and review.item_id and for_user.pk == review.mentorship.mentor_id:
        key = review.item.key
        page = reverse("mentoring:mentee", args=[review.mentorship.learner_id])
        return f"{page}?review={key}#item-{key}"
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
    review = Review(
        mentorship=mentorship,
        item=item,
        project=project,
        state=ReviewState.REQUESTED,
        state_by=learner,
        message=message.strip(),
    )
    _validated(review, exclude=["mentorship", "item", "project", "state_by"])
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        raise MentoringError("A review of this is already open with this mentor.") from error
    ReviewStateChange.objects.create(review=review, state=ReviewState.REQUESTED, by=learner)
    notify(
        user=mentorship.mentor,
        kind=Notification.Kind.REVIEW_REQUEST,
        url=_review_url(review, mentorship.mentor),
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
        _validated(
            ReviewComment(review=review, author=user, body=comment.strip(), state=review.state),
            exclude=["review", "author"],
        ).save()
    _set_state(review, new_state, user)
    other = review.mentorship.learner if role == "mentor" else review.mentorship.mentor
    kind = Notification.Kind.VERDICT if role == "mentor" else Notification.Kind.REVIEW_REQUEST
    notify(
        user=other,
        kind=kind,
        url=_review_url(review, other),
        text=f"{_name(user)}: {review.get_state_display()} — {review.subject[:150]}",
    )
    return review


CONFIRMATIONS = {
    "comment": "Comment posted. {other} is notified.",
    "request_changes": "Changes requested. {other} is notified and can resubmit.",
    "approve": "Approved. {other} is notified.",
    "resubmit": "Resubmitted. {other} is notified.",
    "withdraw": "Review withdrawn.",
}


def confirmation(*, action: str, other) -> str:
    """What a person is told after acting on a review, naming the one who hears of it."""
    return CONFIRMATIONS.get(action, CONFIRMATIONS["comment"]).format(
        other=people.display_name(other)
    )


@transaction.atomic
def item_review_by_mentor(
    *, mentorship: Mentorship, item, action: str, comment: str = ""
) -> Review:
    """The mentor acts on an item from the mentee page: on the open review if there is one;
    else a verdict nobody asked for, on an item the learner marked done."""
    mentor = mentorship.mentor
    if mentorship.ended_at:
        raise MentoringError("This mentorship has ended.")
    reviews = Review.objects.select_for_update().filter(mentorship=mentorship, item=item)
    latest = reviews.exclude(state=ReviewState.WITHDRAWN).order_by("state_since", "id").last()
    if action == "comment":
        if latest is None:
            raise MentoringError("Nothing to comment on yet: approve the item or request changes.")
        review_comment(review=latest, user=mentor, body=comment)
        return latest
    if action not in {"approve", "request_changes"}:
        raise MentoringError("Unknown action.")
    if latest is not None and latest.state in OPEN_STATES:
        return review_act(review=latest, user=mentor, action=action, comment=comment)
    if latest is not None and latest.state == ReviewState.APPROVED:
        raise MentoringError("You already approved this item. Comment instead.")
    if not ItemProgress.objects.filter(
        user_id=mentorship.learner_id, item=item, state=ItemState.DONE
    ).exists():
        raise MentoringError("Only items the learner marked done can be reviewed.")
    if action == "request_changes" and not comment.strip():
        raise MentoringError("Say what should change: write a comment.")
    review = Review.objects.create(
        mentorship=mentorship, item=item, state=ReviewState.REQUESTED, state_by=mentor
    )
    ReviewStateChange.objects.create(review=review, state=ReviewState.REQUESTED, by=mentor)
    return review_act(review=review, user=mentor, action=action, comment=comment)


@transaction.atomic
def review_comment(*, review: Review, user, body: str) -> ReviewComment:
    if not body.strip():
        raise MentoringError("Write a comment first.")
    if review.mentorship.ended_at:
        raise MentoringError("This mentorship has ended.")
    comment = _validated(
        ReviewComment(review=review, author=user, body=body.strip(), state=review.state),
        exclude=["review", "author"],
    )
    comment.save()
    other = (
        review.mentorship.learner
        if user.pk == review.mentorship.mentor_id
        else review.mentorship.mentor
    )
    notify(
        user=other,
        kind=Notification.Kind.COMMENT,
        url=_review_url(review, other),
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


def _unsubscribe_claim(token: str) -> tuple[int, str]:
    claim = unsubscribe_claim(token)
    if claim is None or claim[1] not in Notification.Kind.values:
        raise MentoringError(
            "This unsubscribe link is not valid. Sign in and choose which emails you get on "
            "the notifications page."
        )
    return claim


def unsubscribe_kind(*, token: str) -> str:
    """The label of the kind of email an unsubscribe link switches off."""
    return Notification.Kind(_unsubscribe_claim(token)[1]).label


def email_unsubscribe(*, token: str) -> str:
    """Switch off the kind of email a signed unsubscribe link names; returns that kind's
    label. Idempotent: a second click changes nothing."""
    user_id, kind = _unsubscribe_claim(token)
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise MentoringError("This account no longer exists: it gets no email.")
    try:
        with transaction.atomic():
            EmailOptOut.objects.get_or_create(user_id=user_id, kind=kind)
    except IntegrityError:
        pass  # the same click, twice at once
    return Notification.Kind(kind).label


def _chunks(queryset, size: int):
    """Walk a queryset by primary key, ``size`` rows at a time: a fixed number of queries per
    chunk, and each chunk can commit on its own."""
    last_pk = 0
    while chunk := list(queryset.filter(pk__gt=last_pk).order_by("pk")[:size]):
        yield chunk
        last_pk = chunk[-1].pk


def send_reminders(*, now: dt.datetime | None = None, batch_size: int = 500) -> Sent:
    """Remind whoever's turn it is when a review has waited 7 days (then weekly)."""
    now = now or timezone.now()
    due = (
        Review.objects.filter(
            state__in=OPEN_STATES,
            state_since__lte=now - REMINDER_AFTER,
            mentorship__ended_at__isnull=True,
        )
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_AFTER))
        .select_related(
            *people.related("mentorship__learner"),
            *people.related("mentorship__mentor"),
            "item",
            "project",
        )
    )
    sent = Sent()
    for chunk in _chunks(due, batch_size):
        with transaction.atomic():
            queued = notify_many(
                [
                    Note(
                        user=(
                            review.mentorship.mentor
                            if review.waiting_on_mentor
                            else review.mentorship.learner
                        ),
                        kind=Notification.Kind.REMINDER,
                        url=_review_url(
                            review, review.mentorship.mentor if review.waiting_on_mentor else None
                        ),
                        text=f"Waiting on you for {(now - review.state_since).days} days: "
                        f"{review.subject[:150]}",
                    )
                    for review in chunk
                ],
                at=now,
            )
            Review.objects.filter(pk__in=[review.pk for review in chunk]).update(
                last_reminded_at=now
            )
        sent += Sent(count=len(chunk), failed=queued.failed)
    return sent


DIGEST_EVERY = dt.timedelta(days=7)


def send_digests(*, now: dt.datetime | None = None, batch_size: int = 200) -> Sent:
    """The weekly summary for every mentor with something to say: reviews waiting on them and
    mentees who may be stuck. A fixed number of queries per batch of mentors; a mentor who
    already had this week's digest (a retried job) does not get a second one."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    recent_digest = Notification.objects.filter(
        user=OuterRef("pk"),
        kind=Notification.Kind.DIGEST,
        created_at__gt=now - DIGEST_EVERY + dt.timedelta(hours=12),
    )
    mentors = (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Mentorship.objects.active().values("mentor_id"),
        )
        .exclude(Exists(recent_digest))
        .select_related("learner")
    )
    sent = Sent()
    for chunk in _chunks(mentors, batch_size):
        digests = selectors.digests(mentors=chunk, today=today)
        notes = [
            Note(
                user=digest.mentor,
                kind=Notification.Kind.DIGEST,
                url=reverse("mentoring:inbox"),
                text=f"{len(digest.inbox)} review(s) waiting on you, "
                f"{len(digest.stuck)} mentee(s) who may be stuck.",
                template="digest",
                context={
                    "inbox": digest.inbox[:20],
                    "more": max(0, len(digest.inbox) - 20),
                    "stuck": digest.stuck,
                },  # fmt: skip
            )
            for digest in digests
            if digest.inbox or digest.stuck
        ]
        with transaction.atomic():
            queued = notify_many(notes, at=now)
        sent += Sent(count=len(notes), failed=queued.failed)
    return sent


NUDGE_AFTER = dt.timedelta(days=14)
SLUMP_NOTICE = dt.timedelta(days=7)


def _recently(kind: str, since: dt.datetime):
    return Exists(
        Notification.objects.filter(user=OuterRef("user_id"), kind=kind, created_at__gt=since)
    )


def send_check_in_nudges(*, now: dt.datetime | None = None, batch_size: int = 500) -> Sent:
    """Nudge learners whose plan is running and who have not checked in for two weeks; at most
    once a week each."""
    now = now or timezone.now()
    cutoff = now - NUDGE_AFTER
    due = (
        LearnerProfile.objects.filter(
            user__is_active=True, start_date__lte=timezone.localdate(cutoff)
        )
        .annotate(last_check_in=Max("user__check_ins__updated_at"))
        .filter(Q(last_check_in__lt=cutoff) | Q(last_check_in__isnull=True, created_at__lt=cutoff))
        .exclude(_recently(Notification.Kind.NUDGE, now - DIGEST_EVERY + dt.timedelta(hours=12)))
        .select_related("user")
    )
    url = reverse("checklists:check_ins")
    sent = Sent()
    for chunk in _chunks(due, batch_size):
        with transaction.atomic():
            queued = notify_many(
                [
                    Note(
                        user=profile.user,
                        kind=Notification.Kind.NUDGE,
                        url=url,
                        template="check_in_nudge",
                        text="You have not checked in for two weeks. How many hours did you "
                        "put in, and how is it going?",
                        context={"name": profile.display_name, "last": profile.last_check_in},
                    )
                    for profile in chunk
                ],
                at=now,
            )
        sent += Sent(count=len(chunk), failed=queued.failed)
    return sent


def send_slump_heads_ups(*, now: dt.datetime | None = None, batch_size: int = 500) -> Sent:
    """A week before months 2, 6 and 10 of a learner's own plan (the months people quit in),
    say what the roadmap says to do about it. One heads-up per slump."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    phases = list(Phase.objects.all())
    slumps = list(DemoralizingMonth.objects.all())
    if not phases or not slumps:
        return Sent()
    profiles = (
        LearnerProfile.objects.filter(user__is_active=True)
        .exclude(_recently(Notification.Kind.SLUMP, now - dt.timedelta(days=20)))
        .select_related("user", "bucket")
    )
    sent = Sent()
    for chunk in _chunks(profiles, batch_size):
        notes = []
        for profile in chunk:
            plan = plan_for(profile=profile, phases=phases, slumps=slumps)
            slump = next(
                (s for s in plan.slumps if today < s.start_date <= today + SLUMP_NOTICE), None
            )
            if slump is None:
                continue
            month = int(slump.start) + 1
            notes.append(
                Note(
                    user=profile.user,
                    kind=Notification.Kind.SLUMP,
                    url=reverse("learners:dashboard"),
                    template="slump_heads_up",
                    text=f"Month {month} of your plan starts on {slump.start_date.day} "
                    f"{slump.start_date:%B}: "
                    f"it is where many people quit. {slump.advice}",
                    context={"name": profile.display_name, "month": month, "slump": slump},
                )
            )
        with transaction.atomic():
            queued = notify_many(notes, at=now)
        sent += Sent(count=len(notes), failed=queued.failed)
    return sent


FORMER_MEMBER = "A former member"


@transaction.atomic
def forget_person(*, user) -> None:
    """Before an account is deleted: end the mentorships it mentors (the learners keep their
    reviews, shown with "a former mentor"), and take its address and name out of other
    people's rows, invitations sent to it and notifications that name it."""
    for mentorship in Mentorship.objects.active().filter(mentor=user):
        mentorship_end(mentorship=mentorship)
    addresses = {user.email.lower()} | {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    invitations = Invitation.objects.filter(email__in=addresses)
    # Only people they dealt with can have been told about them: someone else who happens to
    # share their name keeps their notifications as they are.
    pairs = Mentorship.objects.filter(Q(learner=user) | Q(mentor=user))
    related = (
        set(pairs.values_list("learner_id", flat=True))
        | set(pairs.values_list("mentor_id", flat=True))
        | set(invitations.values_list("learner_id", flat=True))
    ) - {user.pk, None}
    invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitations.update(email="")
    names = sorted({_name(user), *addresses}, key=len, reverse=True)
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in names), re.IGNORECASE
    )
    # The same names as they appear inside queued mail (JSON-escaped).
    escaped = re.compile(
        "|".join(rf"(?<!\w){re.escape(json.dumps(name)[1:-1])}(?!\w)" for name in names),
        re.IGNORECASE,
    )
    mail_queue_forget(addresses=addresses, mentions=escaped, replacement=FORMER_MEMBER)
    mentions = Notification.objects.filter(user_id__in=related).filter(
        reduce(operator.or_, (Q(text__icontains=name) for name in names))
    )
    changed = []
    for notification in mentions:
        text = pattern.sub(FORMER_MEMBER, notification.text)
        if text != notification.text:
            notification.text = text
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["text"])
