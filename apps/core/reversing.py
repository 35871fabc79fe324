"""URLs and static file addresses, worked out once per process.

Profiling showed ``reverse()`` and the manifest storage's ``url()`` among the heaviest calls
of every page: a page asks for the same few dozen addresses (navigation, forms per checklist
item) on every request, and each answer is fixed for the process's URL configuration and
static manifest. They are remembered here, keyed by everything the answer depends on, and
forgotten when a test changes the settings they come from.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse

_CACHEABLE = (str, int)


@lru_cache(maxsize=16384)
def _reverse(urlconf, prefix: str, view_name: str, args: tuple, kwargs: tuple,
             current_app: str | None) -> str:  # fmt: skip
    return django_reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse(view_name: str, args=None, kwargs=None, current_app: str | None = None) -> str:
    """``django.urls.reverse``, remembered for string and integer arguments."""
    args = tuple(_plain(value) for value in args or ())
    kwargs = tuple(sorted((name, _plain(value)) for name, value in (kwargs or {}).items()))
    if isinstance(view_name, str) and all(
        type(value) in _CACHEABLE for value in (*args, *(v for _, v in kwargs))
    ):
        return _reverse(get_urlconf(), get_script_prefix(), view_name, args, kwargs, current_app)
    return django_reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(value):
    """A string as a plain ``str``: a template's quoted argument comes as a SafeString, which
    reverses to the same address."""
    return str.__str__(value) if isinstance(value, str) else value


@lru_cache(maxsize=1024)
def static_url(path: str) -> str:
    """The address of a static file, hashed name included in production."""
    from django.templatetags.static import StaticNode

    return StaticNode.handle_simple(path)


@receiver(setting_changed)
def _forget(setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _reverse.cache_clear()
    if setting in {"STATIC_URL", "STATIC_ROOT", "STATICFILES_DIRS", "STORAGES", "INSTALLED_APPS"}:
        static_url.cache_clear()
