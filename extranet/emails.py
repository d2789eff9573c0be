"""Every e-mail the extranet sends goes through here: rendering, absolute links, the outbox and sending.

A message is a template triple sharing one prefix: `<prefix>_subject.txt`, `<prefix>_body.txt` and
`<prefix>_body.html`. The subject and the text body are plain text, rendered with autoescaping off
(an event « prime d'activité » must not arrive as `prime d&#x27;activité`); the subject is folded
onto one line. Only the HTML body is escaped. Every context gets `site_url`.

Messages are written to the outbox (`OutgoingEmail`) in the transaction of the change that causes
them, and sent once it commits: a rolled-back change sends nothing, a committed one cannot lose its
messages. A message the mail server refuses is logged (« E-mail not sent (…) ») and stays in the
outbox, and `send_pending_emails` (every minute) tries it again later, until it gives up after
`OutgoingEmail.MAX_ATTEMPTS`; so does a message whose sender was killed before sending it. The change
is saved and the page or command goes on either way.
"""

import logging
import smtplib
from collections import Counter
from collections.abc import Callable, Iterable
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import QuerySet
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from extranet.enums import OutgoingEmailState
from extranet.models import OutgoingEmail

logger = logging.getLogger(__name__)

# How many messages a sender claims at once (see OutgoingEmail.CLAIM).
BATCH = 50
# What a mail server, or a message it cannot take (an invalid address or header), raises: the message
# is tried again later and the others go on.
SENDING_ERRORS = (smtplib.SMTPException, OSError, ValueError)


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


def send_after_commit(build: Callable[[], Iterable[EmailMessage]], description: str) -> None:
    """Write the messages `build()` makes to the outbox now, in the current transaction, and send them
    once it commits. `description` names them in the log."""
    emails = OutgoingEmail.objects.bulk_create(_outgoing(message, description) for message in build())
    if emails:
        ids = [email.pk for email in emails]
        # The messages are saved: whatever goes wrong here must not turn the saved change into an error
        # page (robust: logged instead), and send_pending_emails sends what is left.
        transaction.on_commit(lambda: send_due(OutgoingEmail.objects.filter(pk__in=ids)), robust=True)


def _outgoing(message: EmailMessage, description: str) -> OutgoingEmail:
    alternatives = getattr(message, "alternatives", [])
    if message.cc or message.bcc or message.reply_to or message.attachments or len(alternatives) > 1:
        raise ValueError(f"The outbox keeps one recipient list, headers and an HTML version ({description}).")
    return OutgoingEmail(
        description=description,
        from_email=message.from_email,
        to=message.to,
        subject=message.subject,
        body=message.body,
        html=next((content for content, mimetype in alternatives if mimetype == "text/html"), ""),
        # The same Message-ID at every attempt: a message sent twice (a sender killed after the mail
        # server took it) shows once in most mail programs.
        headers={"Message-ID": make_msgid(domain=DNS_NAME), **message.extra_headers},
    )


def send_due(emails: QuerySet[OutgoingEmail] | None = None, *, waiting_too: bool = False) -> Counter:
    """Send the messages of `emails` (the whole outbox by default) that are due, each claimed before it
    is sent and tried once; `waiting_too`: see `OutgoingEmailQuerySet.due()`.

    Returns how many were sent, are to be tried again (`retried`) and were `given_up`.
    """
    emails = OutgoingEmail.objects.all() if emails is None else emails
    due = emails.due(timezone.now(), waiting_too=waiting_too)
    outcome, last = Counter(), 0
    while batch := due.filter(pk__gt=last).claim(timezone.now(), BATCH):
        last = batch[-1].pk
        outcome += _deliver(batch)
        if len(batch) < BATCH:  # that was all (what became due since waits for the next run)
            break
    return outcome


def _deliver(emails: list[OutgoingEmail]) -> Counter:
    """Send claimed `emails` over one connection and record what became of each."""
    outcome, sent = Counter(), []
    connection = get_connection()
    try:
        connection.open()
    except SENDING_ERRORS as error:
        # No mail server: the whole batch waits for its next attempt instead of each message waiting
        # for the connection timeout in turn.
        for email in emails:
            outcome[_record_failure(email, error)] += 1
        return outcome
    try:
        for email in emails:
            try:
                connection.send_messages([email.message()])
            except SENDING_ERRORS as error:
                outcome[_record_failure(email, error)] += 1
            else:
                sent.append(email.pk)
    finally:
        outcome["sent"] += OutgoingEmail.objects.filter(pk__in=sent).mark_sent(timezone.now())
        connection.close()
    return outcome


def _record_failure(email: OutgoingEmail, error: Exception) -> str:
    email.record_failure(f"{type(error).__name__}: {error}", timezone.now())
    given_up = email.state == OutgoingEmailState.FAILED
    logger.log(
        logging.ERROR if given_up else logging.WARNING,
        "E-mail not sent (%s, message %s, attempt %s of %s): %s; %s.",
        email.description,
        email.pk,
        email.attempts,
        OutgoingEmail.MAX_ATTEMPTS,
        email.last_error,
        "given up" if given_up else f"next attempt at {timezone.localtime(email.next_attempt_at):%H:%M}",
    )
    return "given_up" if given_up else "retried"
