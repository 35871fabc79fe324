"""A learner logs the evidence: a project with its polish, a deep read, two applications."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_learner

pytestmark = pytest.mark.browser


def test_project_polish_deep_read_and_funnel(seeded_live_server, page: Page):
    base = seeded_live_server.url
    learner = make_learner(display_name="Ada")
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email:").fill(learner.user.email)
    page.get_by_label("Password:").fill("a-strong-passphrase-42")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Portfolio").click()

    page.get_by_role("link", name="Portfolio projects").click()
    page.get_by_label("Slot").select_option(label="1. A clear product demo")
    page.get_by_label("Title").fill("Contract QA")
    page.get_by_label("One-sentence summary").fill("RAG over a legal contract corpus.")
    page.get_by_label("Repository url").fill("https://github.com/ada/contract-qa")
    page.get_by_role("button", name="Add project").click()
    expect(page.get_by_role("heading", name="Contract QA", level=1)).to_be_visible()

    polish = page.locator("#polish")
    expect(polish).to_contain_text("0 of 10 done")
    page.evaluate("window.stillTheSamePage = true")
    polish.get_by_role("button", name="Polish: A LICENSE file.").click()
    expect(page.locator("#polish")).to_contain_text("1 of 10 done")
    page.locator("#polish").get_by_role("button", name=re.compile("^Polish: CI")).click()
    expect(page.locator("#polish")).to_contain_text("2 of 10 done")
    assert page.evaluate("window.stillTheSamePage") is True

    page.goto(f"{base}/portfolio/papers/")
    page.get_by_label("One of the text's ten papers").select_option(label="DPO")
    page.get_by_label("Deep read (2-3 hours)").check()
    page.get_by_label("What's the new idea").fill("Preference tuning without RL.")
    page.get_by_label("Why does it matter").fill("Simpler and cheaper than RLHF.")
    page.get_by_label("What was the baseline").fill("RLHF with PPO.")
    page.get_by_label("What does it cost").fill("A frozen reference model.")
    page.get_by_label("What would I do with it").fill("Tune a small model on my domain.")
    page.get_by_role("button", name="Add paper").click()
    expect(page.get_by_text("1 of 1 deep read", exact=False)).to_be_visible()

    page.goto(f"{base}/portfolio/applications/")
    funnel = page.get_by_role("img", name=re.compile("job-search funnel"))
    expect(funnel).to_be_visible()
    expect(page.locator("figcaption").first).to_contain_text("0 applications")
    for company, stage in [("Acme", "Applied"), ("Globex", "First round")]:
        page.get_by_label("Company:").fill(company)
        page.get_by_label("Role:").fill("AI engineer")
        page.get_by_label("Stage:").select_option(label=stage)
        if stage == "First round":
            page.get_by_label("First round on:").fill("2026-11-20")
        page.get_by_label("Applied on:").fill("2026-11-02")
        page.get_by_role("button", name="Add application").click()
    caption = page.locator("figcaption").first
    expect(caption).to_contain_text("2 applications")
    expect(caption).to_contain_text("First round: 1 (50%)")
    expect(page.get_by_role("link", name="AI engineer at Globex")).to_be_visible()
