"""Email leaves through the job queue, never from inside a request.

Queueing a message stores a job in the same transaction as the change that caused it, so a
rolled-back change sends nothing and a committed one is never lost: a worker delivers it, and
retries while the SMTP server is slow or down (apps.core.tasks.deliver_email).
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string

UNSUBSCRIBE_SALT = "roadmap.email.unsubscribe"


_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def single_line(text: str, limit: int = 200) -> str:
    """A header value on one line, at most ``limit`` characters: no line break or other
    control character can smuggle in another header (or make Django refuse the message).
    Every email subject, and any user-written text headed for one, goes through here."""
    line = " ".join(_CONTROL.sub(" ", str(text)).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def email_render(*, to: str, template: str, context: dict,
                 unsubscribe_url: str | None = None) -> EmailMultiAlternatives:  # fmt: skip
    """Build a message from templates/email/<template>_subject.txt, .txt and .html.

    ``unsubscribe_url`` marks a kind the person can switch off: the message then carries
    List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), so mail clients offer one click.
    """
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
        **context,
    }
    subject = single_line(render_to_string(f"email/{template}_subject.txt", context))
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"email/{template}.txt", context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message


def message_payload(message: EmailMessage) -> dict:
    """A message as JSON, to travel in a job's arguments."""
    if message.attachments:
        raise ValueError("Queued email cannot carry attachments.")
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [alternative[0], alternative[1]] for alternative in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def message_from_payload(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    message.content_subtype = payload.get("content_subtype", "plain")
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def email_queue(*messages: EmailMessage) -> None:
    """Queue messages for delivery, one job each, in one query."""
    from .tasks import deliver_email

    if messages:
        deliver_email.batch_defer(*({"message": message_payload(m)} for m in messages))


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    """A signed token that switches one kind of email off for one person, without sign-in."""
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_claim(token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind


def mail_queue_forget(*, addresses: set[str], mentions: re.Pattern, replacement: str) -> None:
    """For a deleted account: queued or kept mail *to* one of ``addresses`` is dropped (jobs
    being delivered right now aside); mail to anyone else that ``mentions`` them has the
    mention replaced. The job rows are procrastinate's: changed here with plain SQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, args FROM procrastinate_jobs WHERE task_name = 'deliver_email' "
            "AND status NOT IN ('doing', 'aborting')"
        )
        rows = cursor.fetchall()
        for job_id, args in rows:
            args = json.loads(args) if isinstance(args, str) else args
            message = args.get("message", {})
            if {a.lower() for a in message.get("to", [])} & addresses:
                cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job_id])
                continue
            text = json.dumps(args)
            scrubbed = mentions.sub(lambda m: json.dumps(replacement)[1:-1], text)
            if scrubbed != text:
                cursor.execute(
                    "UPDATE procrastinate_jobs SET args = %s::jsonb WHERE id = %s",
                    [scrubbed, job_id],
                )
