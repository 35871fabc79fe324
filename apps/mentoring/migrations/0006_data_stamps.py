from django.db import migrations

from apps.accounts import stamps

_BOTH_SIDES = """
SELECT m.learner_id FROM {rows} AS r JOIN mentoring_mentorship AS m ON m.id = r.mentorship_id
UNION ALL
SELECT m.mentor_id FROM {rows} AS r JOIN mentoring_mentorship AS m ON m.id = r.mentorship_id
"""
_REVIEWS_BOTH_SIDES = """
SELECT m.learner_id FROM {rows} AS x JOIN mentoring_review AS r ON r.id = x.review_id
  JOIN mentoring_mentorship AS m ON m.id = r.mentorship_id
UNION ALL
SELECT m.mentor_id FROM {rows} AS x JOIN mentoring_review AS r ON r.id = x.review_id
  JOIN mentoring_mentorship AS m ON m.id = r.mentorship_id
"""
# An invitation is shown to whoever its address belongs to (mentoring.selectors).
_INVITED = """
SELECT e.user_id FROM account_emailaddress AS e JOIN {rows} AS i ON lower(e.email) = lower(i.email)
UNION ALL
SELECT u.id FROM accounts_user AS u JOIN {rows} AS i ON lower(u.email) = lower(i.email)
"""
# Whoever is shown the names of the accounts ``{users}``: the other side of their
# mentorships, and those they invited.
_SHOWN_THEIR_NAMES = """
SELECT m.learner_id FROM mentoring_mentorship AS m WHERE m.mentor_id IN ({users})
UNION ALL
SELECT m.mentor_id FROM mentoring_mentorship AS m WHERE m.learner_id IN ({users})
UNION ALL
""" + _INVITED.replace(
    "{rows} AS i", "(SELECT email FROM mentoring_invitation WHERE learner_id IN ({users})) AS i"
)

# Mentoring's records stamp both sides of their mentorship; an invitation, both people.
# A name (the account's address, the learner's and the mentor's profile) stamps whoever is
# shown it as well.
TABLES = [
    ("mentoring_mentorship",
     "SELECT learner_id FROM {rows} UNION ALL SELECT mentor_id FROM {rows}", ""),
    ("mentoring_invitation",
     f"SELECT learner_id FROM {{rows}} UNION ALL SELECT accepted_by_id FROM {{rows}} "
     f"UNION ALL {_INVITED}", ""),
    ("mentoring_block", "SELECT blocker_id FROM {rows} UNION ALL SELECT blocked_id FROM {rows}",
     ""),
    ("mentoring_mentornote", _BOTH_SIDES, ""),
    ("mentoring_review", f"{_BOTH_SIDES} UNION ALL SELECT state_by_id FROM {{rows}}", ""),
    ("mentoring_reviewstatechange", _REVIEWS_BOTH_SIDES, ""),
    ("mentoring_reviewcomment", _REVIEWS_BOTH_SIDES, ""),
    ("mentoring_notification", stamps.own(), ""),
    ("mentoring_emailoptout", stamps.own(), ""),
    ("mentoring_mentorprofile", stamps.own(), _SHOWN_THEIR_NAMES),
    ("learners_learnerprofile", stamps.own(), _SHOWN_THEIR_NAMES),
    ("accounts_user", stamps.own("id"), _SHOWN_THEIR_NAMES),
    ("account_emailaddress", stamps.own(), _SHOWN_THEIR_NAMES),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("account", "0009_emailaddress_unique_primary_email"),
        ("accounts", "0002_data_stamps"),
        ("learners", "0004_data_stamps"),
        ("mentoring", "0005_open_reviews_by_waiting_time"),
    ]

    operations = stamps.trigger_operations(TABLES)
