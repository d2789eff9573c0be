"""Who may write and download what: every write view and every download, for every persona."""

import pytest
from django.urls import reverse

from fichiers.models import Document, News
from tests import factories
from tests.factories import upload

pytestmark = pytest.mark.django_db


def _news_data(**overrides):
    return {"title": "Titre", "body": "Texte", "category": "reseau", **overrides}


def _document_data(**overrides):
    return {"title": "Plaquette", "category": "autre", "year": 2026, **overrides}


# --- Anonymous visitors: every page sends them to the login page, every download too. ----------------


@pytest.mark.parametrize(
    ("url_name", "needs_pk"),
    [
        ("fichiers:news_list", False),
        ("fichiers:news_archive", False),
        ("fichiers:news_create", False),
        ("fichiers:news_detail", "news"),
        ("fichiers:news_edit", "news"),
        ("fichiers:document_list", False),
        ("fichiers:document_archive", False),
        ("fichiers:document_create", False),
        ("fichiers:document_detail", "document"),
        ("fichiers:document_edit", "document"),
        ("fichiers:version_create", "document"),
        ("fichiers:download", "version"),
        ("fichiers:thumbnail", "version"),
        ("fichiers:digest_preferences", False),
    ],
)
def test_anonymous_is_sent_to_login(client, news_item, leaflet, url_name, needs_pk):
    pk = {"news": news_item.pk, "document": leaflet.pk, "version": leaflet.current_version.pk}.get(needs_pk)
    url = reverse(url_name, args=[pk] if pk else [])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_cannot_search(client):
    assert client.get(reverse("search"), {"q": "plaquette"}).status_code == 302


# --- News ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["conseiller", "referent", "itinerant", "animateur"])
def test_publishers_can_create_news(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(reverse("fichiers:news_create"), _news_data())
    assert response.status_code == 302
    assert News.objects.get().author == user


def test_pilotage_cannot_publish(client, pilotage):
    client.force_login(pilotage)
    assert client.get(reverse("fichiers:news_create")).status_code == 403
    assert client.post(reverse("fichiers:news_create"), _news_data()).status_code == 403
    assert client.post(reverse("fichiers:document_create"), _document_data(file=upload())).status_code == 403
    assert not News.objects.exists() and not Document.objects.exists()


def test_author_edits_own_news(client, conseiller, news_item):
    client.force_login(conseiller)
    response = client.post(reverse("fichiers:news_edit", args=[news_item.pk]), _news_data(title="Corrigé"))
    assert response.status_code == 302
    news_item.refresh_from_db()
    assert news_item.title == "Corrigé"


@pytest.mark.parametrize("persona", ["outsider", "referent", "pilotage", "itinerant"])
def test_others_cannot_edit_news(client, request, news_item, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("fichiers:news_edit", args=[news_item.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _news_data(title="Piraté")).status_code == 403
    news_item.refresh_from_db()
    assert news_item.title == "Nouveaux horaires à Molières"


def test_staff_edits_any_news_and_pins(client, animateur, news_item):
    client.force_login(animateur)
    response = client.post(reverse("fichiers:news_edit", args=[news_item.pk]), _news_data(is_pinned="on"))
    assert response.status_code == 302
    news_item.refresh_from_db()
    assert news_item.is_pinned
    assert news_item.author.email == "conseiller@example.org"  # the author stays the author


def test_non_staff_cannot_pin(client, conseiller):
    client.force_login(conseiller)
    client.post(reverse("fichiers:news_create"), _news_data(is_pinned="on"))
    assert not News.objects.get().is_pinned


def test_source_must_be_ones_own_structure(client, conseiller):
    other = factories.StructureFactory()
    client.force_login(conseiller)
    response = client.post(reverse("fichiers:news_create"), _news_data(structure=other.pk))
    assert response.status_code == 200
    assert "structure" in response.context["form"].errors
    assert not News.objects.exists()


def test_referent_names_own_partner(client, referent, partner):
    client.force_login(referent)
    response = client.post(
        reverse("fichiers:news_create"), _news_data(category="partenaires", partner=partner.pk)
    )
    assert response.status_code == 302
    assert News.objects.get().partner == partner


def test_unknown_news_is_404(client, conseiller):
    client.force_login(conseiller)
    assert client.get(reverse("fichiers:news_detail", args=[999])).status_code == 404
    assert client.get(reverse("fichiers:news_edit", args=[999])).status_code == 404


# --- Files -----------------------------------------------------------------------------------------


def test_counsellor_uploads_own_leaflet(client, conseiller, structure):
    client.force_login(conseiller)
    response = client.post(
        reverse("fichiers:document_create"),
        _document_data(category="plaquette", structure=structure.pk, file=upload()),
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert document.uploaded_by == conseiller
    assert document.current_version.original_name == "plaquette.pdf"


def test_cannot_upload_for_another_structure(client, conseiller):
    other = factories.StructureFactory()
    client.force_login(conseiller)
    response = client.post(
        reverse("fichiers:document_create"), _document_data(structure=other.pk, file=upload())
    )
    assert response.status_code == 200
    assert "structure" in response.context["form"].errors
    assert not Document.objects.exists()


def test_colleague_of_the_structure_edits_its_file(client, structure, leaflet):
    colleague = factories.counsellor(structure=structure)
    client.force_login(colleague)
    response = client.post(reverse("fichiers:version_create", args=[leaflet.pk]), {"file": upload("v2.pdf")})
    assert response.status_code == 302
    assert leaflet.versions.count() == 2


@pytest.mark.parametrize("persona", ["outsider", "referent", "pilotage"])
def test_others_cannot_change_a_file(client, request, leaflet, structure, persona):
    client.force_login(request.getfixturevalue(persona))
    edit = reverse("fichiers:document_edit", args=[leaflet.pk])
    new_version = reverse("fichiers:version_create", args=[leaflet.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, _document_data(title="Piraté", structure=structure.pk)).status_code == 403
    assert client.get(new_version).status_code == 403
    assert client.post(new_version, {"file": upload("v2.pdf")}).status_code == 403
    leaflet.refresh_from_db()
    assert leaflet.title == "Plaquette de Molières"
    assert leaflet.versions.count() == 1


def test_staff_edits_any_file(client, animateur, leaflet, structure):
    client.force_login(animateur)
    response = client.post(
        reverse("fichiers:document_edit", args=[leaflet.pk]),
        _document_data(title="Plaquette 2026", category="plaquette", structure=structure.pk),
    )
    assert response.status_code == 302
    leaflet.refresh_from_db()
    assert leaflet.title == "Plaquette 2026"


# --- Downloads: every member may download the network's files; nobody else. ------------------------


@pytest.mark.parametrize(
    "persona", ["conseiller", "outsider", "referent", "itinerant", "pilotage", "animateur"]
)
def test_every_member_downloads(client, request, leaflet, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("fichiers:download", args=[leaflet.current_version.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_inactive_account_cannot_download(client, leaflet):
    user = factories.UserFactory(inactive=True)
    client.force_login(user)
    response = client.get(reverse("fichiers:download", args=[leaflet.current_version.pk]))
    # A deactivated account is no longer signed in: sent to the login page, like a visitor.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_version_is_404(client, conseiller):
    client.force_login(conseiller)
    assert client.get(reverse("fichiers:download", args=[999])).status_code == 404
    assert client.get(reverse("fichiers:thumbnail", args=[999])).status_code == 404


def test_no_media_url_is_served(client, conseiller, leaflet):
    client.force_login(conseiller)
    assert client.get("/media/" + leaflet.current_version.file.name).status_code == 404


def test_colleague_keeps_a_source_they_do_not_belong_to(client, structure, partner, conseiller):
    document = factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Permanence CAF",
        structure=structure,
        partner=partner,
    )
    colleague = factories.counsellor(structure=structure)
    client.force_login(colleague)
    response = client.post(
        reverse("fichiers:document_edit", args=[document.pk]),
        _document_data(title="Permanence CAF 2026", structure=structure.pk, partner=partner.pk),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.partner) == ("Permanence CAF 2026", partner)
    # …but cannot pick another partner.
    other = factories.PartnerFactory()
    response = client.post(
        reverse("fichiers:document_edit", args=[document.pk]),
        _document_data(structure=structure.pk, partner=other.pk),
    )
    assert "partner" in response.context["form"].errors


@pytest.mark.parametrize(
    ("category", "field"), [("documentation_partenaire", "partner"), ("plaquette", "structure")]
)
def test_category_needs_its_source(client, conseiller, category, field):
    client.force_login(conseiller)
    response = client.post(
        reverse("fichiers:document_create"), _document_data(category=category, file=upload())
    )
    assert field in response.context["form"].errors
    assert not Document.objects.exists()
