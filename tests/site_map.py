"""Every URL pattern of the site, discovered from the URL configuration (not a hand-picked
list), with arguments that name real rows of a small world of learners and mentors. Shared by
the tests that visit every page: hostile input (tests/test_hostile_input.py) and the CSP
check in Chromium (tests/e2e/test_csp.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "checklists:item"
    pattern: str  # the route as written, prefixes included
    parameters: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def routes() -> list[Route]:
    """Every named URL pattern once (a name may be registered twice: the first wins)."""

    def walk(resolver, prefix: str, namespace: str):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif entry.name:
                pattern = prefix + str(entry.pattern)
                names = tuple(a or b for a, b in PARAMETER.findall(pattern))
                yield Route(f"{namespace}{entry.name}", pattern, names)

    seen: dict[str, Route] = {}
    for route in walk(get_resolver(), "", ""):
        seen.setdefault(route.name, route)
    return list(seen.values())


@dataclass
class World:
    """The rows a route's arguments can name, seen from one person's side."""

    values: dict[str, object] = field(default_factory=dict)  # "url name.param" or "param"

    def value(self, route: Route, parameter: str):
        for key in (f"{route.name}.{parameter}", parameter):
            if key in self.values:
                return self.values[key]
        return ADMIN_DEFAULTS.get(parameter, "1")

    def url(self, route: Route, **overrides) -> str | None:
        """The route's address with real arguments (or ``overrides``); None if the pattern
        cannot take them (a regex that refuses the value)."""
        kwargs = {p: overrides.get(p, self.value(route, p)) for p in route.parameters}
        try:
            return reverse(route.name, kwargs=kwargs)
        except NoReverseMatch:
            return None


ADMIN_DEFAULTS = {"app_label": "curriculum", "content_type_id": "1", "object_id": "1"}


def build_world():
    """A learner with progress, a project, a review with a comment and a pending invitation,
    and their mentor. Returns (learner, mentor, the world that names their rows)."""
    import datetime as dt

    from apps.checklists.services import item_progress_set
    from apps.curriculum.models import ChecklistItem, Page, Phase
    from apps.mentoring import services as mentoring
    from apps.portfolio.models import Project
    from tests.factories import make_learner, make_mentorship, make_user

    learner = make_learner(
        display_name="Lin Q.", public_handle="lin-q", portfolio_public=True,
        start_date=dt.date.today() - dt.timedelta(days=60),
    )  # fmt: skip
    mentor = make_learner(user=make_user(email="mentor@example.com"), display_name="Mo")
    mentorship = make_mentorship(learner=learner, mentor=mentor.user, shares_portfolio=True)
    item = ChecklistItem.objects.get(key="baseline-git-stash")
    item_progress_set(user=learner.user, item=item, state="done", note="n")
    review = mentoring.review_request(mentorship=mentorship, item=item, message="please")
    mentoring.review_comment(review=review, user=mentor.user, body="ok")
    project = Project.objects.create(user=learner.user, title="A demo", summary="s")
    invitation = mentoring.invitation_create(learner=learner.user, email="friend@example.com")
    question = ChecklistItem.objects.filter(checklist__key="interview-top-20").first()
    theme = ChecklistItem.objects.filter(checklist__key="interview-behavioral-stories").first()
    page = Page.objects.get(slug="python-linux-baseline")
    common = {
        "slug": page.slug,
        "checklists:phase_ready.key": Phase.objects.first().key,
        "checklists:item.key": item.key,
        "portfolio:practise.key": question.key,
        "portfolio:story.key": theme.key,
        "kind": "projects",
        "pk": project.pk,
        "portfolio:public.handle": "lin-q",
        "mentoring:invitation.token": invitation.token,
        "mentoring:invitation_revoke.pk": invitation.pk,
        "mentoring:sharing.pk": mentorship.pk,
        "mentoring:end.pk": mentorship.pk,
        "mentoring:review.pk": review.pk,
        "learner_id": learner.user.pk,
        "key": "x",
    }
    return learner.user, mentor.user, World(dict(common))
