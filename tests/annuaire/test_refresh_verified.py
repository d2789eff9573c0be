"""The yearly refresh may stamp what it imports as verified today: a box on the admin confirmation."""

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from annuaire.models import Partner, Referent
from tests import factories

pytestmark = pytest.mark.django_db


def preview(client, model_name: str, text: str):
    upload = SimpleUploadedFile("fichier.csv", text.encode("utf-8"), content_type="text/csv")
    url = reverse(f"admin:annuaire_{model_name}_import")
    return client.post(url, {"format": "0", "import_file": upload, "resource": "0"})


def confirm(client, model_name: str, response, **extra):
    data = dict(response.context["confirm_form"].initial) | extra
    return client.post(reverse(f"admin:annuaire_{model_name}_process_import"), data)


@pytest.fixture
def partners(db):
    caf = factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF", slug="caf")
    msa = factories.PartnerFactory(name="Mutualité sociale agricole", acronym="MSA", slug="msa")
    return caf, msa


PARTNERS_FILE = (
    "slug;nom;sigle\ncaf;Caisse d'allocations familiales;CAF\nmsa;Mutualité sociale agricole (MSA);MSA\n"
)


def test_the_confirmation_offers_the_box_and_the_stamp_is_audited(client, animateur, partners):
    client.force_login(animateur)
    response = preview(client, "partner", PARTNERS_FILE)
    assert "Marquer les fiches de ce fichier comme vérifiées aujourd&#x27;hui" in response.content.decode()
    assert Partner.objects.filter(verified_at__isnull=False).count() == 0  # the preview stamps nothing

    assert confirm(client, "partner", response, mark_verified="on").status_code == 302

    # Changed (MSA) or not (CAF), every record of the file is stamped today, by the CCI agent.
    for partner in Partner.objects.all():
        assert timezone.localdate(partner.verified_at) == timezone.localdate()
        assert partner.verified_by == animateur
        updates = LogEntry.objects.get_for_object(partner).filter(action=LogEntry.Action.UPDATE)
        [stamp] = [entry for entry in updates if "verified_at" in entry.changes_dict]
        assert stamp.actor == animateur


def test_without_the_box_nothing_is_stamped(client, animateur, partners):
    client.force_login(animateur)

    confirm(client, "partner", preview(client, "partner", PARTNERS_FILE))

    assert Partner.objects.get(slug="msa").name == "Mutualité sociale agricole (MSA)"
    assert not Partner.objects.filter(verified_at__isnull=False).exists()


def test_stamping_a_partner_file_does_not_stamp_its_referents(client, animateur, partners):
    referent = factories.PartnerReferentFactory(partner=partners[0])
    client.force_login(animateur)

    confirm(client, "partner", preview(client, "partner", PARTNERS_FILE), mark_verified="on")

    assert Referent.objects.get(pk=referent.pk).verified_at is None


def test_the_referents_file_stamps_its_rows_but_not_the_deleted_ones(client, animateur, partners):
    kept = factories.PartnerReferentFactory(partner=partners[0], full_name="Anne Exemple")
    factories.PartnerReferentFactory(partner=partners[0], full_name="Paul Parti")
    client.force_login(animateur)
    text = "partenaire;nom;territoire;supprimer\ncaf;Anne Exemple;Tout le 82;\ncaf;Paul Parti;Nord;oui\n"

    confirm(client, "referent", preview(client, "referent", text), mark_verified="on")

    kept.refresh_from_db()
    assert kept.verified_by == animateur
    assert not Referent.objects.filter(full_name="Paul Parti").exists()


def test_communes_have_no_stamp_and_no_box(client, animateur):
    client.force_login(animateur)

    response = preview(client, "commune", "code_insee;nom;code_postal\n82127;Molières;82220\n")

    assert "mark_verified" not in response.content.decode()
