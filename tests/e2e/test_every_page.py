"""Every page, as a visitor, a learner, a mentor and a content editor, in real Chromium:
nothing is wider than a 390 px phone, the main navigation is one line at 1280 px, and
axe-core finds no serious or critical accessibility problem at either width.

Pages are found, not listed: each role starts from the site's parameterless URLs and follows
the links it is shown, so a page another change adds is checked as soon as it is linked."""

from __future__ import annotations

import os
import time
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from apps.core.demo import demo_seed
from tests.factories import make_editor

pytestmark = pytest.mark.browser

AXE = (Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Links that end the session or answer with a file rather than a page.
SKIP_PATHS = ("/accounts/logout/", "/admin/logout/", "/healthz", "/manifest.webmanifest")
SKIP_SUFFIXES = (".json", ".csv", ".ics", ".ico", ".png", ".svg")
# Pages whose every instance is checked, not just one per route: the roadmap's 16 pages
# differ in their blocks and tables.
EVERY_INSTANCE = {"curriculum:page"}
TIMING = os.environ.get("EVERY_PAGE_TIMING") == "1"

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}"""
LAYOUT = """() => {
  const nav = document.querySelector(".main-nav .nav-list");
  let lines = 0;
  if (nav && nav.offsetParent !== null) {
    lines = new Set([...nav.children].map((item) => Math.round(item.getBoundingClientRect().top))).size;
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, navLines: lines};
}"""


def parameterless_paths() -> list[str]:
    """Every URL of the site that takes no argument, from the URL configuration."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
                found.append("/" + route.lstrip("^").rstrip("$").replace("\\Z", ""))

    walk(get_resolver().url_patterns)
    return [path for path in found if not path.startswith(SKIP_PATHS) and "admin" not in path]


def route_of(path: str, role: str) -> str | None:
    """What makes a page different from another, for one role: its route. Each role checks
    its own part of the site: the mentor the mentoring pages, the editor the admin."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    view = match.view_name
    in_admin = view.startswith("admin:")
    if (role == "editor") != in_admin or (role == "mentor" and not view.startswith("mentoring:")):
        return None
    if role == "learner" and view in EVERY_INSTANCE:
        return urlsplit(path).path
    if in_admin:
        return admin_page_kind(view, match.kwargs)
    return f"{role}:{view}:{match.route}"


def admin_page_kind(view: str, kwargs: dict) -> str:
    """Admin pages share their templates: one list, one add form, one history and one delete
    page stand for all; every change form with inline rows is checked, they differ most."""
    from django.contrib import admin

    kind = view.rsplit("_", 1)[-1]
    if kind != "change" or "object_id" not in kwargs:
        return f"admin:{kind}" if view.count("_") else view
    model = view.removeprefix("admin:").removesuffix("_change")
    for registered, model_admin in admin.site._registry.items():
        label = f"{registered._meta.app_label}_{registered._meta.model_name}"
        if label == model and model_admin.inlines:
            return view
    return "admin:change"


class Checker:
    """Visits pages at both widths in two reused tabs and collects every problem."""

    def __init__(self, browser: Browser, base: str, cookies: list[dict], role: str):
        self.base = base
        self.role = role
        self.seen: set[str] = set()
        self.tabs = {}
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            context = browser.new_context(viewport=viewport)
            # Injected by the browser before each page's own scripts: the site's CSP allows
            # no inline script, and the test must not loosen it.
            context.add_init_script(script=AXE)
            context.add_cookies(cookies)
            self.tabs[name] = context.new_page()
        self.problems: list[str] = []
        self.visited: list[str] = []

    def close(self):
        for tab in self.tabs.values():
            tab.context.close()

    def check(self, path: str) -> list[str]:
        """Check one page at both widths; return the links the desktop tab shows."""
        links: list[str] = []
        began = time.monotonic()
        for name, tab in self.tabs.items():
            try:
                response = tab.goto(self.base + path)
            except PlaywrightError:
                return []  # a download or an error page: nothing to look at
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                return []
            if response.status >= 500:
                self.problems.append(f"{path}: HTTP {response.status}")
                return []
            landed = urlsplit(tab.url).path
            if name == "desktop" and landed != urlsplit(path).path:
                # Redirected (to sign-in, onboarding…): check where it landed only once.
                landed_route = route_of(landed, self.role)
                if landed_route is None or landed_route in self.seen:
                    return []
                self.seen.add(landed_route)
            for violation in tab.evaluate(AXE_RUN):
                self.problems.append(f"{landed} at {name}: {violation}")
            layout = tab.evaluate(LAYOUT)
            if name == "phone" and layout["scrollWidth"] > layout["innerWidth"]:
                self.problems.append(f"{landed} at 390 px is {layout['scrollWidth']} px wide")
            if name == "desktop":
                if layout["navLines"] > 1:
                    self.problems.append(f"{landed}: the main navigation takes {layout['navLines']} lines at 1280 px")
                links = tab.eval_on_selector_all(
                    "a[href]:not([download])", "(links) => links.map((a) => a.href)"
                )
        self.visited.append(path)
        if TIMING:
            print(f"{time.monotonic() - began:5.2f} s {path}")  # noqa: T201
        return links

    def crawl(self, starts: list[str], limit: int = 120) -> None:
        # The URLconf also lists addresses that only take a POST: leave those out (a failed
        # navigation's error page would interrupt the next one). Links are followed as found.
        api = self.tabs["desktop"].request
        starts = [
            path for path in starts
            if api.get(self.base + path, max_redirects=0).status != 405
        ]  # fmt: skip
        queue = deque(starts)
        while queue and len(self.visited) < limit:
            path = queue.popleft()
            route = route_of(path, self.role)
            if route is None or route in self.seen:
                continue
            self.seen.add(route)
            for link in self.check(path):
                url = urldefrag(urljoin(self.base + path, link)).url
                parts = urlsplit(url)
                if f"{parts.scheme}://{parts.netloc}" != self.base:
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if parts.path.startswith(SKIP_PATHS) or parts.path.endswith(SKIP_SUFFIXES):
                    continue
                if route_of(parts.path, self.role) not in self.seen:
                    queue.append(target)


def admin_change_forms() -> list[str]:
    """A change form of every model an editor manages: the inline rows differ per model."""
    from django.contrib import admin
    from django.urls import reverse

    paths = []
    for model in admin.site._registry:
        if model._meta.app_label != "curriculum":
            continue
        first = model.objects.order_by("pk").first()
        if first is not None:
            info = (model._meta.app_label, model._meta.model_name)
            paths.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return paths


def session_cookie(client, user, base: str) -> list[dict]:
    from django.conf import settings

    client.force_login(user)
    return [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base}]


def test_every_page_fits_a_phone_keeps_one_nav_line_and_passes_axe(
    seeded_live_server, browser: Browser, client
):
    base = seeded_live_server.url
    people = demo_seed()
    editor = make_editor(email="editor@example.com")
    starts = ["/", *parameterless_paths()]
    started = time.monotonic()
    report: dict[str, list[str]] = {}
    problems: list[str] = []
    for role, user, role_starts in [
        ("learner", people["learner"], starts),
        ("mentor", people["mentor"], starts),
        ("editor", editor, ["/admin/", *admin_change_forms()]),
        ("visitor", None, starts),
    ]:
        from django.test import Client

        cookies = session_cookie(Client(), user, base) if user else []
        checker = Checker(browser, base, cookies, role)
        try:
            checker.crawl(role_starts)
        finally:
            checker.close()
        report[role] = checker.visited
        problems += [f"[{role}] {problem}" for problem in checker.problems]

    visited = {role: len(paths) for role, paths in report.items()}
    print(f"every page: {visited} in {time.monotonic() - started:.1f} s")  # noqa: T201
    assert problems == [], "\n".join(problems)
    # The crawl really reached each role's pages, not just a sign-in form.
    assert len(report["visitor"]) >= 10, report["visitor"]
    assert len(report["learner"]) >= 30, report["learner"]
    assert any(path.startswith("/mentor/mentees/") for path in report["mentor"]), report["mentor"]
    assert len(report["editor"]) >= 8, report["editor"]
