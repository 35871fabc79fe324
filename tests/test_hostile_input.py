"""Hostile input never gets a 5xx, and a refused request saves nothing (issue 10).

Every named URL pattern is discovered from the URL configuration, every form from the pages
themselves (each field's name and default). As a learner and as a mentor, with DEBUG off,
each route gets hostile path arguments and query strings, and each form (plus every route's
POST) gets a corpus of hostile values: overlong, NUL, invalid UTF-8, CRLF, template syntax,
SQL-ish strings, negative and huge numbers, impossible dates, lists where scalars are
expected, and unknown keys. Every response must be below 500; every 4xx must have written
nothing but sessions and the rate-limit cache (PostgreSQL's per-transaction table counters
tell). Each route runs inside a savepoint that is rolled back, so a POST that deletes or ends
something does not hide the routes after it."""

import sys
import time
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponseServerError
from django.test import Client
from django.urls import Resolver404, resolve

from tests.site_map import Route, World, build_world, routes

pytestmark = pytest.mark.django_db

# Values for form fields and query parameters: (what it is, the percent-encoded value).
CORPUS = [
    ("overlong", quote("x" * 20_000)),
    ("NUL", "a%00b"),
    ("invalid UTF-8", "%FF%FE%C3%28"),
    ("CRLF", quote("line\r\nBcc: victim@example.com")),
    ("template syntax", quote("{{ request.user.password }}{% debug %}{% load x %}")),
    ("SQL-ish", quote("' OR 1=1; DROP TABLE accounts_user; --")),
    ("negative", "-1"),
    ("huge", "99999999999999999999999999999999"),
    ("not a number", quote("NaN")),
    ("impossible date", "2026-02-30"),
    ("markup", quote("<script>alert(1)</script><img src=x onerror=alert(1)>")),
    ("whitespace", quote(" \t ")),
]
# Path arguments: what a slug, key, token or id might be replaced with.
PATH_CORPUS = [
    ("overlong", "x" * 3000),
    ("NUL", "a%00b"),
    ("invalid UTF-8", "%FF%FE"),
    ("SQL-ish and template syntax", quote("1' OR '1'='1 {{7*7}}", safe="")),
]
# Each request carries several hostile values at once, one per field (see hostile_pairs).
ROUNDS = 3
QUERY_KEYS = ["next", "page", "phase", "state", "checklist", "sort", "kind", "q", "p", "o"]
GENERIC_FIELDS = ["next", "item", "page", "mentorship", "project", "notification", "body",
                  "message", "state", "note", "email", "action", "confirmed", "read", "password"]  # fmt: skip
# Tables a refused request may still write: the session and allauth's rate-limit counters.
MAY_WRITE_WHEN_REFUSED = {"django_session", "django_cache"}
FORM_URLENCODED = "application/x-www-form-urlencoded"


class FormFinder(HTMLParser):
    """The forms of a page: action, method and every named field with its default value."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self.current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or self.page_path
            self.current = {}
            self.forms.append((urlsplit(action).path, (attrs.get("method") or "get").lower(),
                               self.current))  # fmt: skip
        elif self.current is not None and tag in {"input", "select", "textarea", "button"}:
            name = attrs.get("name")
            if name and name not in self.current and name != "csrfmiddlewaretoken":
                self.current[name] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def table_writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return dict(cursor.fetchall())


class Prober:
    def __init__(self, client, role: str):
        self.client = client
        self.role = role
        self.requests = 0
        self.inputs = 0
        self.writes: dict[str, int] = {}
        self.failures: list[str] = []
        self.forms: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}

    def send(self, method: str, url: str, body: str = "", htmx: bool = False, label: str = "",
             values: int = 1):  # fmt: skip
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        # Its own savepoint: a database error in one request cannot spoil the next ones.
        try:
            with transaction.atomic():
                if method == "get":
                    response = self.client.get(url, **headers)
                else:
                    response = self.client.generic(
                        "POST", url, body.encode("latin-1"), content_type=FORM_URLENCODED,
                        **headers,
                    )  # fmt: skip
        except DatabaseError:  # a query failed inside and was answered with a 500
            response = HttpResponseServerError()
        self.requests += 1
        self.inputs += values
        where = f"{self.role} {method.upper()} {url[:120]} [{label}]"
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {where}")
        # One look at the table counters per request: what changed since the last look was
        # written by this request.
        writes, self.writes = self.writes, table_writes()
        if 400 <= response.status_code < 500:
            written = {t for t, n in self.writes.items() if n != writes.get(t, 0)}
            if written - MAY_WRITE_WHEN_REFUSED:
                self.failures.append(f"{response.status_code} but wrote {written} {where}")
        return response

    def collect_forms(self, path: str, response) -> None:
        """Remember each kind of form once (per URL pattern), with the first address seen."""
        if "html" not in response.get("Content-Type", ""):
            return
        finder = FormFinder(path)
        finder.feed(response.content.decode(errors="replace"))
        for action, method, fields in finder.forms:
            if not action.startswith("/"):
                continue
            try:
                name = resolve(action).view_name
            except Resolver404:
                continue
            known = self.forms.setdefault((name, method), (action, {}))
            known[1].update(fields)

    def probe_route(self, route: Route, world: World) -> None:
        url = world.url(route)
        if url is None:
            return
        response = self.send("get", url, label="as is")
        self.collect_forms(url, response)
        if route.is_admin:
            return  # one gate guards them all for these roles: answered above
        for parameter in route.parameters:
            for label, value in PATH_CORPUS:
                if (bad := world.url(route, **{parameter: "PLACEHOLDER"})) is not None:
                    self.send("get", bad.replace("PLACEHOLDER", value), label=f"{parameter} {label}")
        for round_ in range(ROUNDS):
            query = hostile_pairs(QUERY_KEYS, round_)
            self.send("get", f"{url}?{query}", htmx=round_ % 2 == 1, label=f"query round {round_}",
                      values=len(QUERY_KEYS))  # fmt: skip
            if not any(action == url for action, _ in self.forms.values()):
                self.send("post", url, hostile_pairs(GENERIC_FIELDS, round_), htmx=round_ % 2 == 0,
                          label=f"post round {round_}", values=len(GENERIC_FIELDS))  # fmt: skip

    def probe_form(self, action: str, method: str, fields: dict[str, str]) -> None:
        names = list(fields) or ["next"]
        for round_ in range(ROUNDS):
            body = hostile_pairs(names, round_)
            if method == "get":
                self.send("get", f"{action}?{body}", label=f"form round {round_}",
                          values=len(names))  # fmt: skip
            else:
                self.send("post", action, body, htmx=round_ % 2 == 1,
                          label=f"form round {round_}", values=len(names))  # fmt: skip
        if method == "post":
            # The form as the page offers it with one field overlong: one bad field must not
            # let the others be saved.
            overlong = CORPUS[0][1]
            for name in names:
                body = "&".join(
                    f"{quote(n)}={overlong if n == name else quote(v)}" for n, v in fields.items()
                )
                self.send("post", action, body, label=f"{name} overlong")


def hostile_pairs(names: list[str], round_: int) -> str:
    """A form body (or query) giving each name a hostile value. Over the ROUNDS rounds a name
    gets ROUNDS values and its neighbours the next ones, so every value of the corpus reaches
    every form. The first name also gets a second value (a list where a scalar is expected),
    and an unknown key rides along."""
    pairs = [
        (name, CORPUS[(index * ROUNDS + round_) % len(CORPUS)][1])
        for index, name in enumerate(names)
    ]
    pairs.append((names[0], CORPUS[(round_ + 1) % len(CORPUS)][1]))
    pairs.append(("unknown_key", "1"))
    return "&".join(f"{quote(name)}={value}" for name, value in pairs)


def probe_as(client, user, world: World, role: str) -> Prober:
    prober = Prober(client, role)
    all_routes = routes()
    for route in all_routes:
        client.force_login(user)
        with transaction.atomic():
            prober.writes = table_writes()
            prober.probe_route(route, world)
            transaction.set_rollback(True)
    for (_, method), (action, fields) in sorted(prober.forms.items()):
        client.force_login(user)
        with transaction.atomic():
            prober.writes = table_writes()
            prober.probe_form(action, method, fields)
            transaction.set_rollback(True)
    sys.stderr.write(
        f"\nhostile input as {role}: {len(all_routes)} URL patterns, {len(prober.forms)} forms, "
        f"{prober.requests} requests, {prober.inputs} hostile values, "
        f"{len(prober.failures)} failures\n"
    )
    return prober


@pytest.mark.parametrize("role", ["learner", "mentor"])
def test_hostile_input_never_gets_a_5xx_and_refusals_save_nothing(role):
    assert settings.DEBUG is False
    # An exception is answered as production would (handler500), and listed with its route.
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    learner, mentor, world = build_world()
    user = learner if role == "learner" else mentor
    prober = probe_as(client, user, world, role)
    assert prober.failures == [], "\n".join(prober.failures[:40])
    assert prober.requests > 500
    sys.stderr.write(f"hostile input as {role}: {time.monotonic() - started:.1f} s\n")
