import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, seed the roadmap (only what is missing) and serve the site."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="address:port to serve on"
        )
        parser.add_argument(
            "--noreload", action="store_true", help="do not restart on code changes"
        )

    def handle(self, *args, addrport: str, noreload: bool, **options):
        # The autoreloader re-runs this command in a child process (RUN_MAIN=true); the parent
        # has already prepared the database by then.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("Database migrated.")
            call_command("seed_roadmap", stdout=self.stdout)
            host, _, port = addrport.rpartition(":")
            self.stdout.write(
                self.style.SUCCESS(f"Roadmap is running at http://{host or '127.0.0.1'}:{port}/")
            )
        call_command("runserver", addrport, use_reloader=not noreload, skip_checks=True)
