"""Attaching catalogue files to a news item: a short list to tick, references to type, "Joindre à une
actualité" from a file's page; the server accepts only files the person may attach."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fichiers.forms import OWN_FILE_CHOICES, NewsForm, parse_file_references
from fichiers.models import News
from tests import factories

pytestmark = pytest.mark.django_db


def _news_data(**overrides):
    return {"title": "Titre", "body": "Texte", "category": "reseau", **overrides}


@pytest.fixture
def other_file(outsider):
    """A file of another structure: not offered to tick, attachable by reference."""
    structure = outsider.memberships.get().structure
    return factories.DocumentFactory(
        uploaded_by=outsider,
        with_version=True,
        title="Programme des permanences de Caussade",
        structure=structure,
    )


def _choices(form) -> set[str]:
    return {document.title for document in form.fields["files"].queryset}


def test_offers_own_recent_files_and_attached_ones_only(conseiller, structure, leaflet, other_file):
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Archivé",
        structure=structure,
        archived_at=timezone.now(),
    )
    assert _choices(NewsForm(user=conseiller)) == {"Plaquette de Molières"}

    news = factories.NewsFactory(author=conseiller)
    news.files.add(other_file)
    assert _choices(NewsForm(instance=news, user=conseiller)) == {
        "Plaquette de Molières",
        "Programme des permanences de Caussade",
    }


def test_own_files_offered_are_capped(conseiller, structure):
    for number in range(OWN_FILE_CHOICES + 3):
        factories.DocumentFactory(
            uploaded_by=conseiller, with_version=True, title=f"Fichier {number:02}", structure=structure
        )
    choices = _choices(NewsForm(user=conseiller))
    assert len(choices) == OWN_FILE_CHOICES
    assert f"Fichier {OWN_FILE_CHOICES + 2:02}" in choices  # the most recent ones
    assert "Fichier 00" not in choices


def test_referent_is_offered_the_partners_files(referent, partner, leaflet):
    guide = factories.DocumentFactory(
        uploaded_by=referent, with_version=True, title="Guide CAF", partner=partner
    )
    assert _choices(NewsForm(user=referent)) == {guide.title}


def test_ticking_a_file_that_was_not_offered_is_refused(client, conseiller, other_file):
    client.force_login(conseiller)
    response = client.post(reverse("fichiers:news_create"), _news_data(files=[other_file.pk]))
    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not News.objects.exists()


def test_attach_by_reference_or_page_address(client, conseiller, leaflet, other_file):
    third = factories.DocumentFactory(
        uploaded_by=None,
        with_version=True,
        title="Rapport d'activité",
        structure=factories.StructureFactory(),
    )
    page = f"https://extranet.example.org{third.get_absolute_url()}"
    client.force_login(conseiller)
    response = client.post(
        reverse("fichiers:news_create"),
        _news_data(
            files=[leaflet.pk],
            other_files=f"{other_file.pk}, {page}  {leaflet.pk}",
        ),
    )
    assert response.status_code == 302
    assert set(News.objects.get().files.all()) == {leaflet, other_file, third}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("999999", "Aucun fichier en cours du catalogue ne porte la référence 999999"),
        ("archived", "Aucun fichier en cours du catalogue ne porte la référence"),
        ("plaquette", "Ce ne sont pas des références de fichiers : « plaquette »"),
        ("١٢", "Ce ne sont pas des références de fichiers"),
    ],
)
def test_refused_references(client, conseiller, structure, typed, message):
    archived = factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Archivé",
        structure=structure,
        archived_at=timezone.now(),
    )
    typed = str(archived.pk) if typed == "archived" else typed
    client.force_login(conseiller)
    response = client.post(reverse("fichiers:news_create"), _news_data(other_files=typed))
    assert response.status_code == 200
    assert message in response.context["form"].errors["other_files"][0]
    assert not News.objects.exists()


def test_parse_file_references():
    assert parse_file_references(" 12,13 ;12\n/publications/fichiers/7/ ") == [12, 13, 7]
    assert parse_file_references("") == []


def test_editing_keeps_an_attached_file_that_was_archived_since(client, conseiller, news_item, structure):
    archived = factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Archivé",
        structure=structure,
        archived_at=timezone.now(),
    )
    news_item.files.add(archived)
    client.force_login(conseiller)
    response = client.post(
        reverse("fichiers:news_edit", args=[news_item.pk]), _news_data(files=[archived.pk])
    )
    assert response.status_code == 302
    assert list(news_item.files.all()) == [archived]


def test_attach_from_the_file_page(client, conseiller, other_file):
    client.force_login(conseiller)
    page = client.get(other_file.get_absolute_url()).content.decode()
    url = f"{reverse('fichiers:news_create')}?fichier={other_file.pk}"
    assert f'href="{url}"' in page
    assert "Joindre à une actualité" in page

    form = client.get(url).context["form"]
    assert other_file in form.fields["files"].queryset
    assert form.initial["files"] == [other_file]
    assert client.post(url, _news_data(files=[other_file.pk])).status_code == 302
    assert list(News.objects.get().files.all()) == [other_file]


def test_attach_from_the_page_ignores_an_archived_or_unknown_file(client, conseiller, structure):
    archived = factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Archivé",
        structure=structure,
        archived_at=timezone.now(),
    )
    client.force_login(conseiller)
    assert "Joindre à une actualité" not in client.get(archived.get_absolute_url()).content.decode()
    for value in (archived.pk, "999999", "abc"):
        form = client.get(reverse("fichiers:news_create"), {"fichier": value}).context["form"]
        assert archived not in form.fields["files"].queryset
        assert not form.initial["files"]


def test_no_attach_button_for_readers(client, pilotage, leaflet):
    client.force_login(pilotage)
    assert "Joindre à une actualité" not in client.get(leaflet.get_absolute_url()).content.decode()


def _add_files(author, structure, count):
    for number in range(count):
        factories.DocumentFactory(
            uploaded_by=author, with_version=True, title=f"Fichier {number}", structure=structure
        )
        factories.DocumentFactory(
            uploaded_by=None,
            with_version=True,
            title=f"Ailleurs {number}",
            structure=factories.StructureFactory(),
        )


# Session, user, the person's affiliations (one query, annuaire.affiliations), the structures and
# partners offered as source, the files
# offered (own ones, attached ones and the chosen one in one query), the usage counter; editing adds
# the news item and the files already attached (the form's initial value).
@pytest.mark.parametrize(("edit", "expected"), [(False, 7), (True, 9)])
def test_news_form_query_count_is_pinned(client, conseiller, structure, edit, expected, queries_stay_flat):
    news = factories.NewsFactory(author=conseiller, structure=structure)
    url = reverse("fichiers:news_edit", args=[news.pk]) if edit else reverse("fichiers:news_create")
    client.force_login(conseiller)
    _add_files(conseiller, structure, 3)
    news.files.add(
        factories.DocumentFactory(
            uploaded_by=None, with_version=True, title="Joint", structure=factories.StructureFactory()
        )
    )
    client.get(url)
    assert queries_stay_flat(url, lambda: _add_files(conseiller, structure, 40)) == expected
