from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, database_restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by `backup`. Refuses a non-empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the tables of a non-empty database"
        )

    def handle(self, *args, path: Path, force: bool, **options):
        try:
            database_restore(path=path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {path}.")
