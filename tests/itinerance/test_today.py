"""« Aujourd'hui »: an itinerant agent's day on a phone, and the counts recorded after each passage."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from itinerance.enums import PassageStatus, VisitStatus
from itinerance.models import PassageCount
from itinerance.visit_forms import EMPTY_COUNT_LINES
from tests import factories


@pytest.fixture
def unit(db):
    return factories.UnitFactory()


@pytest.fixture
def agent(unit):
    return factories.itinerant_agent(unit=unit, email="agent@example.org")


@pytest.fixture
def day(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 7, tzinfo=dt.UTC), tick=False)
    return dt.date(2026, 12, 1)


def passage_at(unit, day, hour, **site):
    tour = factories.TourFactory(unit=unit)
    site = factories.SiteFactory(tour=tour, **site)
    return factories.PassageFactory(
        site=site, tour=tour, date=day, starts_at=dt.time(hour), ends_at=dt.time(hour + 2)
    )


def counts(passage, lines=(), initial=0, **values):
    """The post of a passage's counts form; `lines` as (partner, theme, people), objects or "" for none,
    and as many empty lines as the page offers."""
    data = {
        "people_received": "7",
        "level_1": "5",
        "level_2": "2",
        "oriented_to_mds": "1",
        "digital_sessions": "3",
    }
    post = {f"passage-{passage.pk}-{name}": value for name, value in {**data, **values}.items()}
    prefix = f"passage-{passage.pk}-lignes"
    rows = [*lines, *[("", "", "")] * EMPTY_COUNT_LINES]
    post |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        for name, value in zip(("partner", "theme", "people"), row, strict=True):
            post[f"{prefix}-{index}-{name}"] = str(getattr(value, "pk", value))
    return post


def test_the_day_lists_passages_and_visits_in_order_with_maps_links(client, agent, unit, day):
    afternoon = passage_at(unit, day, 14, name="Mairie de Lavit", access_notes="Clé à l'accueil")
    morning = passage_at(unit, day, 9, name="Salle des fêtes de Puygaillard", latitude=44.02, longitude=1.64)
    visit = factories.HomeVisitRequestFactory(
        status=VisitStatus.SCHEDULED,
        unit=unit,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 12, 1, 12)),
    )
    passage_at(factories.UnitFactory(), day, 10, name="Mairie d'une autre unité")
    passage_at(unit, day + dt.timedelta(days=1), 9, name="Mairie du lendemain")
    client.force_login(agent)

    response = client.get(reverse("itinerance:today"))

    content = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    positions = [content.index(text) for text in ("Puygaillard", "visite à domicile", "Mairie de Lavit")]
    assert positions == sorted(positions)
    assert "autre unité" not in content and "lendemain" not in content
    assert "Clé à l&#x27;accueil" in content
    assert 'href="geo:44.02,1.64?q=44.02,1.64(Salle' in content  # coordinates as written
    assert "geo:0,0?q=3%20chemin%20des%20Vignes" in content
    assert "tel:0612345678" in content
    assert [item["passage"] for item in response.context["items"] if item["kind"] == "passage"] == [
        morning,
        afternoon,
    ]
    # The person's data was read: the audit log says so.
    assert LogEntry.objects.get_for_object(visit).filter(action=LogEntry.Action.ACCESS, actor=agent).exists()


def test_counts_are_recorded_and_the_passage_is_held(client, agent, unit, day):
    passage = passage_at(unit, day, 9)
    client.force_login(agent)

    response = client.post(reverse("itinerance:passage_counts", args=[passage.pk]), counts(passage))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('itinerance:today')}#passage-{passage.pk}"
    passage.refresh_from_db()
    assert (passage.people_received, passage.level_1, passage.level_2, passage.oriented_to_mds) == (
        7,
        5,
        2,
        1,
    )
    assert passage.status == PassageStatus.HELD and passage.counts_recorded_by == agent


def test_a_refused_post_keeps_the_values_and_says_so(client, agent, unit, day):
    passage = passage_at(unit, day, 9)
    client.force_login(agent)

    response = client.post(
        reverse("itinerance:passage_counts", args=[passage.pk]),
        counts(passage, people_received="", level_1="-2"),
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "ne sont pas enregistrés" in content
    assert "les valeurs saisies sont conservées" in content
    assert 'value="2"' in content and 'value="-2"' in content and 'value="3"' in content
    assert "Ce champ est obligatoire." in content
    passage.refresh_from_db()
    assert passage.people_received is None and passage.status == PassageStatus.PLANNED


def test_an_agent_of_another_unit_cannot_record_counts(client, unit, day):
    passage = passage_at(unit, day, 9)
    stranger = factories.itinerant_agent()
    client.force_login(stranger)

    response = client.post(reverse("itinerance:passage_counts", args=[passage.pk]), counts(passage))

    assert response.status_code == 404
    passage.refresh_from_db()
    assert passage.people_received is None


@pytest.mark.parametrize("persona", ["conseiller", "guichet", "pilotage"])
def test_the_page_is_for_the_cell_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("itinerance:today")).status_code == 403


def test_the_page_works_without_javascript(client, agent, unit, day):
    passage_at(unit, day, 9)
    client.force_login(agent)

    content = client.get(reverse("itinerance:today")).content.decode()

    # A plain form posting to the server; the script only adds a local copy of unsent values.
    assert re.search(r'<form method="post" action="/[^"]+/compteurs/"', content)
    assert "<script>" not in content


def test_the_day_costs_the_same_with_more_passages(client, agent, unit, day, queries_stay_flat):
    passage_at(unit, day, 8)
    factories.HomeVisitRequestFactory(
        status=VisitStatus.SCHEDULED,
        unit=unit,
        partner=factories.PartnerFactory(),
        theme=factories.DomainFactory(),
        scheduled_at=timezone.make_aware(dt.datetime(2026, 12, 1, 12)),
    )
    client.force_login(agent)

    def grow():
        theme = factories.DomainFactory()
        for hour in (10, 13, 15):
            passage = passage_at(unit, day, hour, access_notes="Clé à l'accueil")
            partner = factories.PartnerFactory(is_national=False)
            factories.StructureFactory().partners.add(partner)
            PassageCount.objects.create(passage=passage, partner=partner, theme=theme, people=2)

    # Each visit shown writes one access entry to the audit log: a handful a day. The lines' partners
    # and themes are loaded once for the page, the saved lines of every passage in one query.
    assert queries_stay_flat(reverse("itinerance:today"), grow) <= 20


# --- Partner-and-theme lines ---------------------------------------------------------------------


@pytest.fixture
def caf(db):
    return factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF")


@pytest.fixture
def family(db):
    return factories.DomainFactory(name="Famille")


def test_lines_are_recorded_with_the_totals_and_shown_after_saving(client, agent, unit, day, caf, family):
    passage = passage_at(unit, day, 9)
    msa = factories.PartnerFactory(name="Mutualité sociale agricole", acronym="MSA")
    client.force_login(agent)

    response = client.post(
        reverse("itinerance:passage_counts", args=[passage.pk]),
        counts(passage, lines=[(caf, family, "3"), (msa, "", "2"), ("", family, "1")]),
        follow=True,
    )

    page = page_text(response)
    assert response.status_code == 200
    saved = PassageCount.objects.filter(passage=passage)
    assert {(c.partner_id, c.theme_id, c.people) for c in saved} == {
        (caf.pk, family.pk, 3),
        (msa.pk, None, 2),
        (None, family.pk, 1),
    }
    assert "Chiffres enregistrés pour" in page
    recorded = [
        "7\u00a0personnes reçues",
        "CAF — Famille\u00a0: 3\u00a0personnes",
        "MSA\u00a0: 2\u00a0personnes",
    ]
    assert "\u202f; ".join(recorded) in page
    recorded = re.search(r'<ul class="today-recorded">(.*?)</ul>', page).group(1)
    assert re.findall(r"<li>(.*?)</li>", recorded) == [
        "CAF — Famille\u00a0: 3\u00a0personnes",
        "MSA\u00a0: 2\u00a0personnes",
        "Famille\u00a0: 1\u00a0personne",
    ]


def test_saved_lines_come_back_in_the_form_and_an_emptied_line_is_removed(
    client, agent, unit, day, caf, family
):
    passage = passage_at(unit, day, 9)
    PassageCount.objects.create(passage=passage, partner=caf, theme=family, people=3)
    client.force_login(agent)

    form = client.get(reverse("itinerance:today")).context["items"][0]["form"]
    assert form.lines.initial == [{"partner": caf.pk, "theme": family.pk, "people": 3}]
    assert len(form.lines.forms) == 1 + EMPTY_COUNT_LINES

    client.post(
        reverse("itinerance:passage_counts", args=[passage.pk]),
        counts(passage, lines=[("", "", ""), ("", family, "4")], initial=1),
    )

    assert [(c.partner, c.theme, c.people) for c in PassageCount.objects.all()] == [(None, family, 4)]


def refused(client, passage, lines, **values):
    response = client.post(
        reverse("itinerance:passage_counts", args=[passage.pk]), counts(passage, lines=lines, **values)
    )
    assert response.status_code == 400
    passage.refresh_from_db()
    assert passage.people_received is None and passage.status == PassageStatus.PLANNED
    assert not PassageCount.objects.exists()
    return page_text(response)


def test_the_same_partner_and_theme_twice_is_refused_naming_the_line(client, agent, unit, day, caf, family):
    passage = passage_at(unit, day, 9)
    client.force_login(agent)

    page = refused(client, passage, [(caf, family, "2"), (caf, "", "1"), (caf, family, "1")])

    assert "Ligne 3\u00a0: CAF — Famille figure déjà à la ligne 1." in page
    assert "les valeurs saisies sont conservées" in page
    # Every value typed is still there: the totals and each line.
    prefix = f"passage-{passage.pk}-lignes"
    assert re.search(rf'name="{prefix}-2-partner"[^>]*>.*?<option value="{caf.pk}" selected>', page)
    assert re.search(rf'name="{prefix}-2-theme"[^>]*>.*?<option value="{family.pk}" selected>', page)
    assert re.search(rf'name="{prefix}-1-people" value="1"', page)
    assert re.search(rf'name="passage-{passage.pk}-digital_sessions" value="3"', page)


def test_a_partner_may_not_count_more_people_than_received(client, agent, unit, day, caf, family):
    passage = passage_at(unit, day, 9)
    client.force_login(agent)

    page = refused(
        client, passage, [(caf, family, "5"), ("", family, "6"), (caf, "", "3")], people_received="7"
    )

    assert (
        "CAF\u00a0: 8\u00a0personnes aux lignes 1 et 3, plus que les 7\u00a0personnes reçues du passage."
        in page
    )
    # A theme alone is no partner: 6 for « Famille » is within the 7 received.
    assert "Famille\u00a0: 6" not in page


def test_a_line_needs_a_partner_or_a_theme_and_a_number(client, agent, unit, day, caf):
    passage = passage_at(unit, day, 9)
    client.force_login(agent)

    page = refused(client, passage, [("", "", "4"), (caf, "", ""), (caf, "", "0")])

    assert "Ligne 1, partenaire\u00a0: Choisissez un partenaire, un thème ou les deux." in page
    assert "Ligne 2, personnes\u00a0: Indiquez le nombre de personnes." in page
    assert "Ligne 3, personnes\u00a0: Au moins 1 personne" in page


def test_the_lines_offer_national_partners_and_those_active_in_the_departement(
    client, agent, unit, day, caf, family
):
    passage_at(unit, day, 9)
    present = factories.PartnerFactory(name="Mission locale", acronym="", is_national=False)
    factories.StructureFactory().partners.add(present)
    with_referent = factories.PartnerFactory(name="ADIL 82", acronym="", is_national=False)
    factories.PartnerReferentFactory(partner=with_referent)
    factories.PartnerFactory(name="Partenaire d'un autre département", acronym="", is_national=False)
    client.force_login(agent)

    form = client.get(reverse("itinerance:today")).context["items"][0]["form"]

    line = form.lines.forms[0]
    assert [label for _pk, label in line.fields["partner"].choices] == [
        "—",
        "CAF",
        "ADIL 82",
        "Mission locale",
    ]
    assert [label for _pk, label in line.fields["theme"].choices] == ["—", "Famille"]


def test_a_page_opened_before_the_lines_keeps_the_saved_ones(client, agent, unit, day, caf):
    passage = passage_at(unit, day, 9)
    PassageCount.objects.create(passage=passage, partner=caf, people=3)
    client.force_login(agent)
    post = {k: v for k, v in counts(passage).items() if "-lignes-" not in k}

    response = client.post(reverse("itinerance:passage_counts", args=[passage.pk]), post)

    assert response.status_code == 302
    assert [(c.partner, c.people) for c in PassageCount.objects.all()] == [(caf, 3)]


def page_text(response) -> str:
    """The page with its spaces folded and `&nbsp;` written as the character Python code writes."""
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode()).replace("&nbsp;", "\u00a0")


def test_counts_blanked_in_the_admin_leave_the_page_readable(client, agent, unit, day):
    passage = passage_at(unit, day, 9)
    passage.counts_recorded_at = timezone.now()  # recorded, then people received emptied in the admin
    passage.save()
    client.force_login(agent)

    response = client.get(reverse("itinerance:today"))

    assert response.status_code == 200
    assert "Déjà enregistré" not in response.content.decode()
