import pytest
from django.utils import timezone

from apps.mentoring import people, selectors
from apps.mentoring.models import MentorProfile
from tests.factories import make_learner, make_mentorship, make_user

pytestmark = pytest.mark.django_db


def test_mentor_choices_name_each_active_mentor_as_people_do(django_assert_num_queries):
    learner = make_learner()
    by_mentor_profile = make_user("grace@example.com")
    MentorProfile.objects.create(user=by_mentor_profile, display_name="Grace <H>")
    by_learner_profile = make_learner(display_name="Alan").user
    by_address = make_user("barbara.liskov@example.com")
    gone = make_user("ended@example.com")
    kept = [make_mentorship(learner, mentor) for mentor in
            (by_mentor_profile, by_learner_profile, by_address)]  # fmt: skip
    make_mentorship(learner, gone, ended_at=timezone.now())
    deleted = make_user("deleted@example.com")
    kept.append(make_mentorship(learner, deleted))
    deleted.delete()  # the mentorship stays, without its mentor
    kept[-1].refresh_from_db()
    make_mentorship(make_learner(), by_address)  # someone else's
    with django_assert_num_queries(1):
        choices, _ = selectors.item_reviewing(learner=learner.user, item_ids=[])
    expected = [(m.pk, people.display_name(m.mentor)) for m in kept]
    assert choices == expected
    assert [name for _, name in choices] == ["Grace <H>", "Alan", "barbara.liskov",
                                              "A former member"]
    assert {m.pk for m in selectors.learner_mentorships(learner=learner.user)} == {
        pk for pk, _ in choices
    }


def _orm_mentoring_export(user) -> dict:
    """The mentoring export as the ORM's queries read it (the implementation the written-out
    statements replaced), with the same tie-breaker by id."""
    from django.db.models import Q

    from apps.mentoring.models import (
        FORMER_MENTOR,
        EmailOptOut,
        Invitation,
        MentorNote,
        Mentorship,
        Notification,
        Review,
    )

    mentorships = list(
        Mentorship.objects.filter(Q(learner=user) | Q(mentor=user))
        .select_related(*people.related("learner"), *people.related("mentor"))
        .order_by("created_at", "id")
    )
    reviews = (
        Review.objects.filter(mentorship__in=mentorships)
        .select_related("item", "project", "mentorship")
        .prefetch_related("comments", "history")
        .order_by("created_at", "id")
    )
    notes = MentorNote.objects.filter(mentorship__mentor=user).select_related(
        *people.related("mentorship__learner")
    ).order_by("-created_at", "-id")
    emails = list(user.emailaddress_set.values_list("email", flat=True)) or [user.email]
    received = Invitation.objects.filter(email__in=[e.lower() for e in emails]).select_related(
        *people.related("learner")
    ).order_by("-created_at", "-id")
    opted_out = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))

    def side(review, author_id):
        if author_id is None:
            return FORMER_MENTOR
        if author_id == user.pk:
            return "you"
        return "mentor" if author_id == review.mentorship.mentor_id else "learner"

    return {
        "mentorships": [
            {"role": "learner" if m.learner_id == user.pk else "mentor",
             "with": m.mentor_name if m.learner_id == user.pk else people.display_name(m.learner),
             "created_at": m.created_at, "ended_at": m.ended_at,
             "shares_portfolio": m.shares_portfolio, "shares_papers": m.shares_papers,
             "shares_job_search": m.shares_job_search}
            for m in mentorships
        ],
        "invitations_sent": [
            {"email": i.email, "created_at": i.created_at, "expires_at": i.expires_at,
             "accepted_at": i.accepted_at, "revoked_at": i.revoked_at}
            for i in Invitation.objects.filter(learner=user).order_by("-created_at", "-id")
        ],
        "invitations_received": [
            {"from": people.display_name(i.learner), "created_at": i.created_at,
             "accepted_at": i.accepted_at, "revoked_at": i.revoked_at}
            for i in received
        ],
        "reviews": [
            {"role": "learner" if r.mentorship.learner_id == user.pk else "mentor",
             "item": r.item.key if r.item_id else None,
             "project": str(r.project) if r.project_id else None,
             "state": r.state, "message": r.message, "created_at": r.created_at,
             "comments": [{"by": side(r, c.author_id), "body": c.body, "state": c.state,
                           "at": c.created_at} for c in r.comments.all()],
             "history": [{"state": h.state, "by": side(r, h.by_id) if h.by_id else "",
                          "at": h.at} for h in r.history.all()]}
            for r in reviews
        ],
        "mentor_notes": [
            {"about": people.display_name(n.mentorship.learner), "body": n.body,
             "at": n.created_at}
            for n in notes
        ],
        "notifications": [
            {"kind": n.kind, "text": n.text, "url": n.url, "created_at": n.created_at,
             "read_at": n.read_at}
            for n in Notification.objects.filter(user=user)
        ],
        "emails_wanted": {kind: kind not in opted_out for kind, _ in Notification.Kind.choices},
    }  # fmt: skip


def test_the_mentoring_export_reads_what_the_orm_read(django_assert_num_queries):
    """Written out and read in one round trip: the same sections as the ORM's queries read,
    from both sides of mentorships, for every kind of row, and for someone with none."""
    import datetime as dt

    from allauth.account.models import EmailAddress

    from apps.curriculum.models import ChecklistItem
    from apps.mentoring.models import (
        EmailOptOut,
        Invitation,
        MentorNote,
        Notification,
        Review,
        ReviewComment,
        ReviewStateChange,
    )
    from apps.portfolio.models import Project

    learner = make_learner(display_name="Ada")
    user = learner.user
    EmailAddress.objects.create(user=user, email="Ada.Second@Example.com")
    named_mentor = make_user()
    MentorProfile.objects.create(user=named_mentor, display_name="Grace")
    gone = make_user()
    mine = make_mentorship(learner, named_mentor, shares_papers=True)
    ended = make_mentorship(learner, gone, ended_at=timezone.now())
    gone.delete()  # the mentorship stays, without its mentor
    mentee = make_learner(display_name="")  # named by their address
    mentoring = make_mentorship(mentee, user)
    other = make_mentorship(make_learner(), make_user())  # someone else's
    items = list(ChecklistItem.objects.order_by("id")[:3])
    project = Project.objects.create(user=user, slot="product-demo", title="Demo “é”",
                                     summary="s")  # fmt: skip
    moment = timezone.now() - dt.timedelta(days=3)
    reviews = [
        Review.objects.create(mentorship=mine, item=items[0], state="requested", message="m"),
        Review.objects.create(mentorship=ended, project=project, state="approved"),
        Review.objects.create(mentorship=mentoring, item=items[1], state="changes_requested"),
        Review.objects.create(mentorship=other, item=items[2], state="requested"),
    ]
    Review.objects.filter(pk__in=[r.pk for r in reviews[:3]]).update(created_at=moment)  # ties
    for review, author in [(reviews[0], user), (reviews[0], named_mentor), (reviews[1], None),
                           (reviews[2], mentee.user), (reviews[2], user), (reviews[3], user)]:
        ReviewComment.objects.create(review=review, author=author, body=f"b {author}",
                                     state=review.state)  # fmt: skip
        ReviewStateChange.objects.create(review=review, by=author, state=review.state)
    ReviewStateChange.objects.filter(review=reviews[0]).update(at=moment)
    MentorNote.objects.create(mentorship=mentoring, body="note one")
    MentorNote.objects.create(mentorship=mentoring, body="note two")
    MentorNote.objects.create(mentorship=other, body="not mine")
    for email in ["someone@example.com", "else@example.com"]:
        Invitation.objects.create(learner=user, email=email, revoked_at=timezone.now())
    Invitation.objects.create(learner=mentee.user, email="ada.second@example.com")
    Invitation.objects.create(learner=other.learner, email=user.email.lower(),
                              accepted_at=timezone.now())  # fmt: skip
    Invitation.objects.create(learner=other.learner, email="Ada.Second@Example.com")  # not lowered
    Notification.objects.create(user=user, kind="comment", text="t", url="/x")
    Notification.objects.create(user=user, kind="verdict", text="v", read_at=timezone.now())
    Notification.objects.create(user=mentee.user, kind="verdict", text="not mine")
    EmailOptOut.objects.create(user=user, kind="digest")

    nobody = make_user()
    EmailAddress.objects.filter(user=nobody).delete()  # falls back to the account's address
    Invitation.objects.create(learner=user, email=nobody.email)
    beyond_ascii = make_user("zoë@example.com")
    Invitation.objects.create(learner=user, email="zoë@example.com")
    for who in (user, named_mentor, mentee.user, nobody, beyond_ascii):
        expected = _orm_mentoring_export(who)
        with django_assert_num_queries(1 if who.email.isascii() else 2):
            assert selectors.mentoring_export(user=who) == expected, who
    exported = selectors.mentoring_export(user=user)
    assert [m["with"] for m in exported["mentorships"]] == [
        "Grace", "a former mentor", mentee.user.email.split("@")[0]]  # fmt: skip
    assert len(exported["reviews"]) == 3 and len(exported["invitations_received"]) == 2
    assert [n["body"] for n in exported["mentor_notes"]] == ["note two", "note one"]
    assert exported["emails_wanted"]["digest"] is False
    assert selectors.mentoring_export(user=nobody)["invitations_received"][0]["from"] == "Ada"
