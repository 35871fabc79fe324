"""allauth, adapted: its mail goes through the job queue, and sign-in throttling cannot be
used to lock someone else out."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib.sites.shortcuts import get_current_site

from apps.core.mail import email_queue

ACCOUNT_LIMIT = "login_failed_account"


class AccountAdapter(DefaultAccountAdapter):
    """Mail: verification, password reset and security notices go through the job queue, so
    signing up or resetting a password never waits on SMTP, nor fails because of it.

    Throttling: allauth counts failed sign-ins per IP and per account *before* checking the
    password, so five wrong guesses by anyone lock the owner out too. Here the per-IP limit
    (generous) is checked first, as allauth does; the per-account limit (strict) only counts
    failures, and when it is reached the right password still passes for an account with a
    second factor (which is then asked for). Without one, the owner is offered a code by
    email."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. Wait a few minutes, or sign in with a code "
            "sent to your email address instead."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        email_queue(self.render_mail(template_prefix, email, context))

    def authenticate(self, request, **credentials):
        key = self._get_login_attempts_cache_key(request, **credentials)
        account_throttled = not ratelimit.consume(
            request, action=ACCOUNT_LIMIT, key=key, dry_run=True
        )
        user = super().authenticate(request, **credentials)  # per-IP limit, then password
        if user is None:
            ratelimit.consume(request, action=ACCOUNT_LIMIT, key=key)
            if account_throttled:
                raise self.validation_error("too_many_login_attempts")
            return None
        if account_throttled and not get_mfa_adapter().is_mfa_enabled(user):
            raise self.validation_error("too_many_login_attempts")
        return user

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """A password reset wipes the account's failures (allauth clears only its own)."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        key = self._get_login_attempts_cache_key(request, **credentials)
        ratelimit.clear(request, action=ACCOUNT_LIMIT, key=key)
