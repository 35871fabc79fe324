"""Settings shared by every environment. Values come from environment variables."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def site_url(value: str) -> str:
    """An absolute http(s) address with no path: emails append paths to it."""
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path.strip("/"):
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's address, like https://roadmap.example.com, not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def database_config(url: str) -> dict:
    """Parse DATABASE_URL; with none, use the embedded server (never in production)."""
    if not url:
        from roadmap.embedded_db import embedded_database_url

        url = embedded_database_url(BASE_DIR / "var" / "postgres")
    config = dj_database_url.parse(
        url, conn_max_age=int(env("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    if not config["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://…).")
    return config


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "apps.curriculum.apps.RoadmapAdminConfig",  # django.contrib.admin, its app list kept
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "procrastinate.contrib.django",
    "csp",
    "apps.core",
    "apps.accounts",
    "apps.curriculum",
    "apps.learners",
    "apps.checklists",
    "apps.portfolio",
    "apps.mentoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.middleware.SlidingSessionMiddleware",
    # After authentication (its error page shows who is signed in), before anything reads
    # the request's data: CSRF's check reads the form.
    "apps.core.middleware.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.htmx.HtmxSignInMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.learners.middleware.LearnerTimezoneMiddleware",
]

ROOT_URLCONF = "roadmap.urls"
WSGI_APPLICATION = "roadmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.mentoring.context_processors.account",
            ],
            # Compile each template once per process, with DEBUG on or off: uncached, every
            # request re-read and re-parsed its templates (a third of a page's CPU). In
            # development the autoreloader empties the cache when a template changes.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "apps.core.templatetags.markdown",
                # Last, so its cached {% url %} and {% static %} replace Django's.
                "apps.core.templatetags.site",
            ],
        },
    }
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORM_RENDERER = "apps.core.forms.SiteFormRenderer"

# allauth's rate limits must be shared by every process, so the cache lives in the database.
# Pages kept in each process's memory by what they are drawn from (apps.core.kept), in bytes.
KEPT_BYTES = int(env("KEPT_MEGABYTES", "48")) * 1024 * 1024

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "learners:dashboard"
LOGOUT_REDIRECT_URL = "core:landing"

# django-allauth: the email address is the login, and it must be verified.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Signing up with a taken address says so plainly instead of pretending to send an email.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Roadmap] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"reset_password": "apps.accounts.forms.NonEnumeratingResetPasswordForm"}
# Someone whose account is throttled after failed passwords can still sign in by a code
# sent to their address.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Rate limits count in CACHES (shared by every process). Failed sign-ins are limited
# generously per IP (many people can share one behind a NAT) and strictly per account; a
# throttled account still signs in with the right password and a second factor, or by a code.
# The per-account limit is applied by apps.accounts.adapter, under "login_failed_account".
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED_IP", "60/m/ip"),
    "login_failed_account": env("RATE_LIMIT_LOGIN_FAILED_ACCOUNT", "5/5m/key"),
    # Invitations send email to addresses the learner types: limited per learner and per
    # recipient, so the site cannot be used to send spam.
    "mentor_invitation": env("RATE_LIMIT_INVITATIONS", "3/d/key,10/h/user,20/d/user"),
}
# How many proxies in front of the app append to X-Forwarded-For: 0 = none, the client's
# address is REMOTE_ADDR. Behind one reverse proxy set 1, or everyone shares its address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Roadmap"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's database sessions, loaded by a written-out query (apps/core/sessions.py).
SESSION_ENGINE = "apps.core.sessions"
# Sessions end after two weeks without use; using the site pushes the end back (at most one
# session write a day, see apps.core.middleware.SlidingSessionMiddleware).
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_DAYS", "14")) * 24 * 3600
SESSION_REFRESH_EVERY = 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# No view takes files: file parts are refused, and no form is anywhere near 1 MB (the
# largest, an editor's page body, is tens of KB). Bodies over the limit get a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
FILE_UPLOAD_HANDLERS = ["apps.core.middleware.RefuseFileUploads"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Content-Security-Policy (django-csp): only this site's own files run or style the page. No
# inline script or style anywhere: htmx is told not to inject its indicator styles (see the
# htmx-config meta tag in base.html). Images may be data: URIs (the TOTP QR code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail never leaves inside a request: apps.core.mail queues a job and a worker sends it
# through this backend, retrying while the SMTP server is slow or down.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Roadmap <roadmap@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
# Seconds between the tries of an email: 5 tries over about an hour, then the job is failed
# (and listed under Procrastinate jobs in the admin).
EMAIL_RETRY_DELAYS = [int(s) for s in env_list("EMAIL_RETRY_DELAYS", ["60", "300", "900", "2400"])]

FIXTURES_DIR = BASE_DIR / "fixtures" / "roadmap"
# The site's own address, for links in emails. `manage.py start` sets it to where it serves.
SITE_URL = site_url(env("SITE_URL", "http://127.0.0.1:8000"))
SITE_NAME = "Roadmap"

# Background jobs (procrastinate, in PostgreSQL). Each worker writes a heartbeat; a job held
# by a worker silent for JOBS_STALLED_AFTER seconds is given to another one.
JOBS_HEARTBEAT_SECONDS = float(env("JOBS_HEARTBEAT_SECONDS", "10"))
JOBS_STALLED_AFTER = float(env("JOBS_STALLED_AFTER", "30"))
JOBS_SWEEP_CRON = env("JOBS_SWEEP_CRON", "* * * * *")
JOBS_KEEP_FINISHED_HOURS = 24 * 7
WORKER_STALE_AFTER = float(env("WORKER_STALE_AFTER", "60"))
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": JOBS_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": JOBS_STALLED_AFTER,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}, "procrastinate": {"level": "WARNING"}},
}


def require_secret_key(debug: bool, secret_key: str) -> str:
    """In DEBUG a fixed development key is fine; anywhere else a real one is required."""
    if secret_key:
        return secret_key
    if debug:
        return "django-insecure-local-development-key-do-not-use-in-production"  # noqa: S105
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set it in the environment (or DEBUG=true for local development)."
    )
