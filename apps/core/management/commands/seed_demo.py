import sys
import time

from django.core.management.base import BaseCommand, CommandError

from apps.core import demo_data


class Command(BaseCommand):
    help = (
        "Fill the database with a reproducible demo dataset for the benchmark: learners at "
        "every stage with history, check-ins and portfolios, mentors with 1–50 mentees and "
        f"open reviews. Accounts are under @{demo_data.DEMO_DOMAIN}, password "
        f"{demo_data.DEMO_PASSWORD!r}. Refuses a database with real users unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=10_000)
        parser.add_argument("--mentors", type=int, default=None, help="default: learners / 20")
        parser.add_argument("--seed", type=int, default=16, help="random seed (fixed default)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even though the database has real (non-demo) users",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="replace an earlier demo dataset (only in a database without real users)",
        )

    def handle(self, *args, learners, mentors, seed, force, reset, **options):
        if learners < 1:
            raise CommandError("--learners must be at least 1.")
        real = demo_data.real_user_count()
        if real and not force:
            raise CommandError(
                f"This database has {real} real user{'s' if real != 1 else ''}: seed_demo "
                "only fills databases meant for testing. Use --force if you are sure."
            )
        existing = demo_data.demo_user_count()
        if existing:
            if not reset:
                raise CommandError(
                    f"Demo data is already here ({existing} accounts). Use --reset to rebuild it."
                )
            if real:
                raise CommandError("--reset wipes every account: not with real users present.")
            demo_data.wipe_people()
        started = time.monotonic()
        try:
            summary = demo_data.seed_demo(
                learners=learners, mentors=mentors, seed=seed, progress=self._progress
            )
        except demo_data.DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        for table, count in summary.counts.items():
            self.stdout.write(f"  {table:<20} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded in {time.monotonic() - started:.0f} s. Sign in as "
                               f"{demo_data.HEAVY_LEARNER}, {demo_data.BUSY_MENTOR} or "
                               f"{demo_data.EDITOR} with {demo_data.DEMO_PASSWORD!r}.")
        )  # fmt: skip

    def _progress(self, stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total and stage != "learners" else ""
        stream = self.stdout if sys.stdout.isatty() else None
        line = f"\r{stage:<9} [{bar}] {done:,}/{total:,}"
        if stream is not None:
            self.stdout.write(line, ending=end)
            self.stdout.flush()
        elif done >= total:
            self.stdout.write(line.lstrip("\r"))
