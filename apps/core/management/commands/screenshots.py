"""Sign demo people in, in real Chromium, and photograph the product for the README."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import (
    ThreadedWSGIServer,
    WSGIRequestHandler,
    get_internal_wsgi_application,
)
from django.test import Client

from apps.core.browser import chromium_executable
from apps.core.demo import demo_seed

# (file name, who, path, viewport width, viewport height)
SHOTS = [
    ("landing.png", None, "/", 1280, 900),
    ("dashboard.png", "learner", "/dashboard/", 1280, 900),
    ("roadmap-page.png", "learner", "/roadmap/python-linux-baseline/", 1280, 900),
    ("progress.png", "learner", "/progress/", 1280, 900),
    ("portfolio.png", "learner", "/portfolio/", 1280, 900),
    ("mentor.png", "mentor", "/mentor/", 1280, 900),
    ("phone-roadmap-page.png", "learner", "/roadmap/python-linux-baseline/#git-baseline", 390, 844),
    ("phone-dashboard.png", "learner", "/dashboard/", 390, 844),
]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Photograph the main pages as the demo learner and mentor, into docs/screenshots/."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(settings.BASE_DIR / "docs" / "screenshots"))
        parser.add_argument("--theme", choices=["light", "dark"], default="light")

    def handle(self, *args, out: str, theme: str, **options):
        from playwright.sync_api import sync_playwright

        # The demo's review requests would print their emails: keep them in memory instead.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_roadmap", verbosity=0, stdout=self.stdout)
        people = demo_seed()
        cookies = {}
        for role in ("learner", "mentor"):
            client = Client()
            client.force_login(people[role])
            cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
        server.set_app(StaticFilesHandler(get_internal_wsgi_application()))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_executable(), args=["--no-sandbox"]
                )
                for name, role, path, width, height in SHOTS:
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=theme,
                        device_scale_factor=1,
                    )
                    if role:
                        context.add_cookies([{
                            "name": settings.SESSION_COOKIE_NAME, "value": cookies[role],
                            "url": base,
                        }])  # fmt: skip
                    page = context.new_page()
                    page.goto(base + path, wait_until="networkidle")
                    page.screenshot(path=str(target / name))
                    context.close()
                    self.stdout.write(f"{target / name}")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
        self.stdout.write(self.style.SUCCESS(f"{len(SHOTS)} screenshots in {target}"))
