"""No page writes an error to the console or fails to load one of its own files (a script, a
style, the favicon or the manifest): one page per URL pattern, seen by a learner, their mentor or a visitor
(whoever reaches it first: the browser is the slow part)."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve
from playwright.sync_api import Browser

from tests.pages import crawl, learner_with_everything

pytestmark = pytest.mark.browser


def test_no_console_errors_on_any_page(seeded_live_server, browser: Browser):
    base = seeded_live_server.url
    learner, mentor = learner_with_everything()
    problems: list[str] = []
    where = {"role": "", "url": ""}

    def console(message):
        # A failed load is also reported by response() below, which knows if it is the page's.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"{where['role']} {where['url']}: console: {message.text}")

    def uncaught(error):
        problems.append(f"{where['role']} {where['url']}: uncaught: {error}")

    def response(answer):
        # The page's own address may answer 4xx on purpose; its files and the favicon may not.
        if (
            answer.status >= 400
            and answer.url.startswith(base)
            and answer.url != base + where["url"]
        ):
            problems.append(f"{where['role']} {where['url']}: {answer.status} {answer.url}")

    seen_views = set()
    for role, user in [("learner", learner), ("mentor", mentor), ("anonymous", None)]:
        client = Client()
        context = browser.new_context()
        if user is not None:
            client.force_login(user)
            session = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
        page = context.new_page()
        page.on("console", console)
        page.on("pageerror", uncaught)
        page.on("response", response)
        where["role"] = role
        for url in sorted(crawl(client, per_pattern_limit=1)):
            view = resolve(urlsplit(url).path).view_name
            if view in seen_views:
                continue
            seen_views.add(view)
            where["url"] = url
            page.goto(base + url, wait_until="load")
        context.close()
    # Browsers ask for /favicon.ico and the page's icons whether or not they show them (headless
    # Chromium does not): each must be there.
    page = browser.new_page()
    page.goto(base + "/")
    icons = page.eval_on_selector_all(
        "link[rel~='icon'], link[rel='apple-touch-icon'], link[rel='manifest']",
        "links => links.map(link => link.href)",
    )
    for icon in [base + "/favicon.ico", *icons]:
        status = page.request.get(icon).status
        if status != 200:
            problems.append(f"icon {icon}: {status}")
    page.close()
    assert problems == []
