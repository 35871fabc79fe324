"""Every page of the site, found rather than listed, for the tests that check them all (valid
HTML, no console errors): every URL pattern without arguments is a start, and the crawl follows
the site's own links, a few pages per URL pattern, so pages added later are checked too."""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, resolve, reverse

from tests.factories import make_learner, make_mentorship, make_user

PAGES_PER_PATTERN = 2
# Not pages of ours: Django's admin has its own markup, and these answer with files or
# act on a GET (signing out asks first, but its form is enough to check once).
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
SKIPPED_NAMES = {"export_json", "export_csv", "calendar_feed", "healthz", "account_logout"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from (
                (namespace + name if name else name, pattern)
                for name, pattern in _patterns(entry.url_patterns, prefix)
            )
        elif isinstance(entry, URLPattern):
            yield entry.name, entry


def start_urls() -> list[str]:
    """Every named URL that takes no argument."""
    from django.urls import get_resolver

    urls = []
    for name, _ in _patterns(get_resolver().url_patterns):
        if not name:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return sorted(set(urls))


def crawl(client: Client, per_pattern_limit: int = PAGES_PER_PATTERN) -> dict[str, str]:
    """Same-site pages reachable from the start URLs: {url: html}."""
    seen: set[str] = set()
    per_pattern: Counter = Counter()
    pages: dict[str, str] = {}
    queue = deque(start_urls())
    while queue:
        url = urldefrag(queue.popleft())[0]
        if url in seen or url.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if match.url_name in SKIPPED_NAMES or per_pattern[match.view_name] >= per_pattern_limit:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_pattern[match.view_name] += 1
        html = response.content.decode()
        pages[url] = html
        parser = _Links()
        parser.feed(html)
        for href in parser.hrefs:
            parts = urlsplit(href)
            if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
                queue.append(href)
    return pages


def learner_with_everything():
    """A learner who has used every part of the product, with a mentor who reviews."""
    from apps.checklists import services as checklist_services
    from apps.curriculum.models import ChecklistItem
    from apps.mentoring import services as mentoring_services
    from apps.portfolio.models import Application, Contribution, PaperRead, Project, PublicPost

    profile = make_learner(display_name="Val", public_handle="val-idates", portfolio_public=True)
    user = profile.user
    today = dt.date.today()
    items = [i for i in ChecklistItem.objects.active().select_related("checklist").order_by("pk")
             if i.checklist.is_tickable][:3]  # fmt: skip
    for item in items:
        checklist_services.item_progress_set(
            user=user, item=item, state="done", note="A note.", evidence_url="https://example.com"
        )
    checklist_services.bookmark_toggle(user=user, item=items[0])
    checklist_services.weekly_check_in_save(
        user=user, week_start=today, hours=10, reflection="Moved."
    )
    project = Project.objects.create(
        user=user, title="Demo", summary="A demo.", slot="product-demo", pinned=True
    )
    PaperRead.objects.create(user=user, title="Attention", read_on=today)
    Contribution.objects.create(
        user=user, repository="owner/name", pr_url="https://github.com/o/n/pull/1", opened_on=today
    )
    PublicPost.objects.create(user=user, title="Post", url="https://example.com/p",
                              published_on=today)  # fmt: skip
    Application.objects.create(user=user, company="Acme", role="ML engineer", applied_on=today)
    mentor_profile = make_learner(make_user(), display_name="Mo")
    mentorship = make_mentorship(learner=profile, mentor=mentor_profile.user, shares_portfolio=True)
    mentoring_services.review_request(mentorship=mentorship, item=items[0], message="Look?")
    mentoring_services.review_request(mentorship=mentorship, project=project)
    mentoring_services.invitation_create(learner=user, email="future-mentor@example.com")
    return user, mentor_profile.user
