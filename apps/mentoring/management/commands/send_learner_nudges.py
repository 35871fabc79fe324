from django.core.management.base import BaseCommand

from apps.mentoring.services import send_check_in_nudges, send_slump_heads_ups


class Command(BaseCommand):
    help = (
        "Nudge learners who have not checked in for two weeks, and warn those whose plan "
        "reaches a hard month within a week. The worker does both by itself; this runs them "
        "by hand."
    )

    def handle(self, *args, **options):
        nudges = send_check_in_nudges()
        heads_ups = send_slump_heads_ups()
        self.stdout.write(
            f"Sent {nudges.describe('check-in nudge')} and {heads_ups.describe('slump heads-up')}."
        )
