"""Quarterly activity reports: filling, submitting (locked), reopening by the CCI, checks, prefill."""

import csv
import datetime as dt
import html
import io
import re
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from extranet.typography import NBSP
from forum.structure import sync_forums
from itinerance.enums import PassageStatus
from reporting.enums import ReportStatus
from reporting.models import FIGURES, QuarterlyReport
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


def test_itinerant_passages_are_not_available_until_someone_counts_them(client, db, no_passage_counter):
    unit = factories.UnitFactory().structure
    factories.PassageFactory(site__tour__unit__structure=unit, date=dt.date(2026, 5, 5), held=True)
    client.force_login(factories.counsellor(structure=unit))

    page = client.get(url(unit)).content.decode()
    client.post(url(unit), report_form_data())

    assert "<strong>non disponible</strong>" in page
    assert "prérempli depuis les passages" not in page and input_value(page, "people_received") is None
    assert QuarterlyReport.objects.get().itinerant_passages is None


def input_value(page: str, name: str) -> str | None:
    """The value an <input name=…> shows, None when it is empty."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else None


def help_text(page: str, name: str) -> str:
    """The help text under the field `name` (where its « prérempli » mark is)."""
    return re.search(rf'id="id_{name}_helptext"[^>]*>(.*?)</div>', page, re.S).group(1)


@pytest.fixture
def unit_with_passages(db, partner):
    """An itinerant structure whose vehicle held two passages in T2 2026 (and other passages that do
    not count: cancelled, in July, of another structure), 7 people for the CAF."""
    unit = factories.UnitFactory()
    site = factories.SiteFactory(tour__unit=unit)
    counts = {"people_received": 9, "level_1": 6, "level_2": 2, "oriented_to_mds": 1, "digital_sessions": 4}
    april = factories.PassageFactory(site=site, date=dt.date(2026, 4, 1), held=True, **counts)
    june = factories.PassageFactory(site=site, date=dt.date(2026, 6, 30), held=True, **counts)
    factories.PassageFactory(site=site, date=dt.date(2026, 5, 5), cancelled=True)
    factories.PassageFactory(site=site, date=dt.date(2026, 7, 1), held=True, people_received=50)
    factories.PassageFactory(date=dt.date(2026, 5, 5), held=True, people_received=50)
    april.counts.create(partner=partner, people=3)
    june.counts.create(partner=partner, people=4)
    june.counts.create(theme=factories.DomainFactory(), people=2)
    return unit.structure


def test_an_itinerant_unit_s_report_is_prefilled_from_its_passages_and_marked(
    client, unit_with_passages, partner
):
    unit = unit_with_passages
    client.force_login(factories.counsellor(structure=unit))

    page = html.unescape(client.get(url(unit)).content.decode())

    assert f"Passages tenus par l'unité itinérante dans le trimestre{NBSP}: <strong>2</strong>" in page
    expected = {
        "people_received": "18",
        "requests_handled": "16",  # level 1 and level 2
        "level_two_requests": "4",
        "mds_orientations": "2",
        "individual_sessions": "8",
        f"partenaire_{partner.pk}": "7",
    }
    for name, value in expected.items():
        assert input_value(page, name) == value, name
        assert "prérempli depuis les passages" in help_text(page, name), name
    assert input_value(page, "collective_sessions") is None
    assert "prérempli" not in help_text(page, "collective_sessions")


def test_a_prefilled_figure_may_be_corrected_while_the_report_is_a_draft(client, unit_with_passages, partner):
    unit = unit_with_passages
    client.force_login(factories.counsellor(structure=unit))

    client.post(url(unit), report_form_data(people_received=20, partners={partner: 7}))
    page = client.get(url(unit)).content.decode()

    report = QuarterlyReport.objects.get()
    assert (report.people_received, report.itinerant_passages) == (20, 2)
    assert input_value(page, "people_received") == "20"  # the correction, not the passages' 18
    assert f"D'après les passages tenus du trimestre{NBSP}: 18." in help_text(page, "people_received")

    client.post(url(unit), report_form_data("submit", people_received=20, partners={partner: 7}))
    locked = client.get(url(unit)).content.decode()
    refused = client.post(url(unit), report_form_data(people_received=18))

    assert QuarterlyReport.objects.get().status == ReportStatus.SUBMITTED
    assert "prérempli depuis les passages" not in locked and "Transmettre le rapport" not in locked
    assert refused.status_code == 403 and QuarterlyReport.objects.get().people_received == 20


def test_a_submitted_prefilled_report_counts_once_on_the_dashboard(
    client, unit_with_passages, partner, pilotage
):
    unit = unit_with_passages
    client.force_login(factories.counsellor(structure=unit))
    page = client.get(url(unit)).content.decode()
    prefilled = {name: input_value(page, name) for name in FIGURES if input_value(page, name) is not None}
    client.post(
        url(unit), report_form_data("submit", collective_sessions=0, partners={partner: 7}, **prefilled)
    )
    client.force_login(pilotage)

    table = client.get(reverse("reporting:dashboard_export", args=["structures", "csv"]))

    rows = {row[0]: row for row in csv.reader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";")}
    # The report's figures and its passages, once: the dashboard reads the report, not the passages.
    assert rows[unit.name][1:] == ["18", "16", "4", "2", "8", "0", "2"]


def test_passages_still_without_their_figures_are_pointed_out(client, unit_with_passages):
    unit = unit_with_passages
    factories.PassageFactory(
        site__tour__unit=unit.itinerant_units.get(), date=dt.date(2026, 5, 5), status=PassageStatus.HELD
    )
    client.force_login(factories.counsellor(structure=unit))

    page = html.unescape(client.get(url(unit)).content.decode())

    assert f"<strong>1{NBSP}passage tenu n'a pas encore ses chiffres</strong>" in page
    assert f"dans le trimestre{NBSP}: <strong>3</strong>" in page


def test_the_rights_on_an_itinerant_unit_s_report_are_unchanged(client, unit_with_passages, pilotage):
    unit = unit_with_passages
    client.force_login(factories.counsellor())  # a counsellor of another structure
    other = client.get(url(unit))
    client.force_login(pilotage)  # reads every report, fills none
    read_only = client.get(url(unit)).content.decode()

    assert other.status_code == 404
    assert "Transmettre le rapport" not in read_only and "prérempli depuis les passages" not in read_only


def test_an_itinerant_unit_s_report_costs_the_same_queries_with_more_passages(
    client, unit_with_passages, partner, queries_stay_flat
):
    unit = unit_with_passages
    client.force_login(factories.counsellor(structure=unit))
    vehicle = unit.itinerant_units.get()

    def grow():
        for day in range(2, 12):
            passage = factories.PassageFactory(
                site__tour__unit=vehicle, date=dt.date(2026, 5, day), held=True
            )
            passage.counts.create(partner=factories.PartnerFactory(), people=2)
            passage.counts.create(partner=partner, people=1)

    queries_stay_flat(url(unit), grow)


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
