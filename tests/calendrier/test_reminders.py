import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from calendrier.enums import MessageKind
from calendrier.management.commands.send_event_reminders import due_reminders
from calendrier.models import Registration, SentMessage


def _starting_in(make_event, delta: dt.timedelta):
    """A two-hour event starting `delta` from now."""
    start = timezone.localtime() + delta
    end = start + dt.timedelta(hours=2)
    return make_event(
        start_date=start.date(), start_time=start.time(), end_date=end.date(), end_time=end.time()
    )


def _run(capture) -> None:
    with capture(execute=True):  # the reminders leave once their record is committed
        call_command("send_event_reminders")


def test_reminders_are_sent_once_whatever_the_number_of_runs(
    make_event, conseiller, django_capture_on_commit_callbacks
):
    event = _starting_in(make_event, dt.timedelta(days=6, hours=20))
    Registration.objects.create(event=event, user=conseiller)
    Registration.objects.filter(event=event).update(created_at=timezone.now() - dt.timedelta(days=20))
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [conseiller.email]
    assert "dans une semaine" in mail.outbox[0].subject
    assert event.title in mail.outbox[0].body and mail.outbox[0].alternatives
    assert SentMessage.objects.get().kind == MessageKind.REMINDER_7_DAYS


def test_the_day_before_only_the_one_day_reminder_is_due(
    make_event, conseiller, referent, django_capture_on_commit_callbacks
):
    event = _starting_in(make_event, dt.timedelta(hours=20))
    Registration.objects.create(event=event, user=conseiller)
    assert [(r.user, kind) for r, kind in due_reminders(timezone.now())] == [
        (conseiller, MessageKind.REMINDER_1_DAY)
    ]
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and "demain" in mail.outbox[0].subject


def test_no_reminder_for_cancelled_events_far_events_or_the_waiting_list(make_event, conseiller, referent):
    cancelled = make_event(start_date=timezone.localdate() + dt.timedelta(days=1), is_cancelled=True)
    far = make_event(start_date=timezone.localdate() + dt.timedelta(days=20))
    Registration.objects.create(event=cancelled, user=conseiller)
    Registration.objects.create(event=far, user=conseiller)
    soon = make_event(start_date=timezone.localdate() + dt.timedelta(days=1))
    Registration.objects.create(event=soon, user=referent, status="attente")
    call_command("send_event_reminders")
    assert mail.outbox == []


def test_a_refused_reminder_is_logged_the_run_goes_on_and_the_outbox_sends_it_later(
    make_event, conseiller, referent, smtp_down, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    event = _starting_in(make_event, dt.timedelta(hours=20))
    Registration.objects.create(event=event, user=conseiller)
    Registration.objects.create(event=event, user=referent)
    _run(django_capture_on_commit_callbacks)
    assert caplog.text.count("E-mail not sent (calendar reminder") == 2
    assert SentMessage.objects.count() == 2

    monkeypatch.undo()  # the mail server is back
    _run(django_capture_on_commit_callbacks)  # writes nothing again
    call_command("send_pending_emails", "--all-pending")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([conseiller.email, referent.email])


def test_no_reminder_for_a_member_who_turned_them_off_in_my_account(
    client, make_event, conseiller, referent, django_capture_on_commit_callbacks
):
    event = _starting_in(make_event, dt.timedelta(hours=20))
    Registration.objects.create(event=event, user=conseiller)
    Registration.objects.create(event=event, user=referent)
    client.force_login(conseiller)
    # Everything else kept as it is: only the reminders box unticked.
    response = client.post(reverse("account"), {"form": "emails", "forum_replies": "on"})
    assert response.status_code == 302

    _run(django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[referent.email]]
