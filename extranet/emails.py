"""Every e-mail the extranet sends goes through here: rendering, absolute links and sending.

A message is a template triple sharing one prefix: `<prefix>_subject.txt`, `<prefix>_body.txt` and
`<prefix>_body.html`. The subject and the text body are plain text, rendered with autoescaping off
(an event « prime d'activité » must not arrive as `prime d&#x27;activité`); the subject is folded
onto one line. Only the HTML body is escaped. Every context gets `site_url`.

Messages leave once the current transaction commits (a rolled-back change sends nothing). A mail
server failure is logged and swallowed — the change is saved and the page or command goes on — and
the caller may undo its bookkeeping (`on_failure`) so that a later run tries again.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """The address of `path` ("/annuaire/…", from `reverse()` or `get_absolute_url()`) outside the site."""
    return f"{settings.SITE_URL}{path}"


def _render_plain(template_name: str, context: dict) -> str:
    # The backend's render() always escapes; the engine's own template takes a Context that does not.
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    """A subject line: plain text, never HTML-escaped, on one line."""
    return " ".join(_render_plain(template_name, context).split())


def build_email(template_prefix: str, context: dict, to: str) -> EmailMultiAlternatives:
    """The message for one recipient, rendered from the `template_prefix` triple."""
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=render_subject(f"{template_prefix}_subject.txt", context),
        body=_render_plain(f"{template_prefix}_body.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template_prefix}_body.html", context), "text/html")
    return message


def send_now(messages: list[EmailMessage], description: str) -> bool:
    """Send `messages` over one connection; on a mail server failure log it and return False."""
    if not messages:
        return True
    try:
        get_connection().send_messages(messages)
    except (smtplib.SMTPException, OSError):
        logger.exception("E-mail not sent (%s).", description)
        return False
    return True


def send_after_commit(
    build: Callable[[], Iterable[EmailMessage]],
    description: str,
    *,
    on_success: Callable[[], None] | None = None,
    on_failure: Callable[[], None] | None = None,
) -> None:
    """Once the transaction commits, build the messages (recipients are read then) and send them.

    `description` names the e-mail in the log; `on_success` / `on_failure` run after the attempt.
    """

    def send():
        if send_now(list(build()), description):
            if on_success:
                on_success()
        elif on_failure:
            on_failure()

    transaction.on_commit(send)
