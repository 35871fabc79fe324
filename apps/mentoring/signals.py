from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from apps.learners.middleware import SESSION_KEY, remember_timezone

from .models import MentorProfile


@receiver(user_logged_in)
def use_the_mentors_timezone(sender, request, user, **kwargs):
    """A mentor without a plan sees times in their own zone too (a learner's plan, read by
    the learners app's receiver, wins when there is one)."""
    if request is None or SESSION_KEY in request.session:
        return
    timezone = MentorProfile.objects.filter(user=user).values_list("timezone", flat=True).first()
    if timezone:
        remember_timezone(request, timezone)
