from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.mentoring import selectors
from apps.mentoring.services import send_digest


class Command(BaseCommand):
    help = "Email every mentor a summary of waiting reviews and stuck mentees. Run weekly."

    def handle(self, *args, **options):
        mentors = (
            get_user_model()
            .objects.filter(mentees__ended_at__isnull=True, is_active=True)
            .distinct()
        )
        sent = 0
        for mentor in mentors:
            sent += send_digest(
                mentor=mentor,
                inbox=selectors.inbox(mentor=mentor),
                mentees=selectors.mentees(mentor=mentor, today=timezone.localdate()),
            )
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
