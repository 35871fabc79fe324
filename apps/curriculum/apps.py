from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class CurriculumConfig(AppConfig):
    name = "apps.curriculum"
    label = "curriculum"
    verbose_name = "Roadmap content"

    def ready(self) -> None:
        from .revision import bump_content_revision

        # Every content model: a save or delete anywhere (admin, shell, services) is a new
        # revision of the content.
        for model in self.get_models():
            if model._meta.model_name in {"contentchange", "contentrevision"}:  # not content
                continue
            for signal in (post_save, post_delete):
                uid = f"content-revision-{id(signal)}-{model.__name__}"
                signal.connect(bump_content_revision, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(bump_content_revision, sender=field.remote_field.through,
                                    dispatch_uid=f"content-revision-m2m-{field}")  # fmt: skip


class RoadmapAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site's own AdminSite (its app list kept per kind of person),
    named in INSTALLED_APPS in place of django.contrib.admin."""

    default = False  # apps.curriculum's own config stays CurriculumConfig

    default_site = "apps.curriculum.admin_site.RoadmapAdminSite"
