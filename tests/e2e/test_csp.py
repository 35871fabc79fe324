"""No page breaks under the Content-Security-Policy (issue 10): every page the site serves
(discovered from the URL configuration) is opened in real Chromium as a learner, a mentor
and an admin, and neither the console nor a securitypolicyviolation event reports a
violation. An htmx swap is made too: htmx must not inject inline styles."""

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.factories import make_user
from tests.site_map import build_world, routes

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
# Not pages: downloads, and actions that end the session or the account.
NOT_PAGES = {"checklists:export_json", "checklists:export_csv", "mentoring:mentee_export",
             "mfa_download_recovery_codes", "account_logout", "admin:logout", "accounts:delete"}  # fmt: skip
ADMIN_PAGES = ["admin:index", "admin:curriculum_page_changelist", "admin:curriculum_page_change",
               "admin:curriculum_page_add", "admin:curriculum_checklist_change",
               "admin:curriculum_contentchange_changelist", "admin:accounts_user_changelist",
               "admin:curriculum_phase_delete"]  # fmt: skip


def pages_of(user, urls: list[str]) -> list[str]:
    """The addresses that answer this person with a page (not a redirect, a 405 or a file)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    pages = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages.append(url)
    return pages


def signed_in_context(browser: Browser, base: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    context.add_init_script(RECORD_VIOLATIONS)
    return context


def visit_all(context, base: str, urls: list[str]) -> list[str]:
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: console.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    problems = []
    for url in urls:
        page.goto(base + url, wait_until="load")
        violations = page.evaluate("window.__cspViolations || []")
        problems += [f"{url}: {v}" for v in violations + console]
        console.clear()
    page.close()
    return problems


def test_no_page_violates_the_content_security_policy(seeded_live_server, browser: Browser):
    from apps.curriculum.models import Page

    base = seeded_live_server.url
    learner, mentor, world = build_world()
    admin = make_user(email="root@example.com")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    app_routes = [r for r in routes() if not r.is_admin and r.name not in NOT_PAGES]
    urls = sorted({u for r in app_routes if (u := world.url(r))})
    mentor_urls = [u for u in urls if u.startswith(("/mentor", "/reviews/", "/notifications"))]
    world.values["object_id"] = Page.objects.first().pk
    world.values["admin:curriculum_checklist_change.object_id"] = Page.objects.first().checklists.first().pk
    world.values["admin:curriculum_phase_delete.object_id"] = Page.objects.first().phase_id
    by_name = {r.name: r for r in routes()}
    admin_urls = [world.url(by_name[name]) for name in ADMIN_PAGES]

    problems = []
    anonymous = browser.new_context()
    anonymous.add_init_script(RECORD_VIOLATIONS)
    problems += visit_all(anonymous, base, ["/", "/roadmap/", "/accounts/login/", "/u/lin-q/"])
    learner_pages = pages_of(learner, urls)
    problems += visit_all(signed_in_context(browser, base, learner), base, learner_pages)
    problems += visit_all(
        signed_in_context(browser, base, mentor), base, pages_of(mentor, mentor_urls)
    )
    problems += visit_all(signed_in_context(browser, base, admin), base, pages_of(admin, admin_urls))

    # An htmx swap: ticking an item replaces its row in place.
    context = signed_in_context(browser, base, learner)
    page = context.new_page()
    page.goto(f"{base}/roadmap/python-linux-baseline/")
    row = page.locator("#item-baseline-git-everyday-commands")
    row.get_by_role("button", name="Done: ").first.click()
    # The swapped-in row shows the item done (the tick is pressed; done has no badge).
    expect(row.get_by_role("button", name="Done: ").first).to_have_attribute("aria-pressed", "true")
    problems += [f"htmx swap: {v}" for v in page.evaluate("window.__cspViolations")]
    assert problems == []

    # The check can fail: an inline style, as htmx would inject, is reported.
    page.evaluate(
        "document.head.appendChild(Object.assign(document.createElement('style'),"
        " {textContent: 'body { color: red; }'}))"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__cspViolations")[0].startswith("style-src")
    assert len(learner_pages) > 30
