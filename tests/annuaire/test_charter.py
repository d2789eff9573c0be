"""The charter check: outcomes in words, rules by kind of structure, trained agents, quarterly history."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from annuaire.charter import (
    NetworkFacts,
    Outcome,
    check_structure,
    quarter_of,
    structures_for_charter,
    take_snapshots,
)
from annuaire.enums import StructureKind, StructureStatus
from annuaire.models import CharterSnapshot, Structure, Training
from calendrier.enums import EventKind
from calendrier.models import Event, Registration
from extranet.typography import NBSP, NNBSP
from tests import factories

MET, NOT_MET, MISSING, NOT_APPLICABLE = Outcome.MET, Outcome.NOT_MET, Outcome.MISSING, Outcome.NOT_APPLICABLE


@pytest.fixture
def national_partners(db):
    return factories.PartnerFactory.create_batch(9, is_national=True)


def open_week(structure, days: int, morning=(9, 12), afternoon=(14, 16)):
    for weekday in range(days):
        for opens, closes in (morning, afternoon):
            factories.OpeningHoursFactory(
                structure=structure, weekday=weekday, opens=dt.time(opens), closes=dt.time(closes)
            )


def trained_agent(structure, **kwargs):
    person = factories.counsellor(structure=structure, **kwargs)
    Training.objects.create(person=person, trained_on=dt.date(2025, 3, 4), organisation="CNFPT")
    return person


@pytest.fixture
def compliant(national_partners):
    structure = factories.StructureFactory(
        email="fs@example.org",
        has_visio=True,
        has_confidential_space=True,
        accessible_reduced_mobility=True,
        verified_at=timezone.now(),
    )
    open_week(structure, 5)
    structure.partners.set(national_partners)
    trained_agent(structure)
    trained_agent(structure)
    return structure


def outcomes(structure) -> dict[str, tuple[Outcome, str]]:
    """Each criterion's outcome and detail, non-breaking spaces read as spaces (tested with the filters)."""
    structure = structures_for_charter().get(pk=structure.pk)
    return {
        r.criterion.code: (r.outcome, r.detail.replace(NBSP, " ").replace(NNBSP, " "))
        for r in check_structure(structure, NetworkFacts.current())
    }


def test_a_compliant_france_services_meets_every_rule_that_concerns_it(compliant):
    results = outcomes(compliant)

    assert results["horaires"] == (MET, "25 h sur 5 jours")
    assert results["contact"] == (MET, "fs@example.org")
    assert results["agents_formes"] == (MET, "2 formés sur 2 agents")
    assert results["partenaires"] == (MET, "9 sur 9")
    for code in ("visio", "confidentialite", "accessibilite", "verification"):
        assert results[code][0] == MET
    for code in ("agents_unite", "passages"):
        assert results[code] == (NOT_APPLICABLE, "Ne concerne pas une France Services labellisée")


def test_each_shortfall_is_not_met_and_says_what_was_found(compliant, national_partners):
    compliant.opening_hours.filter(weekday=4).delete()  # 20 h over 4 days
    compliant.partners.remove(national_partners[0], national_partners[1])
    Training.objects.filter(person__memberships__structure=compliant).first().delete()
    Structure.objects.filter(pk=compliant.pk).update(
        has_visio=False,
        has_confidential_space=False,
        accessible_reduced_mobility=False,
        verified_at=timezone.now() - dt.timedelta(days=400),
    )

    results = outcomes(compliant)

    assert results["horaires"] == (NOT_MET, "20 h sur 4 jours")
    assert results["agents_formes"] == (NOT_MET, "1 formé sur 2 agents")
    first, second = sorted(national_partners[:2], key=lambda partner: partner.name)  # in name order
    assert results["partenaires"] == (NOT_MET, f"7 sur 9 ; manquent : {first.acronym}, {second.acronym}")
    for code in ("visio", "confidentialite", "accessibilite", "verification"):
        assert results[code][0] == NOT_MET


def test_missing_data_asks_for_it_instead_of_reading_not_met(national_partners):
    structure = factories.StructureFactory()

    results = outcomes(structure)

    assert results["horaires"] == (MISSING, "Aucun horaire d'ouverture renseigné")
    assert results["contact"] == (MISSING, "Aucun e-mail de contact renseigné")
    assert results["agents_formes"] == (MISSING, "Aucun agent rattaché à la structure dans l'extranet")
    assert results["partenaires"] == (MISSING, "Partenaires présents non renseignés")
    for code in ("visio", "confidentialite", "accessibilite"):
        assert results[code] == (MISSING, "Non renseigné sur la fiche")
    assert results["verification"] == (NOT_MET, "Fiche jamais vérifiée")


def test_a_msap_needs_three_days_and_is_not_held_to_the_france_services_rules(national_partners):
    msap = factories.StructureFactory(status=StructureStatus.MSAP, has_confidential_space=True)
    open_week(msap, 3, morning=(8, 12), afternoon=(13, 17))  # 24 h over 3 days

    results = outcomes(msap)

    assert results["horaires"] == (MET, "24 h sur 3 jours")
    assert results["confidentialite"][0] == MET
    for code in ("contact", "agents_formes", "partenaires", "visio"):
        assert results[code] == (NOT_APPLICABLE, "Ne concerne pas une MSAP sous l'ancienne convention")
    labelled = factories.StructureFactory()
    open_week(labelled, 3, morning=(8, 12), afternoon=(13, 17))
    assert outcomes(labelled)["horaires"] == (NOT_MET, "24 h sur 3 jours")


def test_an_itinerant_unit_needs_two_agents_and_its_passages_are_still_to_be_filled(national_partners):
    unit = factories.StructureFactory(kind=StructureKind.ITINERANT)
    factories.counsellor(structure=unit)

    assert outcomes(unit)["agents_unite"] == (NOT_MET, "1 agent")
    factories.counsellor(structure=unit)
    results = outcomes(unit)

    assert results["agents_unite"] == (MET, "2 agents")
    assert results["passages"][0] == MISSING
    assert results["horaires"] == (NOT_APPLICABLE, "Ne concerne pas une unité itinérante")


def test_a_project_is_not_assessed(national_partners):
    project = factories.StructureFactory(status=StructureStatus.PROJECT)

    assert {outcome for outcome, _detail in outcomes(project).values()} == {NOT_APPLICABLE}
    assert outcomes(project)["horaires"][1] == "Structure en projet"


def test_trained_agents_are_people_trained_by_the_calendar_or_recorded_by_the_cci(national_partners):
    structure = factories.StructureFactory()
    recorded = trained_agent(structure)
    from_calendar = factories.counsellor(structure=structure)
    factories.counsellor(structure=structure)  # not trained
    gone = trained_agent(structure)
    gone.is_active = False
    gone.save()
    initial = Event.objects.create(
        kind=EventKind.INITIAL_TRAINING,
        title="Formation initiale des conseillers",
        start_date=dt.date(2026, 3, 10),
        end_date=dt.date(2026, 3, 10),
        organiser=factories.UserFactory(staff=True),
    )
    registration = Registration.objects.create(event=initial, user=from_calendar)

    assert outcomes(structure)["agents_formes"] == (NOT_MET, "1 formé sur 3 agents")
    registration.attended = True
    registration.save()
    assert outcomes(structure)["agents_formes"] == (MET, "2 formés sur 3 agents")
    assert Training.objects.get(person=from_calendar).trained_on == dt.date(2026, 3, 10)
    registration.attended = False
    registration.save()
    assert outcomes(structure)["agents_formes"] == (NOT_MET, "1 formé sur 3 agents")
    assert list(Training.objects.filter(person__in=[recorded, from_calendar])) == list(
        recorded.trainings.all()
    )


def test_an_ordinary_training_does_not_count_as_the_initial_one(national_partners):
    structure = factories.StructureFactory()
    person = factories.counsellor(structure=structure)
    event = Event.objects.create(
        kind=EventKind.TRAINING,
        title="Webinaire retraite",
        start_date=dt.date(2026, 3, 10),
        end_date=dt.date(2026, 3, 10),
        organiser=factories.UserFactory(staff=True),
    )
    Registration.objects.create(event=event, user=person, attended=True)

    assert not Training.objects.exists()
    assert outcomes(structure)["agents_formes"] == (NOT_MET, "0 formé sur 1 agent")


def test_structure_page_shows_outcomes_in_words_with_their_sources_and_its_agents(
    client, pilotage, compliant
):
    untrained = factories.counsellor(structure=compliant, first_name="Zoé", last_name="Sansformation")
    client.force_login(pilotage)

    page = client.get(compliant.get_absolute_url()).content.decode()

    assert page.count(">Respecté<") == 8
    assert ">Non respecté<" not in page
    assert page.count(">Sans objet<") == 2
    assert "Convention France Services, art. 4.2" in page
    assert f"{untrained}&nbsp;: formation initiale non enregistrée" in " ".join(page.split())
    assert "formation initiale suivie le 4\u00a0mars 2025" in page


def test_network_overview_counts_each_outcome_and_names_the_rules(client, pilotage, compliant):
    factories.StructureFactory(name="France Services incomplète")
    client.force_login(pilotage)

    page = client.get(reverse("annuaire:charter_overview")).content.decode()

    assert compliant.name in page and "France Services incomplète" in page
    for word in (">Respecté<", ">Non respecté<", ">À renseigner<", ">Sans objet<"):
        assert word in page
    assert "Modèle de convention-cadre des MSAP, art. 3.2" in page
    assert "Délibération du Département créant la cellule itinérante" in page


def test_quarterly_snapshots_keep_one_record_per_structure_and_quarter(compliant):
    take_snapshots(timezone.make_aware(dt.datetime(2026, 11, 20, 10)))
    Structure.objects.filter(pk=compliant.pk).update(has_visio=False)
    take_snapshots(timezone.make_aware(dt.datetime(2026, 12, 15, 10)))  # the same quarter: updated
    take_snapshots(timezone.make_aware(dt.datetime(2027, 1, 5, 10)))

    snapshot = CharterSnapshot.objects.get(structure=compliant, year=2026, quarter=4)
    assert snapshot.results["visio"] == {"outcome": "non_respecte", "detail": "Non équipée"}
    assert snapshot.results["horaires"] == {"outcome": "respecte", "detail": f"25{NBSP}h sur 5{NBSP}jours"}
    assert list(CharterSnapshot.objects.values_list("year", "quarter")) == [(2027, 1), (2026, 4)]


def test_the_snapshot_command_records_the_current_quarter_and_can_run_again(compliant):
    call_command("snapshot_charter", verbosity=0)
    call_command("snapshot_charter", verbosity=0)

    year, quarter = quarter_of(timezone.localdate())
    assert list(CharterSnapshot.objects.values_list("structure", "year", "quarter")) == [
        (compliant.pk, year, quarter)
    ]
