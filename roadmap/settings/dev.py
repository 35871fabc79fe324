from .base import *  # noqa: F403
from .base import database_config, env, env_bool, require_secret_key

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = require_secret_key(DEBUG, SECRET_KEY)  # noqa: F405
DATABASES = {"default": database_config(env("DATABASE_URL"))}
if DEBUG:
    # Plain storage in development: no collectstatic needed before runserver.
    STORAGES["staticfiles"] = {  # noqa: F405
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
