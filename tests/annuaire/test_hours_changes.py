"""Partners told when a structure's weekly hours change: one e-mail per change set, after the commit,
to the referents of the partners present and the CCI, and a notice on the structure page for 30 days."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from import_export.formats.base_formats import CSV

from annuaire.hours_changes import recording_hours_changes
from annuaire.models import HoursChange, NotificationPreference, OpeningHours
from annuaire.refresh.resources import StructureResource
from extranet.emails import absolute_url
from extranet.enums import Role
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DECEMBER_2 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)
NEW_WEEK = [(0, "09:00", "12:00"), (1, "09:00", "12:00"), (2, "09:00", "12:30")]


@pytest.fixture
def network(structure, partner, referent, conseiller, animateur):
    """Molières open Monday 9–12 and 14–17, Wednesday 9–12, with the CAF and the CPAM present.

    Besides the CAF referent and the CCI agent: a CPAM referent (told), an MSA referent whose partner
    is absent (not told), a second counsellor, a steering account and a former CCI agent (not told).
    """
    cpam = factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM", slug="cpam")
    msa = factories.PartnerFactory(name="Mutualité sociale agricole", acronym="MSA", slug="msa")
    structure.partners.set([partner, cpam])
    for weekday, opens, closes in [(0, 9, 12), (0, 14, 17), (2, 9, 12)]:
        factories.OpeningHoursFactory(
            structure=structure, weekday=weekday, opens=dt.time(opens), closes=dt.time(closes)
        )
    factories.referent(partner=cpam, email="cpam@example.org", first_name="Sacha")
    factories.referent(partner=msa, email="msa@example.org")
    factories.counsellor(structure=structure, email="collegue@example.org")
    factories.UserFactory(role=Role.PILOTAGE, email="prefecture@example.org")
    factories.UserFactory(staff=True, inactive=True, email="ancien.cci@example.org")
    return structure


def edit_hours(client, structure, new_week, partners=None):
    """Submits the edit form as the page does: every current range deleted, `new_week` added."""
    existing = list(structure.opening_hours.order_by("pk"))
    rows = [(r.weekday, f"{r.opens:%H:%M}", f"{r.closes:%H:%M}") for r in existing] + list(new_week)
    data = factories.structure_form_data(hours=rows)
    data["horaires-INITIAL_FORMS"] = str(len(existing))
    for i, r in enumerate(existing):
        data |= {f"horaires-{i}-id": r.pk, f"horaires-{i}-DELETE": "on"}
    data["partners"] = [p.pk for p in (partners if partners is not None else structure.partners.all())]
    response = client.post(reverse("annuaire:structure_edit", kwargs={"slug": structure.slug}), data)
    assert response.status_code == 302, response.context and response.context["hours"].errors
    return response


def resubmit_unchanged(client, structure):
    """Submits the edit form exactly as it is shown (the current ranges kept)."""
    existing = list(structure.opening_hours.order_by("pk"))
    data = factories.structure_form_data(
        hours=[(r.weekday, f"{r.opens:%H:%M}", f"{r.closes:%H:%M}") for r in existing],
        partners=[p.pk for p in structure.partners.all()],
    )
    data["horaires-INITIAL_FORMS"] = str(len(existing))
    data |= {f"horaires-{i}-id": r.pk for i, r in enumerate(existing)}
    response = client.post(reverse("annuaire:structure_edit", kwargs={"slug": structure.slug}), data)
    assert response.status_code == 302
    return response


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_changed_hours_reach_the_partners_referents_and_the_cci_once(
    client, network, conseiller, django_capture_on_commit_callbacks
):
    client.force_login(conseiller)
    with django_capture_on_commit_callbacks(execute=True):
        edit_hours(client, network, NEW_WEEK)

    # One e-mail each (several days changed in one edit), nobody else: not the author, not their
    # colleague, not the steering staff, not a partner absent from the structure, not a former CCI agent.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "animateur@example.org",
        "cpam@example.org",
        "referent@example.org",
    ]
    assert HoursChange.objects.get().structure == network


def test_the_email_says_in_french_which_days_changed(
    client, network, conseiller, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(DECEMBER_2, tick=False)
    client.force_login(conseiller)
    with django_capture_on_commit_callbacks(execute=True):
        edit_hours(client, network, NEW_WEEK)

    [message] = [m for m in mail.outbox if m.to == ["cpam@example.org"]]
    assert message.subject == "[Extranet France Services 82] Horaires modifiés : MSAP La Poste de Molières"
    body = message.body
    assert body.startswith("Bonjour Sacha,")
    assert "modifiés le 2\u00a0décembre 2026 par" in body
    monday = "9\u00a0h\u00a0– 12\u00a0h (au lieu de 9\u00a0h\u00a0– 12\u00a0h et 14\u00a0h\u00a0– 17\u00a0h)"
    assert f"- Lundi : {monday}" in body
    assert "- Mardi : 9\u00a0h\u00a0– 12\u00a0h (au lieu de fermé)" in body
    assert "- Mercredi : 9\u00a0h\u00a0– 12\u00a0h\u00a030 (au lieu de 9\u00a0h\u00a0– 12\u00a0h)" in body
    assert "Jeudi" not in body  # unchanged days are not listed
    assert absolute_url(network.get_absolute_url()) in body
    assert reverse("account") in body  # how to stop receiving it
    html = message.alternatives[0][0]
    assert "<li>Mardi&nbsp;: 9\u00a0h\u00a0– 12\u00a0h (au lieu de fermé)</li>" in html


def test_saving_the_same_hours_again_sends_nothing(
    client, network, conseiller, django_capture_on_commit_callbacks
):
    client.force_login(conseiller)
    with django_capture_on_commit_callbacks(execute=True):
        resubmit_unchanged(client, network)
        # The same week written again as new ranges (the old ones deleted) is no change either.
        edit_hours(client, network, [(0, "09:00", "12:00"), (0, "14:00", "17:00"), (2, "09:00", "12:00")])

    assert mail.outbox == []
    assert not HoursChange.objects.exists()


def test_a_second_edit_is_a_second_change_set(
    client, network, conseiller, django_capture_on_commit_callbacks
):
    client.force_login(conseiller)
    with django_capture_on_commit_callbacks(execute=True):
        edit_hours(client, network, NEW_WEEK)
        edit_hours(client, network, NEW_WEEK)  # the same submission twice: the second changes nothing
        edit_hours(client, network, [(4, "14:00", "17:00")])

    assert HoursChange.objects.count() == 2
    assert len([m for m in mail.outbox if m.to == ["referent@example.org"]]) == 2


def test_an_exceptional_closure_is_not_a_change_of_hours(
    client, network, conseiller, django_capture_on_commit_callbacks
):
    client.force_login(conseiller)
    data = factories.structure_form_data(partners=[p.pk for p in network.partners.all()])
    existing = list(network.opening_hours.order_by("pk"))
    data |= {
        "horaires-TOTAL_FORMS": str(len(existing)),
        "horaires-INITIAL_FORMS": str(len(existing)),
        "fermetures-TOTAL_FORMS": "1",
        "fermetures-0-starts_on": "2026-12-24",
        "fermetures-0-ends_on": "2026-12-26",
        "fermetures-0-reason": "Fêtes",
    }
    for i, r in enumerate(existing):
        data |= {
            f"horaires-{i}-id": r.pk,
            f"horaires-{i}-weekday": r.weekday,
            f"horaires-{i}-opens": f"{r.opens:%H:%M}",
            f"horaires-{i}-closes": f"{r.closes:%H:%M}",
        }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("annuaire:structure_edit", kwargs={"slug": network.slug}), data)

    assert response.status_code == 302
    assert network.closures.count() == 1
    assert mail.outbox == []


def test_the_email_can_be_turned_off_in_my_account(
    client, network, conseiller, referent, django_capture_on_commit_callbacks
):
    client.force_login(referent)
    form = client.get(reverse("account")).context["email_form"]
    assert form["directory_hours_changes"].value() is True
    response = client.post(reverse("account"), {"form": "emails"})  # every box unticked
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=referent).hours_changes is False

    client.force_login(conseiller)
    with django_capture_on_commit_callbacks(execute=True):
        edit_hours(client, network, NEW_WEEK)

    assert "referent@example.org" not in recipients()
    assert "cpam@example.org" in recipients()


def test_only_referents_and_the_cci_are_offered_the_choice(client, conseiller, referent, animateur, pilotage):
    offered = {}
    for person in (conseiller, referent, animateur, pilotage):
        client.force_login(person)
        offered[person.email] = (
            "directory_hours_changes" in client.get(reverse("account")).context["email_form"].fields
        )
    assert offered == {
        "conseiller@example.org": False,
        "referent@example.org": True,
        "animateur@example.org": True,
        "pilotage@example.org": False,
    }


def test_nothing_is_sent_before_the_commit_nor_when_it_rolls_back(
    network, conseiller, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        recording_hours_changes(conseiller) as hours_changes,
    ):
        hours_changes.watch(network)
        OpeningHours.objects.filter(structure=network, weekday=2).delete()
    assert len(callbacks) == 1 and mail.outbox == []  # waiting for the commit

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        with recording_hours_changes(conseiller) as hours_changes:
            hours_changes.watch(network)
            OpeningHours.objects.filter(structure=network).delete()
        raise RuntimeError("the rest of the edit failed")
    assert callbacks == [] and mail.outbox == []
    assert HoursChange.objects.count() == 1  # only the first, committed, change
    assert network.opening_hours.count() == 2


def test_the_structure_page_shows_the_change_for_30_days(
    client, network, conseiller, pilotage, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(DECEMBER_2, tick=False)
    client.force_login(conseiller)
    with django_capture_on_commit_callbacks(execute=True):
        edit_hours(client, network, NEW_WEEK)

    client.force_login(pilotage)
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Horaires modifiés le 2\u00a0décembre 2026." in page
    assert "<li>Mardi&nbsp;: 9\u00a0h\u00a0– 12\u00a0h (au lieu de fermé)</li>" in page

    for days, shown in [(29, True), (31, False)]:
        time_machine.move_to(DECEMBER_2 + dt.timedelta(days=days), tick=False)
        client.force_login(pilotage)  # sessions end sooner than a month
        page = client.get(network.get_absolute_url()).content.decode()
        assert ("Horaires modifiés le 2\u00a0décembre 2026." in page) is shown, days


def test_a_structure_never_changed_shows_no_notice(client, network, pilotage):
    client.force_login(pilotage)
    assert "Horaires modifiés le" not in client.get(network.get_absolute_url()).content.decode()


def test_a_change_in_the_admin_is_told_too(client, network, animateur, django_capture_on_commit_callbacks):
    client.force_login(animateur)
    url = reverse("admin:annuaire_structure_change", args=[network.pk])
    page = client.get(url)
    data = admin_form_data(page)
    wednesday = next(key for key, value in data.items() if key.endswith("-weekday") and value == 2)
    data[wednesday.replace("-weekday", "-closes")] = "12:30"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    assert recipients() == {"referent@example.org", "cpam@example.org"}  # the author is not told
    assert HoursChange.objects.get().changed_by == animateur


def admin_form_data(response) -> dict:
    """What the admin change page posts when nothing is touched: the form and its inlines."""
    form = response.context["adminform"].form
    data = {}
    for formset in [form, *(inline.formset for inline in response.context["inline_admin_formsets"])]:
        forms = [formset] if formset is form else formset.forms
        if formset is not form:
            data |= {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        for each in forms:
            for name in each.fields:
                value = each[name].value()
                if value is None or value is False:
                    continue
                if isinstance(value, list):
                    value = [getattr(v, "pk", v) for v in value]
                elif isinstance(value, dt.time):
                    value = f"{value:%H:%M}"
                data[each.add_prefix(name)] = value
    return data


def test_the_refresh_import_sends_one_email_for_the_whole_file(
    network, partner, referent, animateur, django_capture_on_commit_callbacks
):
    other = factories.StructureFactory(name="France Services de Caussade", slug="caussade")
    other.partners.set([partner])
    factories.OpeningHoursFactory(structure=other, weekday=3)
    exported = StructureResource().export().csv
    changed = exported.replace("lun 09:00-12:00 14:00-17:00; mer 09:00-12:00", "lun 09:00-12:00").replace(
        "jeu 09:00-12:00", "jeu 09:00-12:00; ven 09:00-12:00"
    )
    assert changed != exported

    with django_capture_on_commit_callbacks(execute=True):
        preview = StructureResource().import_data(CSV().create_dataset(changed), dry_run=True, user=animateur)
    assert not preview.has_errors() and mail.outbox == [] and not HoursChange.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        result = StructureResource().import_data(CSV().create_dataset(changed), user=animateur)
    assert not result.has_errors() and not result.has_validation_errors()

    assert HoursChange.objects.count() == 2
    [message] = [m for m in mail.outbox if m.to == ["referent@example.org"]]
    assert message.subject == "[Extranet France Services 82] Horaires modifiés dans 2 structures"
    assert "France Services de Caussade" in message.body and "MSAP La Poste de Molières" in message.body
    [cpam] = [m for m in mail.outbox if m.to == ["cpam@example.org"]]  # CPAM is only at Molières
    assert "Caussade" not in cpam.body
    assert "animateur@example.org" not in recipients()  # the CCI agent who imported
