from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.curriculum.fixture_files import FixtureError
from apps.curriculum.services import roadmap_seed


class Command(BaseCommand):
    help = (
        "Load the roadmap content from fixtures/: create what is missing. With --update, also "
        "overwrite changed content and retire what the fixtures no longer have. Learner data "
        "is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="overwrite existing content")
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=None,
            help="fixtures folder (default: fixtures/roadmap)",
        )

    def handle(self, *args, update: bool, fixtures: Path | None, **options):
        try:
            report = roadmap_seed(fixtures_dir=fixtures or settings.FIXTURES_DIR, update=update)
        except FixtureError as error:
            raise CommandError(f"The fixtures are invalid: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
