from .base import *  # noqa: F403
from .base import database_config, env

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
DATABASES = {"default": database_config(env("DATABASE_URL"))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest itself always uses locmem; the cluster test's servers and workers use SMTP.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ALLOWED_HOSTS = ["*"]
