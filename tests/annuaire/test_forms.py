"""Bad input gets a clear French error on the form, and nothing changes in the database."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from annuaire.enums import Recurrence, Weekday
from annuaire.models import OpeningHours, Permanence, Referent
from tests import factories


@pytest.fixture
def edit_url(structure):
    return reverse("annuaire:structure_edit", kwargs={"slug": structure.slug})


def test_valid_submission_saves_and_normalises_the_phone(client, conseiller, structure, edit_url):
    client.force_login(conseiller)
    data = factories.structure_form_data(
        hours=[(0, "09:00", "12:00"), (0, "14:00", "17:00")], phone="+33 5 63 00 00 42"
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.phone == "05 63 00 00 42"
    assert [str(r) for r in structure.opening_hours.all()] == [
        "lundi 9\u00a0h\u00a0– 12\u00a0h",
        "lundi 14\u00a0h\u00a0– 17\u00a0h",
    ]


def _assert_refused(response, message, structure):
    assert response.status_code == 200
    assert message in response.content.decode()
    structure.refresh_from_db()
    assert structure.email == "" and structure.phone == ""
    assert not OpeningHours.objects.exists()


def test_overlapping_ranges_are_refused(client, conseiller, structure, edit_url):
    client.force_login(conseiller)
    response = client.post(
        edit_url, factories.structure_form_data(hours=[(1, "09:00", "12:00"), (1, "11:00", "13:00")])
    )
    expected = "Deux plages se chevauchent le mardi : "
    expected += "9\u00a0h\u00a0– 12\u00a0h et 11\u00a0h\u00a0– 13\u00a0h."
    _assert_refused(response, expected, structure)


def test_reversed_range_is_refused(client, conseiller, structure, edit_url):
    client.force_login(conseiller)
    response = client.post(edit_url, factories.structure_form_data(hours=[(2, "12:00", "09:00")]))
    _assert_refused(response, "L&#x27;heure de fin doit être postérieure à l&#x27;heure de début.", structure)


def test_invalid_phone_is_refused(client, conseiller, structure, edit_url):
    client.force_login(conseiller)
    response = client.post(edit_url, factories.structure_form_data(phone="12 34"))
    _assert_refused(response, "Numéro de téléphone invalide", structure)


def test_invalid_email_is_refused(client, conseiller, structure, edit_url):
    client.force_login(conseiller)
    response = client.post(edit_url, factories.structure_form_data(email="pas-une-adresse"))
    _assert_refused(response, "Saisissez une adresse de courriel valide.", structure)


def test_replacing_a_range_in_one_submission_is_not_an_overlap(client, conseiller, structure, edit_url):
    existing = factories.OpeningHoursFactory(structure=structure, weekday=Weekday.MONDAY)
    data = factories.structure_form_data(hours=[(0, "09:00", "12:00"), (0, "09:00", "12:30")])
    data |= {"horaires-INITIAL_FORMS": "1", "horaires-0-id": existing.pk, "horaires-0-DELETE": "on"}
    client.force_login(conseiller)
    assert client.post(edit_url, data).status_code == 302
    assert [str(r) for r in structure.opening_hours.all()] == ["lundi 9\u00a0h\u00a0– 12\u00a0h\u00a030"]


def test_referent_form_refuses_a_bad_phone_and_creates_nothing(client, referent, partner):
    client.force_login(referent)
    url = reverse("annuaire:referent_create", kwargs={"slug": partner.slug})
    response = client.post(url, {"full_name": "Anne Exemple", "phone": "0800", "territory": "Tout le 82"})
    assert "Numéro de téléphone invalide" in response.content.decode()
    assert not Referent.objects.filter(full_name="Anne Exemple").exists()


def test_referent_form_refuses_a_name_the_partner_already_has_on_create_and_on_rename(
    client, referent, partner
):
    factories.PartnerReferentFactory(partner=partner, full_name="Anne Exemple")
    other = factories.PartnerReferentFactory(partner=partner, full_name="Paul Exemple")
    client.force_login(referent)
    data = {"full_name": "Anne Exemple", "territory": "Tout le 82"}

    created = client.post(reverse("annuaire:referent_create", kwargs={"slug": partner.slug}), data)
    renamed = client.post(reverse("annuaire:referent_edit", kwargs={"pk": other.pk}), data)

    for response in (created, renamed):
        assert response.status_code == 200
        assert "a déjà un référent nommé « Anne Exemple »" in response.content.decode()
    assert Referent.objects.filter(full_name="Anne Exemple").count() == 1
    other.refresh_from_db()
    assert other.full_name == "Paul Exemple"


def test_referent_form_needs_structures_or_territory(client, referent, partner):
    client.force_login(referent)
    url = reverse("annuaire:referent_create", kwargs={"slug": partner.slug})
    response = client.post(url, {"full_name": "Anne Exemple", "email": "anne@example.org"})
    assert "Indiquez les structures couvertes ou le territoire couvert." in response.content.decode()
    assert not Referent.objects.filter(full_name="Anne Exemple").exists()


def test_permanence_form_saves_a_monthly_permanence(client, referent, partner, structure):
    client.force_login(referent)
    url = reverse("annuaire:permanence_create", kwargs={"slug": partner.slug})
    data = {
        "structure": structure.pk,
        "recurrence": Recurrence.MONTHLY,
        "weekday": Weekday.TUESDAY,
        "weeks_of_month": ["2", "4"],
        "starts_at": "09:00",
        "ends_at": "12:00",
    }
    assert client.post(url, data).status_code == 302
    assert Permanence.objects.get().describe() == "2e et 4e mardis du mois, 9\u00a0h\u00a0– 12\u00a0h"


def test_permanence_form_refuses_a_reversed_range(client, referent, partner, structure):
    client.force_login(referent)
    url = reverse("annuaire:permanence_create", kwargs={"slug": partner.slug})
    data = {"structure": structure.pk, "recurrence": Recurrence.WEEKLY, "weekday": 1}
    response = client.post(url, data | {"starts_at": "12:00", "ends_at": "09:00"})
    assert "L&#x27;heure de fin doit être postérieure" in response.content.decode()
    assert not Permanence.objects.exists()


def test_verify_button_stamps_the_structure(client, conseiller, structure):
    client.force_login(conseiller)
    response = client.post(reverse("annuaire:structure_verify", kwargs={"slug": structure.slug}), follow=True)
    structure.refresh_from_db()
    assert structure.verified_by == conseiller
    assert structure.verified_at.date() >= dt.date(2026, 1, 1)
    assert "Informations vérifiées le" in response.content.decode()


def test_verify_button_stamps_the_partner_and_its_referents(client, referent, partner):
    listed = factories.PartnerReferentFactory(partner=partner)
    client.force_login(referent)
    client.post(reverse("annuaire:partner_verify", kwargs={"slug": partner.slug}))
    partner.refresh_from_db()
    listed.refresh_from_db()
    assert partner.verified_by == referent and listed.verified_by == referent
    assert listed.verified_at is not None


DUPLICATE_MESSAGE = "Cette permanence existe déjà"


@pytest.mark.parametrize(
    "existing, submitted",
    [
        (
            {"recurrence": Recurrence.WEEKLY, "weekday": Weekday.TUESDAY},
            {"recurrence": Recurrence.WEEKLY, "weekday": Weekday.TUESDAY, "starts_at": "09:00",
             "ends_at": "11:00"},
        ),
        (
            {"monthly": True},
            {"recurrence": Recurrence.MONTHLY, "weekday": Weekday.TUESDAY, "weeks_of_month": ["2", "4"],
             "starts_at": "09:00", "ends_at": "12:00"},
        ),
        (
            {"recurrence": Recurrence.APPOINTMENT, "weekday": None, "starts_at": None, "ends_at": None},
            {"recurrence": Recurrence.APPOINTMENT, "notes": "Sur rendez-vous au guichet."},
        ),
    ],
    ids=["weekly", "monthly", "appointment"],
)  # fmt: skip
def test_permanence_form_refuses_a_duplicate_in_french(
    client, referent, partner, structure, existing, submitted
):
    factories.PermanenceFactory(partner=partner, structure=structure, **existing)
    client.force_login(referent)
    url = reverse("annuaire:permanence_create", kwargs={"slug": partner.slug})
    response = client.post(url, {"structure": structure.pk, **submitted})
    assert response.status_code == 200
    assert DUPLICATE_MESSAGE in response.content.decode()
    assert Permanence.objects.count() == 1


def test_permanence_form_accepts_another_slot_and_an_unchanged_edit(client, referent, partner, structure):
    permanence = factories.PermanenceFactory(partner=partner, structure=structure, weekday=Weekday.TUESDAY)
    client.force_login(referent)
    create_url = reverse("annuaire:permanence_create", kwargs={"slug": partner.slug})
    other_slot = {"structure": structure.pk, "recurrence": Recurrence.WEEKLY, "weekday": Weekday.TUESDAY}
    assert client.post(create_url, other_slot | {"starts_at": "14:00", "ends_at": "16:00"}).status_code == 302
    edit_url = reverse("annuaire:permanence_edit", kwargs={"pk": permanence.pk})
    unchanged = other_slot | {"starts_at": "09:00", "ends_at": "12:00", "notes": "Sans rendez-vous."}
    assert client.post(edit_url, unchanged).status_code == 302
    assert Permanence.objects.count() == 2


def test_the_database_refuses_a_duplicate_appointment(partner, structure):
    appointment = {"recurrence": Recurrence.APPOINTMENT, "weekday": None, "starts_at": None, "ends_at": None}
    factories.PermanenceFactory(partner=partner, structure=structure, **appointment)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PermanenceFactory(partner=partner, structure=structure, **appointment)


@pytest.fixture
def referent_record(partner):
    return factories.PartnerReferentFactory(partner=partner, full_name="Anne Exemple")


def _link(client, referent_record, user):
    url = reverse("annuaire:referent_edit", kwargs={"pk": referent_record.pk})
    data = {"full_name": referent_record.full_name, "territory": "Tout le 82", "user": user.pk}
    return client.post(url, data)


def test_referent_record_can_be_linked_to_an_account_of_its_partner(client, referent, referent_record):
    colleague = factories.referent(partner=referent_record.partner, email="collegue@example.org")
    client.force_login(referent)
    form = client.get(reverse("annuaire:referent_edit", kwargs={"pk": referent_record.pk})).context["form"]
    assert set(form.fields["user"].queryset) == {referent, colleague}

    assert _link(client, referent_record, colleague).status_code == 302
    referent_record.refresh_from_db()
    assert referent_record.user == colleague
    # One person, one record: the one made with the colleague's account is merged into this one, which
    # now shows the account's name.
    assert list(Referent.objects.filter(user=colleague)) == [referent_record]
    assert referent_record.full_name == colleague.get_full_name()


@pytest.mark.parametrize("who", ["other_partner", "inactive_account", "ended_membership", "counsellor"])
def test_referent_record_cannot_be_linked_to_someone_else(
    client, referent, referent_record, other_referent, conseiller, who
):
    if who == "other_partner":
        person = other_referent
    elif who == "inactive_account":
        person = factories.referent(partner=referent_record.partner, is_active=False)
    elif who == "ended_membership":
        person = factories.referent(partner=referent_record.partner)
        person.memberships.update(is_active=False)
    else:
        person = conseiller
    client.force_login(referent)
    response = _link(client, referent_record, person)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    referent_record.refresh_from_db()
    assert referent_record.user is None


def test_staff_links_a_referent_record_to_an_account(client, animateur, referent, referent_record):
    client.force_login(animateur)
    assert _link(client, referent_record, referent).status_code == 302
    referent_record.refresh_from_db()
    assert referent_record.user == referent
