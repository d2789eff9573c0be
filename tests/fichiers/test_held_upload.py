"""A file chosen on a form that is refused for another reason is not asked for again."""

import re

from django.urls import reverse

from fichiers.models import Document
from tests.error_summary import check_error_page
from tests.factories import PDF_BYTES, upload


def _held_token(content: str) -> str:
    return re.search(r'<input type="hidden" name="held_file" value="([^"]+)"', content).group(1)


def _leaflet_without_structure(**fields):
    return {"title": "Plaquette 2026", "category": "plaquette", "year": 2026} | fields


def test_refused_form_keeps_the_typed_text_and_the_chosen_file(client, conseiller, structure, stored_files):
    client.force_login(conseiller)
    url = reverse("fichiers:document_create")

    refused = client.post(url, _leaflet_without_structure(file=upload("plaquette été.pdf")))
    content = refused.content.decode()
    check_error_page(content)
    assert "Une plaquette indique la structure" in content
    assert 'value="Plaquette 2026"' in content
    assert "Fichier reçu\u00a0: « plaquette été.pdf »" in content
    assert not Document.objects.exists() and stored_files() == []

    # The member picks the structure and sends again, without choosing the file.
    response = client.post(
        url, _leaflet_without_structure(structure=structure.pk, held_file=_held_token(content))
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert document.structure == structure
    with document.current_version.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    # Once stored, the held file is gone: the token does not give it a second time.
    again = client.post(
        url, _leaflet_without_structure(structure=structure.pk, held_file=_held_token(content))
    )
    assert "Ce champ est obligatoire." in again.content.decode()


def test_a_held_file_is_only_given_back_to_its_member(client, conseiller, outsider, structure):
    client.force_login(conseiller)
    url = reverse("fichiers:document_create")
    token = _held_token(client.post(url, _leaflet_without_structure(file=upload())).content.decode())

    client.force_login(outsider)
    response = client.post(url, _leaflet_without_structure(structure=structure.pk, held_file=token))

    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Document.objects.exists()


def test_the_leaflet_rule_is_said_before_submitting(client, conseiller):
    client.force_login(conseiller)
    content = client.get(reverse("fichiers:document_create")).content.decode()
    assert (
        "Obligatoire pour une plaquette\u00a0: la structure (ou, à défaut, le partenaire) qu'elle présente."
        in content
    )
    assert 'aria-describedby="id_structure_helptext"' in content
