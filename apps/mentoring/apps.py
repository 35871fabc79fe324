from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "apps.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from . import signals  # noqa: F401
