"""Reminders for missing quarterly reports: 10 days after the quarter, then every 7 days, 3 at most."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from annuaire.enums import StructureStatus
from reporting.models import ReportReminder
from tests import factories

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def run_on(time_machine, django_capture_on_commit_callbacks):
    """Run the command on `day` at 8 a.m.; the e-mails it sent."""

    def run(day: dt.date) -> list:
        time_machine.move_to(dt.datetime(day.year, day.month, day.day, 8, tzinfo=PARIS), tick=False)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_report_reminders", stdout=io.StringIO())
        return list(mail.outbox)

    return run


def test_late_structures_are_reminded_three_times_a_week_apart(run_on, conseiller, structure):
    done = factories.StructureFactory()
    factories.counsellor(structure=done)
    factories.QuarterlyReportFactory(structure=done, year=2026, quarter=2, submitted=True)

    assert run_on(dt.date(2026, 7, 9)) == []  # not late yet
    first = run_on(dt.date(2026, 7, 10))
    assert [message.to for message in first] == [[conseiller.email]]
    assert "Rapport d'activité du T2 2026 à transmettre (MSAP La Poste de Molières)" in first[0].subject
    assert "/rapports/trimestriels/msap-molieres/2026/T2/" in first[0].body
    assert run_on(dt.date(2026, 7, 10)) == []  # the same day again: nothing
    assert run_on(dt.date(2026, 7, 16)) == []  # less than 7 days later
    assert "relance n° 2" in run_on(dt.date(2026, 7, 17))[0].body
    assert len(run_on(dt.date(2026, 7, 24))) == 1
    assert run_on(dt.date(2026, 7, 31)) == []  # three at most
    assert ReportReminder.objects.get(structure=structure).count == 3


def test_a_submitted_report_stops_the_reminders(run_on, conseiller, structure):
    run_on(dt.date(2026, 7, 10))
    factories.QuarterlyReportFactory(structure=structure, year=2026, quarter=2, submitted=True)

    assert run_on(dt.date(2026, 7, 17)) == []


def test_a_draft_does_not_stop_them_and_closed_structures_get_none(run_on, conseiller, structure):
    factories.QuarterlyReportFactory(structure=structure, year=2026, quarter=2)
    closed = factories.StructureFactory(status=StructureStatus.CLOSED)
    factories.counsellor(structure=closed)

    assert [message.to for message in run_on(dt.date(2026, 7, 10))] == [[conseiller.email]]


def test_a_refused_e_mail_is_tried_again_by_the_outbox_not_by_the_next_run(
    run_on, conseiller, structure, smtp_down, monkeypatch
):
    assert run_on(dt.date(2026, 7, 10)) == []
    assert ReportReminder.objects.get(structure=structure).count == 1

    monkeypatch.undo()  # the mail server is back
    assert run_on(dt.date(2026, 7, 10)) == []  # the command does not write it again
    call_command("send_pending_emails", "--all-pending", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[conseiller.email]]
