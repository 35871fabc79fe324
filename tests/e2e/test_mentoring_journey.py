"""A mentor with three mentees, each person in their own browser: the mentor signs up from an
invitation without a learner's onboarding, finds who needs attention on the cohort grid,
requests changes in context, and approves the resubmitted item."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.checklists.services import item_progress_set
from apps.curriculum.models import ChecklistItem
from apps.mentoring import services
from tests.factories import make_learner, make_mentorship

pytestmark = pytest.mark.browser
PASSWORD = "a-strong-passphrase-42"
STASH = "baseline-git-stash"


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def link_in(mail, base: str, pattern: str) -> str:
    return re.search(pattern, mail.body).group(0).replace("http://127.0.0.1:8000", base)


def test_a_mentor_with_three_mentees(seeded_live_server, browser: Browser, deliver_mail):
    base = seeded_live_server.url
    lin = make_learner(display_name="Lin Q.")
    ben = make_learner(display_name="Ben R.")
    cy = make_learner(display_name="Cy S.")
    stash = ChecklistItem.objects.get(key=STASH)
    item_progress_set(user=lin.user, item=ChecklistItem.objects.get(key="baseline-git-gitignore"),
                      state="done")  # fmt: skip
    item_progress_set(user=cy.user, item=stash, state="done")
    learner_page = browser.new_context().new_page()
    mentor_page = browser.new_context(timezone_id="Asia/Tokyo").new_page()

    # Lin invites a mentor who has no account yet.
    sign_in(learner_page, base, lin.user.email)
    learner_page.get_by_role("link", name="Mentors").click()
    learner_page.get_by_label("Their email address").fill("mo@example.com")
    learner_page.get_by_role("button", name="Send invitation").click()
    expect(learner_page.get_by_text("Invitation sent to mo@example.com")).to_be_visible()
    invitation = link_in(deliver_mail()[-1], base, r"https?://\S+/invitations/\S+/")

    # The mentor signs up from it, confirms their address, and is asked only three things.
    mentor_page.goto(invitation)
    mentor_page.locator("#main").get_by_role("link", name="Sign up").click()
    mentor_page.get_by_label("Email:").fill("mo@example.com")
    mentor_page.get_by_label("Password:", exact=True).fill(PASSWORD)
    mentor_page.get_by_label("Password (again):").fill(PASSWORD)
    mentor_page.get_by_role("button", name="Sign Up").click()
    mentor_page.goto(link_in(deliver_mail()[-1], base, r"https?://\S+/accounts/confirm-email/\S+/"))
    mentor_page.get_by_role("button", name="Confirm").click()
    expect(mentor_page.get_by_role("heading", name="Become Lin Q.’s mentor")).to_be_visible()
    expect(mentor_page.get_by_text("honest test")).to_have_count(0)
    expect(mentor_page.get_by_label("Short bio")).to_be_visible()
    mentor_page.get_by_label("Display name").fill("Mo")
    mentor_page.get_by_label("Time zone").select_option("Asia/Tokyo")
    mentor_page.get_by_label("Short bio").fill("Ten years of MLOps; happy to review your git.")
    mentor_page.get_by_role("button", name=re.compile("^Accept as")).click()
    expect(mentor_page.get_by_role("heading", name="Lin Q.", level=1)).to_be_visible()
    expect(mentor_page).not_to_have_url(re.compile("onboarding"))

    # Two more learners invite the same mentor; Ben asks for a review of an item with evidence.
    from apps.accounts.models import User

    mentor = User.objects.get(email="mo@example.com")
    make_mentorship(learner=cy, mentor=mentor)
    ben_with_mo = make_mentorship(learner=ben, mentor=mentor)
    item_progress_set(user=ben.user, item=stash, state="done",
                      evidence_url="https://github.com/ben/git-notes")  # fmt: skip
    services.review_request(mentorship=ben_with_mo, item=stash, message="First stash!")

    # The cohort grid puts Ben first: a review waits on the mentor.
    mentor_page.get_by_role("link", name=re.compile("^Mentees")).first.click()
    cohort = mentor_page.get_by_role("region", name=re.compile("^Cohort"))
    first_row = cohort.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("Ben R.")
    expect(first_row).to_contain_text("1 review waiting on you")
    first_row.get_by_role("link", name="Ben R.").click()

    # Ben's checklist, filtered to what waits on the mentor; the review opens in place.
    mentor_page.get_by_role("link", name=re.compile("^Done, not reviewed")).click()
    row = mentor_page.locator(f"#item-{STASH}")
    expect(row.get_by_role("link", name=re.compile("^evidence"))).to_have_attribute(
        "href", "https://github.com/ben/git-notes"
    )
    row.get_by_role("link", name=re.compile("^Review")).click()
    row = mentor_page.locator(f"#item-{STASH}")
    expect(row.get_by_text("First stash!")).to_be_visible()
    row.get_by_label("Comment").fill("Show me a stash with a message: git stash push -m.")
    row.get_by_role("button", name="Request changes").click()
    expect(mentor_page.get_by_role("status")).to_have_text(
        "Changes requested. Ben R. is notified and can resubmit."
    )
    expect(mentor_page.locator(f"#item-{STASH} .review-badge")).to_have_text("Changes requested")

    # Ben sees it on his own item, and resubmits.
    learner_page = browser.new_context().new_page()
    sign_in(learner_page, base, ben.user.email)
    learner_page.goto(f"{base}/roadmap/python-linux-baseline/")
    badge = learner_page.locator(f"#item-{STASH}").get_by_role("link", name="Changes requested")
    badge.click()
    expect(learner_page.get_by_text("git stash push -m")).to_be_visible()
    learner_page.get_by_label("Comment").fill("Done: see the notes in my repo.")
    learner_page.get_by_role("button", name="Resubmit").click()
    expect(learner_page.get_by_text("Resubmitted. Mo is notified.")).to_be_visible()
    expect(learner_page.locator("#review-state")).to_have_text("Resubmitted")

    # The mentor approves in context.
    mentor_page.reload()
    mentor_page.locator(f"#item-{STASH}").get_by_role("link", name=re.compile("^Review")).click()
    row = mentor_page.locator(f"#item-{STASH}")
    expect(row.get_by_text("Done: see the notes in my repo.")).to_be_visible()
    row.get_by_role("button", name="Approve").click()
    expect(mentor_page.get_by_role("status")).to_have_text("Approved. Ben R. is notified.")
    expect(mentor_page.locator(f"#item-{STASH} .review-badge")).to_have_text("Approved")

    # Both sides show it; Ben is not offered "Ask for review" again.
    learner_page.goto(f"{base}/roadmap/python-linux-baseline/")
    ben_item = learner_page.locator(f"#item-{STASH}")
    expect(ben_item).to_contain_text("Approved by Mo")
    expect(ben_item.get_by_role("button", name=re.compile("^Ask for review"))).to_have_count(0)
