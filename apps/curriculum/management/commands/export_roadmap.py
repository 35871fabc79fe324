from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.curriculum.fixture_export import export_roadmap


class Command(BaseCommand):
    help = "Write the roadmap content from the database back to fixtures/ (deterministic YAML)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, default=None, help="folder to write (default: fixtures/roadmap)"
        )

    def handle(self, *args, to: Path | None, **options):
        files = export_roadmap(directory=to or settings.FIXTURES_DIR)
        self.stdout.write(f"Wrote {len(files)} files to {(to or settings.FIXTURES_DIR)}.")
