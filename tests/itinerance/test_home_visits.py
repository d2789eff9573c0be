"""Home visits: booking, who sees what, the cell's queue and scheduling, e-mails, audit of reads, erasure."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from extranet.enums import Role
from itinerance.enums import VisitReason, VisitStatus
from itinerance.visits import HomeVisitRequest
from tests import factories

NAME, PHONE, ADDRESS = "Jeanne Martin", "06 12 34 56 78", "3 chemin des Vignes"


def request_data(commune, **changes):
    data = {
        "commune": commune.pk,
        "person_name": NAME,
        "person_phone": "0612345678",
        "address": ADDRESS,
        "reason": VisitReason.AGE,
        "preferred_days": ["1", "3"],
        "preferred_part": "matin",
        "consent": "on",
    }
    return {**data, **changes}


@pytest.fixture
def commune(guichet):
    return guichet.memberships.get().commune


@pytest.fixture
def visit(guichet, commune):
    return factories.HomeVisitRequestFactory(requested_by=guichet, commune=commune)


@pytest.fixture
def agent(db):
    return factories.itinerant_agent(email="agent@example.org")


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(role=Role.PILOTAGE, email="coordination@example.org")
    user.user_permissions.add(Permission.objects.get(codename="plan_passages"))
    return user


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Booking --------------------------------------------------------------------------------------


def test_a_town_hall_books_a_visit_with_the_consent_dated(client, guichet, commune, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False)
    client.force_login(guichet)

    response = client.post(reverse("itinerance:visit_create"), request_data(commune))

    visit = HomeVisitRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert (visit.requested_by, visit.commune, visit.status) == (guichet, commune, VisitStatus.SUBMITTED)
    assert visit.person_phone == PHONE and visit.preferred_days == "1,3"
    assert visit.consent and visit.consent_at == dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)
    listing = text(client.get(reverse("itinerance:visit_mine")))
    assert f"N°&nbsp;{visit.pk}" in listing and "Demandée" in listing


def test_the_form_offers_the_town_halls_commune_first(client, guichet, commune):
    client.force_login(guichet)

    response = client.get(reverse("itinerance:visit_create"))

    assert response.status_code == 200
    assert response.context["form"]["commune"].initial == commune


def test_no_request_without_the_persons_consent(client, guichet, commune):
    client.force_login(guichet)

    response = client.post(reverse("itinerance:visit_create"), request_data(commune, consent=""))

    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not HomeVisitRequest.objects.exists()


def test_a_counsellor_of_a_fixed_france_services_may_book(client, conseiller, db):
    client.force_login(conseiller)

    response = client.post(reverse("itinerance:visit_create"), request_data(factories.CommuneFactory()))

    assert response.status_code == 302
    assert HomeVisitRequest.objects.get().requested_by == conseiller


@pytest.mark.parametrize("persona", ["referent", "pilotage", "animateur"])
def test_who_is_no_booking_point_cannot_book(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("itinerance:visit_create")).status_code == 403


# --- Who sees what ---------------------------------------------------------------------------------


def test_a_town_hall_sees_only_its_own_requests(client, guichet, visit):
    other = factories.HomeVisitRequestFactory()  # booked by another town hall
    client.force_login(guichet)

    listing = text(client.get(reverse("itinerance:visit_mine")))

    assert f"N°&nbsp;{visit.pk}<" in listing and f"N°&nbsp;{other.pk}<" not in listing
    assert client.get(visit.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", ["conseiller", "referent", "pilotage", "animateur", "outsider"])
def test_nobody_outside_the_cell_reads_a_request(client, request, visit, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(visit.get_absolute_url()).status_code == 404
    assert client.get(reverse("itinerance:visit_queue")).status_code == 403
    assert client.post(reverse("itinerance:visit_schedule", args=[visit.pk])).status_code == 404


def test_another_town_hall_sees_nothing_of_a_request(client, visit):
    other_town_hall = factories.guichet()
    client.force_login(other_town_hall)

    assert client.get(visit.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("itinerance:visit_close", args=[visit.pk]), {"status": "annulee"}).status_code
        == 404
    )
    assert NAME not in text(client.get(reverse("itinerance:visit_mine")))


@pytest.mark.parametrize("persona", ["agent", "coordinator"])
def test_the_cell_and_its_coordinator_read_every_request(client, request, visit, persona):
    client.force_login(request.getfixturevalue(persona))

    page = text(client.get(visit.get_absolute_url()))

    assert NAME in page and PHONE in page and ADDRESS in page


def test_the_requester_cannot_schedule_nor_mark_done(client, guichet, visit):
    client.force_login(guichet)

    schedule = client.post(
        reverse("itinerance:visit_schedule", args=[visit.pk]), {"date": "2030-01-02", "time": "10:00"}
    )
    done = client.post(reverse("itinerance:visit_close", args=[visit.pk]), {"status": "faite"})

    assert (schedule.status_code, done.status_code) == (403, 403)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED


def test_the_requester_may_cancel_their_request(client, guichet, visit):
    client.force_login(guichet)

    response = client.post(reverse("itinerance:visit_close", args=[visit.pk]), {"status": "annulee"})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED and visit.closed_at is not None


# --- Audit of reads --------------------------------------------------------------------------------


def test_every_read_of_the_persons_data_is_in_the_audit_log(client, agent, visit):
    client.force_login(agent)

    client.get(visit.get_absolute_url())
    client.get(visit.get_absolute_url())

    reads = LogEntry.objects.get_for_object(visit).filter(action=LogEntry.Action.ACCESS)
    assert reads.count() == 2
    assert {entry.actor for entry in reads} == {agent}


def test_the_audit_log_keeps_no_personal_data(client, agent, visit):
    visit.person_name = "Autre Nom"
    visit.save()
    client.force_login(agent)
    client.get(visit.get_absolute_url())

    entries = LogEntry.objects.get_for_object(visit)
    assert entries.exists()
    for entry in entries:
        assert (
            "Nom" not in str(entry.changes)
            and NAME not in entry.object_repr
            and "Vignes" not in str(entry.changes)
        )


def test_the_queue_shows_no_personal_data_and_logs_no_read(client, agent, visit):
    client.force_login(agent)

    page = text(client.get(reverse("itinerance:visit_queue")))

    assert f"N°&nbsp;{visit.pk}" in page
    assert NAME not in page and PHONE not in page and ADDRESS not in page
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


# --- The queue -------------------------------------------------------------------------------------


def test_the_queue_lists_open_requests_oldest_first_and_by_commune(client, agent, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), tick=False)
    oldest = factories.HomeVisitRequestFactory()
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False)
    newest = factories.HomeVisitRequestFactory()
    closed = factories.HomeVisitRequestFactory(done=True)
    time_machine.move_to(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(agent)

    response = client.get(reverse("itinerance:visit_queue"))
    by_commune = client.get(reverse("itinerance:visit_queue"), {"commune": newest.commune.pk})

    assert list(response.context["page"].object_list) == [oldest, newest]
    assert closed not in response.context["page"].object_list
    assert "30 jours" in text(response)
    assert list(by_commune.context["page"].object_list) == [newest]


def test_the_queue_costs_the_same_with_more_requests(client, agent, queries_stay_flat):
    factories.HomeVisitRequestFactory()
    client.force_login(agent)

    def grow():
        for _ in range(3):
            factories.HomeVisitRequestFactory(
                partner=factories.PartnerFactory(), theme=factories.DomainFactory()
            )

    assert queries_stay_flat(reverse("itinerance:visit_queue"), grow) <= 12


# --- Scheduling and e-mails ------------------------------------------------------------------------


def test_the_cell_is_offered_the_days_a_tour_passes_in_the_commune(client, agent, visit):
    site = factories.SiteFactory(commune=visit.commune, name="Mairie de Lavit")
    passage = factories.PassageFactory(site=site, date=timezone.localdate() + dt.timedelta(days=5))
    factories.PassageFactory(date=timezone.localdate() + dt.timedelta(days=5))  # elsewhere
    client.force_login(agent)

    response = client.get(visit.get_absolute_url())

    assert response.context["suggestions"] == [passage]
    assert f"?date={passage.date:%Y-%m-%d}&amp;unite={passage.tour.unit_id}" in response.content.decode()


def assert_no_personal_data(message):
    bodies = [message.subject, message.body, *(content for content, _type in message.alternatives)]
    for part in bodies:
        for secret in (NAME, "Jeanne", "Martin", PHONE, "0612345678", ADDRESS, "Vignes"):
            assert secret not in part


def test_scheduling_moving_and_closing_tell_the_requester_with_a_link_only(
    client, agent, guichet, visit, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    url = reverse("itinerance:visit_schedule", args=[visit.pk])
    day = timezone.localdate() + dt.timedelta(days=4)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"date": day.isoformat(), "time": "14:00"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED and visit.scheduled_by == agent
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"date": (day + dt.timedelta(days=1)).isoformat(), "time": "10:30"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.MOVED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("itinerance:visit_close", args=[visit.pk]), {"status": "faite"})

    assert [m.to for m in mail.outbox] == [[guichet.email]] * 3
    assert ["planifiée" in mail.outbox[0].subject, "déplacée" in mail.outbox[1].subject] == [True, True]
    assert "effectuée" in mail.outbox[2].subject
    for message in mail.outbox:
        assert (
            f"http://testserver{visit.get_absolute_url()}" in message.body
            or visit.get_absolute_url() in message.body
        )
        assert_no_personal_data(message)


def test_a_date_in_the_past_is_refused_and_the_page_says_why(client, agent, visit):
    client.force_login(agent)

    response = client.post(
        reverse("itinerance:visit_schedule", args=[visit.pk]), {"date": "2020-01-02", "time": "10:00"}
    )

    assert response.status_code == 400
    assert "Choisissez une date à venir." in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED


def test_the_requester_sees_the_date_once_scheduled(client, agent, guichet, visit):
    day = timezone.localdate() + dt.timedelta(days=4)
    client.force_login(agent)
    client.post(
        reverse("itinerance:visit_schedule", args=[visit.pk]), {"date": day.isoformat(), "time": "14:00"}
    )
    client.force_login(guichet)

    page = text(client.get(visit.get_absolute_url()))

    assert "Statut&nbsp;: <strong>Planifiée</strong>" in page and "14 h" in page


# --- Erasure ---------------------------------------------------------------------------------------


def test_erasure_blanks_the_person_after_the_retention_period_and_keeps_the_counts(
    db, time_machine, settings
):
    settings.HOME_VISIT_RETENTION_DAYS = 30
    time_machine.move_to(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False)
    old_done = factories.HomeVisitRequestFactory(done=True, reason=VisitReason.DISABILITY)
    time_machine.move_to(dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC), tick=False)
    recent = factories.HomeVisitRequestFactory(cancelled=True)
    still_open = factories.HomeVisitRequestFactory()
    time_machine.move_to(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False)

    call_command("erase_home_visits")
    call_command("erase_home_visits")  # idempotent

    old_done.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert (old_done.person_name, old_done.person_phone, old_done.address) == ("", "", "")
    assert old_done.erased_at == dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
    assert recent.person_name == NAME and still_open.person_name == NAME
    # The counts survive: the request, its commune, reason, status and dates are all still there.
    assert (
        HomeVisitRequest.objects.filter(status=VisitStatus.DONE, reason=VisitReason.DISABILITY).count() == 1
    )
    assert HomeVisitRequest.objects.count() == 3
    assert old_done.commune_id and old_done.closed_at


def test_the_retention_period_is_configurable(db, settings, time_machine):
    settings.HOME_VISIT_RETENTION_DAYS = 7
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False)
    visit = factories.HomeVisitRequestFactory(done=True)
    time_machine.move_to(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False)

    call_command("erase_home_visits")

    visit.refresh_from_db()
    assert visit.is_erased and visit.person_name == ""


def test_an_erased_request_says_so_and_logs_no_read(client, agent, time_machine):
    visit = factories.HomeVisitRequestFactory(done=True)
    visit.erase()
    client.force_login(agent)

    page = text(client.get(visit.get_absolute_url()))

    assert "ont été effacés" in page
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_the_data_protection_page_describes_the_processing(client, db, settings):
    settings.HOME_VISIT_RETENTION_DAYS = 30
    page = text(client.get(reverse("legal:donnees_personnelles")))

    assert "Visites à domicile de la cellule itinérante" in page
    for words in ("Finalité", "Base légale", "Qui les voit", "30 jours après la visite"):
        assert words in page


def test_a_guichet_reaches_its_pages_and_the_home_panel(client, guichet, visit):
    client.force_login(guichet)

    home = text(client.get(reverse("home")))

    assert reverse("itinerance:visit_create") in home and reverse("itinerance:visit_mine") in home
    assert f'href="{visit.get_absolute_url()}"' in home and "demandée" in home
    assert reverse("itinerance:visit_queue") not in home


def test_the_home_panel_costs_the_same_with_more_requests(client, guichet, commune, queries_stay_flat):
    factories.HomeVisitRequestFactory(requested_by=guichet, commune=commune)
    client.force_login(guichet)

    def grow():
        for _ in range(4):
            factories.HomeVisitRequestFactory(requested_by=guichet, commune=factories.CommuneFactory())

    assert queries_stay_flat(reverse("home"), grow) <= 10
