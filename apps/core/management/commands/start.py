import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCAL_ALIASES = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104 (names, not a bind)


class Command(BaseCommand):
    help = "Migrate, seed the roadmap (only what is missing), serve the site and run a job worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="address:port to serve on"
        )
        parser.add_argument(
            "--noreload", action="store_true", help="do not restart on code changes"
        )

    def handle(self, *args, addrport: str, noreload: bool, **options):
        host, _, port = addrport.rpartition(":")
        # Links in emails point where this server really is, also from the worker and from
        # runserver's reloaded child, which read it from the environment.
        site_url = f"http://{'127.0.0.1' if host in LOCAL_ALIASES else host}:{port}"
        os.environ["SITE_URL"] = settings.SITE_URL = site_url
        worker = None
        # The autoreloader re-runs this command in a child process (RUN_MAIN=true); the parent
        # has already prepared the database and started the worker by then.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("Database migrated.")
            call_command("seed_roadmap", stdout=self.stdout)
            worker = self.start_worker()
            # Stopped by a process manager (SIGTERM) rather than Ctrl-C: still stop the worker.
            previous_handler = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            self.stdout.write(
                self.style.SUCCESS(f"Roadmap is running at {site_url}/ with a job worker beside it")
            )
        try:
            call_command("runserver", addrport, use_reloader=not noreload, skip_checks=True)
        finally:
            if worker is not None:
                self.stop_worker(worker)
                signal.signal(signal.SIGTERM, previous_handler)

    def start_worker(self) -> subprocess.Popen:
        """One worker in this terminal: sends the mail, runs the periodic jobs."""
        manage = str(settings.BASE_DIR / "manage.py")
        return subprocess.Popen(  # noqa: S603
            [sys.executable, manage, "procrastinate", "worker"], env=os.environ.copy()
        )

    def stop_worker(self, worker: subprocess.Popen) -> None:
        worker.terminate()  # SIGTERM: the worker finishes its job, then exits
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
