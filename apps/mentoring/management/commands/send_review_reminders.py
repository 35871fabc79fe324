from django.core.management.base import BaseCommand

from apps.mentoring.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind whoever's turn it is on reviews that have waited 7 days. The worker runs this "
        "daily by itself; use the command to run it by hand."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent.describe('reminder')}.")
