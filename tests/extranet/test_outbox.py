"""The outbox (extranet.models.OutgoingEmail, `send_pending_emails`): a message written with the change
that causes it is sent once, later if the mail server refused it, and forgotten after a while."""

import datetime as dt
import io
import logging
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from extranet.emails import build_email, send_after_commit
from extranet.enums import OutgoingEmailState
from extranet.models import OutgoingEmail
from tests import factories

pytestmark = pytest.mark.django_db


def notify(to: str = "claire@example.org") -> None:
    context = {"user": factories.UserFactory.build(email=to), "url": "/x/", "valid_days": 3}
    send_after_commit(lambda: [build_email("emails/invitation", context, to)], f"test to {to}")


def queued(subject: str = "Objet", **fields) -> OutgoingEmail:
    """A message written to the outbox, its sending not run."""
    return OutgoingEmail.objects.create(
        description="test", from_email="a@example.org", to=["b@example.org"], subject=subject, **fields
    )


def send_pending(*args) -> str:
    out = io.StringIO()
    call_command("send_pending_emails", *args, stdout=out)
    return out.getvalue()


def later(time_machine, delta: dt.timedelta) -> None:
    time_machine.move_to(timezone.now() + delta, tick=False)


def test_the_message_is_written_with_the_change_and_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify()
        email = OutgoingEmail.objects.get()
        assert email.state == OutgoingEmailState.PENDING and mail.outbox == []

    email.refresh_from_db()
    assert [message.to for message in mail.outbox] == [["claire@example.org"]]
    assert email.state == OutgoingEmailState.SENT and email.sent_at and email.attempts == 1
    # Who, which subject and when stay for the admin; the text, which may hold a one-time link, goes.
    assert email.subject == mail.outbox[0].subject and email.body == email.html == ""
    assert send_pending() == ""  # nothing left, nothing said


def test_a_rolled_back_change_leaves_no_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify()
        raise RuntimeError("the change fails")

    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_a_message_whose_sender_was_killed_before_sending_is_sent_by_the_command(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):  # the worker dies after the commit
        notify()

    assert "1 e-mail(s) envoyé(s)" in send_pending()
    assert len(mail.outbox) == 1


def test_a_refused_message_waits_and_the_command_sends_it_when_due(
    smtp_down, monkeypatch, caplog, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify()

    email = OutgoingEmail.objects.get()
    assert email.state == OutgoingEmailState.PENDING and email.attempts == 1
    assert email.last_error == "SMTPServerDisconnected: Connexion perdue"
    assert email.next_attempt_at == timezone.now() + OutgoingEmail.FIRST_RETRY
    assert "E-mail not sent (test to claire@example.org, message" in caplog.text

    monkeypatch.undo()  # the mail server is back
    assert send_pending() == ""  # not due yet
    later(time_machine, OutgoingEmail.FIRST_RETRY)
    assert "1 e-mail(s) envoyé(s)" in send_pending()
    assert [message.to for message in mail.outbox] == [["claire@example.org"]]
    email.refresh_from_db()
    assert email.state == OutgoingEmailState.SENT and email.attempts == 2


def test_without_a_mail_server_the_messages_wait(monkeypatch, caplog, django_capture_on_commit_callbacks):
    def unreachable(self):
        raise ConnectionRefusedError("Connexion refusée")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.open", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        notify("claire@example.org")
        notify("paul@example.org")

    assert list(OutgoingEmail.objects.values_list("state", "attempts")) == [("pending", 1)] * 2
    assert caplog.text.count("E-mail not sent (") == 2


def test_the_message_id_stays_the_same_at_every_attempt(
    smtp_down, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    message_id = OutgoingEmail.objects.get().headers["Message-ID"]

    monkeypatch.undo()
    send_pending("--all-pending")
    assert mail.outbox[0].message()["Message-ID"] == message_id


def test_waits_double_then_the_message_is_given_up_with_an_error(
    smtp_down, caplog, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    waits = []
    for _attempt in range(2, OutgoingEmail.MAX_ATTEMPTS + 1):
        email = OutgoingEmail.objects.get()
        waits.append(email.next_attempt_at - timezone.now())
        time_machine.move_to(email.next_attempt_at, tick=False)
        send_pending()

    assert waits[:3] == [OutgoingEmail.FIRST_RETRY * n for n in (1, 2, 4)]
    email = OutgoingEmail.objects.get()
    assert email.state == OutgoingEmailState.FAILED and email.attempts == OutgoingEmail.MAX_ATTEMPTS
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1 and "given up" in errors[0].getMessage()

    later(time_machine, dt.timedelta(days=1))
    send_pending("--all-pending")
    assert OutgoingEmail.objects.get().attempts == OutgoingEmail.MAX_ATTEMPTS  # never tried again


def test_a_message_being_sent_is_skipped_until_its_claim_expires(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    queued()
    claimed = OutgoingEmail.objects.all().claim(timezone.now(), limit=10)  # another run is sending it
    assert [email.state for email in claimed] == [OutgoingEmailState.SENDING]

    send_pending("--all-pending")
    assert mail.outbox == []

    later(time_machine, OutgoingEmail.CLAIM)  # that run was killed before it reported back
    send_pending()
    assert len(mail.outbox) == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_row_another_run_is_claiming_is_skipped_without_waiting():
    queued()
    locked, release = threading.Event(), threading.Event()

    def other_run():
        with transaction.atomic():
            list(OutgoingEmail.objects.select_for_update())
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    try:
        assert locked.wait(10)
        send_pending()
        assert mail.outbox == []
    finally:
        release.set()
        thread.join()
    send_pending()
    assert len(mail.outbox) == 1


def test_sent_and_given_up_messages_are_deleted_after_the_retention(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    queued("envoyé", state=OutgoingEmailState.SENT, sent_at=timezone.now())
    queued("abandonné", state=OutgoingEmailState.FAILED)
    queued("à envoyer", next_attempt_at=timezone.now() + dt.timedelta(days=365))

    later(time_machine, OutgoingEmail.RETENTION - dt.timedelta(minutes=1))
    assert send_pending() == ""
    assert OutgoingEmail.objects.count() == 3
    later(time_machine, dt.timedelta(minutes=2))
    assert "2 ancien(s) supprimé(s)" in send_pending()
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["à envoyer"]


def test_staff_read_the_outbox_without_its_text_and_change_nothing(
    client, animateur, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    email = OutgoingEmail.objects.get()
    client.force_login(animateur)

    listing = client.get(reverse("admin:extranet_outgoingemail_changelist")).content.decode()
    assert "claire@example.org" in listing and "à envoyer" in listing
    page = client.get(reverse("admin:extranet_outgoingemail_change", args=[email.pk])).content.decode()
    assert "SMTPServerDisconnected" in page and "/x/" not in page
    assert 'name="_save"' not in page
    assert client.get(reverse("admin:extranet_outgoingemail_add")).status_code == 403
    assert client.post(reverse("admin:extranet_outgoingemail_delete", args=[email.pk])).status_code == 403


def test_the_command_sends_batch_after_batch(monkeypatch):
    monkeypatch.setattr("extranet.emails.BATCH", 2)
    for n in range(5):
        queued(f"Objet {n}")

    assert "5 e-mail(s) envoyé(s)" in send_pending()
    assert [message.subject for message in mail.outbox] == [f"Objet {n}" for n in range(5)]
