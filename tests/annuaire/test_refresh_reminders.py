"""Reminders to the owners of records not verified for 12 months (annuaire.refresh.reminders, the command)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from annuaire.models import Referent, RefreshReminder
from annuaire.refresh.reminders import send_due_reminders
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale(structure, partner, conseiller, referent):
    """A structure never verified (owner: the counsellor), its partner and two referents of it."""
    # The referent's account has its own record (annuaire.people), named as the account.
    referent.first_name, referent.last_name = "Avec", "Compte"
    referent.save()
    with_account = Referent.objects.get(user=referent)
    without_account = Referent.objects.create(partner=partner, full_name="Sans Compte")
    return structure, partner, with_account, without_account


def recipients() -> dict[str, str]:
    return {message.to[0]: message.body for message in mail.outbox}


def run(capture, **kwargs) -> int:
    with capture(execute=True):
        return send_due_reminders(**kwargs)


def test_each_owner_gets_one_email_listing_their_records(stale, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks) == 2
    sent = recipients()
    assert set(sent) == {"conseiller@example.org", "referent@example.org"}
    assert "MSAP La Poste de Molières" in sent["conseiller@example.org"]
    assert "Sans Compte" not in sent["conseiller@example.org"]
    # The referent checks their partner, their own record and that of the colleague without an account.
    for name in ("CAF", "Avec Compte", "Sans Compte"):
        assert name in sent["referent@example.org"]
    assert mail.outbox[0].subject.endswith("Vos fiches de l'annuaire sont-elles à jour ?")
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert RefreshReminder.objects.count() == 4


def test_recently_verified_records_and_inactive_owners_are_left_alone(
    stale, conseiller, referent, outsider, django_capture_on_commit_callbacks
):
    structure, partner, with_account, without_account = stale
    for record in (partner, with_account, without_account):
        record.mark_verified(referent)
    outsider.is_active = False
    outsider.save()
    run(django_capture_on_commit_callbacks)
    assert set(recipients()) == {"conseiller@example.org"}


def test_not_sent_again_within_the_interval_then_sent_again(
    stale, settings, django_capture_on_commit_callbacks
):
    settings.ANNUAIRE_REMINDER_INTERVAL_DAYS = 30
    now = timezone.now()
    run(django_capture_on_commit_callbacks, now=now)
    assert len(mail.outbox) == 2

    mail.outbox.clear()
    assert run(django_capture_on_commit_callbacks, now=now + dt.timedelta(days=29)) == 0
    assert mail.outbox == []

    assert run(django_capture_on_commit_callbacks, now=now + dt.timedelta(days=31)) == 2
    assert len(mail.outbox) == 2


def test_a_new_record_is_reminded_even_if_its_owner_was_reminded_of_another(
    stale, conseiller, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    factories.MembershipFactory(user=conseiller, structure=factories.StructureFactory(name="Autre MSAP"))
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "Autre MSAP" in mail.outbox[0].body
    assert "Molières" not in mail.outbox[0].body


def test_emails_wait_for_the_commit(stale, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_due_reminders()
    assert mail.outbox == []
    assert len(callbacks) == 2


def test_a_failed_email_is_sent_later_by_the_outbox(
    stale, smtp_down, monkeypatch, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks)
    assert RefreshReminder.objects.exists()
    monkeypatch.undo()  # the mail server is back
    assert run(django_capture_on_commit_callbacks) == 0
    call_command("send_pending_emails", "--all-pending")
    assert len(mail.outbox) == 2


def test_command_is_safe_to_run_daily(stale, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_refresh_reminders")
        call_command("send_refresh_reminders")
    assert len(mail.outbox) == 2
    out = capsys.readouterr().out
    assert "2 rappel(s) envoyé(s)" in out
    assert "0 rappel(s) envoyé(s)" in out


def test_command_dry_run_sends_nothing(stale, capsys):
    call_command("send_refresh_reminders", "--dry-run")
    assert mail.outbox == []
    assert not RefreshReminder.objects.exists()
    assert "conseiller@example.org : MSAP La Poste de Molières" in capsys.readouterr().out
