from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import remember_timezone
from .models import LearnerProfile


@receiver(user_logged_in)
def use_the_learners_timezone(sender, request, user, **kwargs):
    timezone = LearnerProfile.objects.filter(user=user).values_list("timezone", flat=True).first()
    if timezone:
        remember_timezone(request, timezone)
