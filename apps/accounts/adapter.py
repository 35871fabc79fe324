from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from apps.core.mail import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mail (verification, password reset, security notices) goes through the job
    queue: signing up or resetting a password never waits on SMTP, nor fails because of it."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        email_queue(self.render_mail(template_prefix, email, context))
