from django.core.management.base import BaseCommand

from apps.mentoring.services import send_digests


class Command(BaseCommand):
    help = (
        "Email every mentor a summary of waiting reviews and stuck mentees. The worker runs "
        "this every Monday by itself; use the command to run it by hand."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"Sent {sent.describe('digest')}.")
