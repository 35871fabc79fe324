from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished

        from .middleware import mark_session_fresh
        from .warm import freeze_when_warm

        user_logged_in.connect(mark_session_fresh, dispatch_uid="mark_session_fresh")
        request_finished.connect(freeze_when_warm, dispatch_uid="freeze_when_warm")
