"""Quarterly activity reports: filling, submitting (locked), reopening by the CCI, checks, prefill."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from annuaire.enums import StructureKind
from extranet import registry
from extranet.typography import NBSP
from forum.structure import sync_forums
from reporting.enums import ReportStatus
from reporting.models import QuarterlyReport
from tests import factories
from tests.factories import report_form_data

pytestmark = pytest.mark.usefixtures("july")


def url(structure, year=2026, quarter=2):
    return reverse("reporting:report_detail", args=[structure.slug, year, quarter])


def test_a_counsellor_saves_a_draft_then_submits_it(client, conseiller, structure, partner):
    client.force_login(conseiller)

    response = client.post(url(structure), report_form_data(partners={partner: 30}))

    assert response.status_code == 302
    report = QuarterlyReport.objects.get(structure=structure, year=2026, quarter=2)
    assert report.status == ReportStatus.DRAFT and report.people_received == 100
    assert report.partner_lines.get(partner=partner).requests == 30

    response = client.post(url(structure), report_form_data("submit", partners={partner: 30}), follow=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == conseiller
    assert "est transmis" in response.content.decode()


def test_a_submitted_report_is_locked(client, conseiller, structure):
    factories.QuarterlyReportFactory(structure=structure, submitted=True)
    client.force_login(conseiller)

    page = client.get(url(structure)).content.decode()
    response = client.post(url(structure), report_form_data(people_received=1))

    assert "Transmettre le rapport" not in page and "Chiffres du trimestre" in page
    assert response.status_code == 403
    assert QuarterlyReport.objects.get().people_received == 100


def test_a_draft_may_stay_incomplete_but_is_not_submitted_so(client, conseiller, structure):
    client.force_login(conseiller)

    response = client.post(url(structure), report_form_data("submit", people_received=None))

    assert response.status_code == 200
    assert "Chiffres à renseigner avant de transmettre" in response.content.decode()
    assert QuarterlyReport.objects.get().status == ReportStatus.DRAFT  # the draft is kept


def test_the_cci_reopens_a_report_with_a_reason_kept_in_the_audit_log(
    client, animateur, conseiller, structure
):
    report = factories.QuarterlyReportFactory(structure=structure, submitted=True)
    client.force_login(animateur)

    client.post(url(structure) + "rouvrir/", {"reason": "Chiffres de la CAF inversés"})

    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED
    entry = LogEntry.objects.get_for_object(report).order_by("pk").last()  # time stands still
    assert entry.changes_dict["reopen_reason"][1] == "Chiffres de la CAF inversés"
    assert entry.changes_dict["status"] == ["transmis", "rouvert"]

    client.force_login(conseiller)
    page = client.get(url(structure)).content.decode()
    client.post(url(structure), report_form_data(people_received=101))

    assert "Chiffres de la CAF inversés" in page
    report.refresh_from_db()
    assert report.people_received == 101


def test_a_reopening_needs_a_reason(client, animateur, structure):
    report = factories.QuarterlyReportFactory(structure=structure, submitted=True)
    client.force_login(animateur)

    client.post(url(structure) + "rouvrir/", {"reason": " "})

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["conseiller", "pilotage"])
def test_only_the_cci_reopens(client, request, persona, structure):
    report = factories.QuarterlyReportFactory(structure=structure, submitted=True)
    client.force_login(request.getfixturevalue(persona))

    response = client.post(url(structure) + "rouvrir/", {"reason": "Je veux corriger"})

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_pilotage_reads_every_report_and_edits_none(client, pilotage, structure):
    factories.QuarterlyReportFactory(structure=structure)
    client.force_login(pilotage)

    page = client.get(url(structure)).content.decode()
    response = client.post(url(structure), report_form_data(people_received=1))

    assert "Chiffres du trimestre" in page and "Enregistrer le brouillon" not in page
    assert response.status_code == 403


def test_another_structure_s_report_is_not_found(client, outsider, structure):
    factories.QuarterlyReportFactory(structure=structure)
    client.force_login(outsider)

    assert client.get(url(structure)).status_code == 404
    assert client.post(url(structure), report_form_data()).status_code == 404


def test_a_referent_reads_no_structure_report(client, referent, structure):
    client.force_login(referent)

    assert client.get(url(structure)).status_code == 404
    assert client.get(reverse("reporting:report_list")).status_code == 403


def test_a_quarter_not_begun_is_not_found(client, conseiller, structure):
    client.force_login(conseiller)

    assert client.get(url(structure, 2026, 4)).status_code == 404
    assert client.get(url(structure, 2026, 5)).status_code == 404


def test_requests_per_partner_beyond_requests_handled_block_the_submission(
    client, conseiller, structure, partner
):
    client.force_login(conseiller)

    response = client.post(
        url(structure), report_form_data("submit", requests_handled=20, partners={partner: 30})
    )

    page = response.content.decode()
    assert "Les demandes réparties par partenaire (30) dépassent les demandes traitées (20)" in page
    assert QuarterlyReport.objects.get().status == ReportStatus.DRAFT


def test_requests_per_reason_beyond_the_partner_s_block_the_submission(
    client, conseiller, structure, partner
):
    reason = factories.ContactReasonFactory(partner=partner, label="Prime d'activité")
    client.force_login(conseiller)

    response = client.post(
        url(structure), report_form_data("submit", partners={partner: 5}, reasons={reason: 9})
    )

    assert "Les demandes par motif pour CAF (9) dépassent" in response.content.decode()
    assert QuarterlyReport.objects.get().status == ReportStatus.DRAFT


def test_a_figure_ten_times_last_quarter_s_asks_for_confirmation(client, conseiller, structure):
    factories.QuarterlyReportFactory(structure=structure, quarter=1, submitted=True, people_received=40)
    client.force_login(conseiller)

    response = client.post(url(structure), report_form_data("submit", people_received=400))

    page = response.content.decode()
    assert "Personnes reçues" in page and "400 ce trimestre contre 40 le trimestre précédent" in page
    assert "Je confirme ces chiffres" in page
    report = QuarterlyReport.objects.get(quarter=2)
    assert report.status == ReportStatus.DRAFT

    client.post(url(structure), report_form_data("submit", people_received=400, confirm="on"))

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_last_quarter_s_value_is_shown_beside_each_field(client, conseiller, structure, partner):
    factories.QuarterlyReportFactory(
        structure=structure, quarter=1, people_received=37, level_two_requests=None, partners={partner: 12}
    )
    client.force_login(conseiller)

    page = client.get(url(structure)).content.decode()

    assert f"Trimestre précédent{NBSP}: 37." in page
    assert f"Trimestre précédent{NBSP}: 12." in page  # the CAF's line
    assert f"Trimestre précédent{NBSP}: non renseigné." in page  # a figure without a quarter before


def test_forum_questions_are_prefilled_per_partner(
    client, time_machine, conseiller, referent, structure, partner
):
    sync_forums()
    time_machine.move_to(dt.datetime(2026, 5, 4, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
    for _ in range(2):
        factories.TopicFactory(forum=partner.forum_link.forum, poster=conseiller)
    factories.TopicFactory(forum=partner.forum_link.forum)  # someone of another structure
    time_machine.move_to(dt.datetime(2026, 7, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
    client.force_login(conseiller)

    page = client.get(url(structure)).content.decode()
    client.post(url(structure), report_form_data(partners={partner: 4}))

    assert "Questions posées sur le forum ce trimestre&nbsp;: <strong>2</strong>" in page
    assert QuarterlyReport.objects.get().partner_lines.get(partner=partner).forum_questions == 2


def test_itinerant_passages_are_not_available_until_someone_counts_them(client, db, monkeypatch):
    unit = factories.StructureFactory(kind=StructureKind.ITINERANT)
    client.force_login(factories.counsellor(structure=unit))
    monkeypatch.setattr(registry, "_figure_providers", {})

    page = client.get(url(unit)).content.decode()

    assert "<strong>non disponible</strong>" in page


def test_itinerant_passages_come_from_the_registered_counter(client, db, monkeypatch):
    unit = factories.StructureFactory(kind=StructureKind.ITINERANT)
    client.force_login(factories.counsellor(structure=unit))
    periods = []

    def count(structure, first_day, last_day):
        periods.append((structure, first_day, last_day))
        return 24

    monkeypatch.setattr(registry, "_figure_providers", {})
    registry.register_figure_provider(registry.FigureProvider(registry.ITINERANT_PASSAGES, count))

    page = client.get(url(unit)).content.decode()
    client.post(url(unit), report_form_data())

    assert '<strong>24</strong> <span class="badge text-bg-info">Chiffre connu</span>' in page
    assert periods[0] == (unit, dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert QuarterlyReport.objects.get().itinerant_passages == 24


def test_the_list_shows_each_structure_s_state(client, pilotage, structure):
    factories.QuarterlyReportFactory(structure=structure, submitted=True)
    late = factories.StructureFactory(name="France Services de Lafrançaise")
    client.force_login(pilotage)

    page = client.get(reverse("reporting:report_list")).content.decode()

    assert "Rapports du T2 2026" in page
    assert "Transmis le 15" in page
    assert late.name in page and "Non commencé" in page


def test_a_counsellor_lists_only_their_structure(client, conseiller, structure, outsider):
    client.force_login(conseiller)

    page = client.get(reverse("reporting:report_list"), {"annee": 2026, "trimestre": 1}).content.decode()

    assert structure.name in page and "Rapports du T1 2026" in page
    assert outsider.memberships.get().structure.name not in page
