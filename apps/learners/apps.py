from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "apps.learners"
    label = "learners"

    def ready(self):
        from . import signals  # noqa: F401
