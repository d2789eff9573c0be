"""The directory's pages cached by data version (docs/decisions.md, « Rendered fragments cached by data
version »): a change shows at the next view once committed, each person sees what their rights show,
a cached view costs fewer queries.

The test transaction never commits: data is written inside `django_capture_on_commit_callbacks(
execute=True)`, which runs what a commit would run (the topics' new versions). Data written outside
such a block keeps its topic uncached for this connection, as an uncommitted write would.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendrier.enums import Audience
from extranet.enums import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` around writes that a real request would have committed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def network(committed):
    """A structure with a counsellor who speaks for it, a partner present with a referent, and a
    counsellor of another structure."""
    with committed():
        structure = factories.StructureFactory(name="France Services de Caylus", phone="05 63 00 00 01")
        partner = factories.PartnerFactory(name="Caisse d'allocations familiales")
        structure.partners.add(partner)
        factories.PartnerReferentFactory(partner=partner, full_name="Jeanne Référente")
        member = factories.counsellor(structure=structure)
        outsider = factories.counsellor()
    return structure, partner, member, outsider


def page(client, person, url) -> str:
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_structure_change_shows_at_the_next_view_once_committed(client, network, committed):
    structure, _partner, member, _outsider = network
    assert "05 63 00 00 01" in page(client, member, structure.get_absolute_url())

    with committed():
        structure.phone = "05 63 99 99 99"
        structure.save()

    content = page(client, member, structure.get_absolute_url())
    assert "05 63 99 99 99" in content and "05 63 00 00 01" not in content


def test_a_new_referent_an_agent_and_a_renamed_account_show_at_once(client, network, committed):
    structure, partner, member, outsider = network
    page(client, outsider, structure.get_absolute_url())

    with committed():
        factories.PartnerReferentFactory(partner=partner, full_name="Paul Nouveau")
        member.last_name = "Renommé"
        member.save()
        factories.counsellor(structure=structure, last_name="Arrivée")

    content = page(client, outsider, structure.get_absolute_url())
    assert "Paul Nouveau" in content and "Renommé" in content and "Arrivée" in content


def test_a_login_keeps_the_cached_copy(client, network):
    structure, _partner, member, _outsider = network
    client.force_login(member)
    first = queries_of(client, structure.get_absolute_url())
    client.logout()
    client.force_login(member)  # saves last_login alone

    assert queries_of(client, structure.get_absolute_url()) < first - 5


def test_the_edit_buttons_are_for_those_who_speak_for_the_structure_only(client, network):
    structure, _partner, member, outsider = network
    edit = f"/annuaire/structures/{structure.slug}/modifier/"

    assert edit in page(client, member, structure.get_absolute_url())
    assert edit not in page(client, outsider, structure.get_absolute_url())
    assert edit in page(client, member, structure.get_absolute_url())


def test_the_trainings_panel_shows_each_viewer_the_events_of_their_audience(client, network, committed):
    structure, _partner, member, outsider = network
    with committed():
        referent = factories.referent()
        training = factories.EventFactory(title="Formation des référents", audience=Audience.REFERENTS)
        training.registrations.create(user=member, attended=True)

    assert "Formation des référents" not in page(client, outsider, structure.get_absolute_url())
    assert "Formation des référents" in page(client, referent, structure.get_absolute_url())
    assert "Formation des référents" not in page(client, outsider, structure.get_absolute_url())


def test_a_file_of_the_structure_shows_at_once(client, network, committed):
    structure, _partner, member, _outsider = network
    page(client, member, structure.get_absolute_url())

    with committed():
        factories.DocumentFactory(structure=structure, title="Plaquette de Caylus")

    assert "Plaquette de Caylus" in page(client, member, structure.get_absolute_url())


def test_the_next_permanence_dates_follow_the_day(client, network, committed, time_machine):
    structure, partner, member, _outsider = network
    time_machine.move_to(dt.datetime(2026, 12, 7, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
    with committed():
        factories.PermanenceFactory(partner=partner, structure=structure)  # every Tuesday
    assert "mardi 8\u00a0décembre" in page(client, member, structure.get_absolute_url())

    time_machine.move_to(dt.datetime(2026, 12, 9, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
    content = page(client, member, structure.get_absolute_url())
    assert "mardi 8\u00a0décembre" not in content and "mardi 15\u00a0décembre" in content


def test_open_now_is_not_cached(client, network, committed, time_machine):
    structure, _partner, member, _outsider = network
    with committed():
        factories.OpeningHoursFactory(structure=structure, weekday=0, opens=dt.time(9), closes=dt.time(12))
    time_machine.move_to(dt.datetime(2026, 12, 7, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
    assert "Ouvert en ce moment" in page(client, member, structure.get_absolute_url())

    time_machine.move_to(dt.datetime(2026, 12, 7, 13, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
    assert "Fermé en ce moment" in page(client, member, structure.get_absolute_url())


def test_a_cached_structure_page_costs_fewer_queries(client, network):
    structure, _partner, member, _outsider = network
    client.force_login(member)

    first = queries_of(client, structure.get_absolute_url())
    second = queries_of(client, structure.get_absolute_url())

    assert second < first - 5


def test_an_hours_change_recorded_in_bulk_shows_at_once(client, network, committed):
    structure, partner, member, _outsider = network
    page(client, member, structure.get_absolute_url())

    with committed():
        data = factories.structure_form_data(hours=[(1, "09:00", "12:00")], partners=[partner.pk])
        response = client.post(f"/annuaire/structures/{structure.slug}/modifier/", data)
    assert response.status_code == 302

    assert "Horaires modifiés le" in page(client, member, structure.get_absolute_url())


@pytest.mark.parametrize(
    "url",
    [
        "/annuaire/structures/",
        "/annuaire/structures/?q=Caylus",
        "/annuaire/partenaires/",
        "/annuaire/qui-contacter/",
        "/annuaire/structures/charte/",
    ],
)
def test_a_cached_list_costs_fewer_queries_and_shows_a_change_at_once(client, network, committed, url):
    structure, partner, member, _outsider = network
    client.force_login(member)
    first = queries_of(client, url)
    assert queries_of(client, url) < first

    with committed():
        factories.StructureFactory(name="France Services de Caylus-Bis")
        factories.PartnerReferentFactory(partner=partner, full_name="Paul Nouveau", territory="Caylus")
        factories.PartnerFactory(name="Mission locale")

    content = client.get(url).content.decode()
    expected = {"partenaires": "Mission locale", "qui-contacter": "Paul Nouveau"}
    assert next((name for key, name in expected.items() if key in url), "Caylus-Bis") in content


def test_the_national_export_link_is_for_the_steering_staff_only(client, network, committed):
    _structure, _partner, member, _outsider = network
    with committed():
        pilotage = factories.UserFactory(role=Role.PILOTAGE)
    link = "/annuaire/structures/liste-nationale.csv"

    assert link not in page(client, member, "/annuaire/structures/")
    assert link in page(client, pilotage, "/annuaire/structures/")
    assert link not in page(client, member, "/annuaire/structures/")


def test_a_partner_page_shows_edit_links_to_its_referents_only(client, network, committed):
    _structure, partner, _member, outsider = network
    with committed():
        own = factories.referent(partner=partner)
    edit = "/annuaire/referents/"

    assert edit not in page(client, outsider, partner.get_absolute_url())
    assert edit in page(client, own, partner.get_absolute_url())
    assert edit not in page(client, outsider, partner.get_absolute_url())


def test_qui_contacter_starts_on_each_persons_own_structure(client, network, committed):
    structure, partner, member, outsider = network
    with committed():
        factories.PartnerReferentFactory(partner=partner, territory="").structures.add(structure)

    assert "Jeanne Référente" in page(client, member, "/annuaire/qui-contacter/")
    assert page(client, member, "/annuaire/qui-contacter/").count("list-group-item") == 2
    assert page(client, outsider, "/annuaire/qui-contacter/").count("list-group-item") == 1
