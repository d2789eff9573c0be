"""Error pages in French, inside the layout (the test client runs with DEBUG off)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import path
from django.views.defaults import server_error

from extranet.urls import urlpatterns as project_urlpatterns


def forbidden(request):
    raise PermissionDenied


# A tiny URLconf for these tests: the project's URLs plus a view that refuses everyone.
urlpatterns = [path("interdit/", forbidden), *project_urlpatterns]


def test_404_is_in_french_inside_the_layout(client, conseiller):
    client.force_login(conseiller)

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content
    assert "Aller au contenu" in content  # the layout's skip link
    assert "Mentions légales" in content


def test_404_for_an_anonymous_visitor_is_in_french_too(client, db):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.urls("tests.extranet.test_errors")
def test_403_is_in_french_inside_the_layout(client, conseiller):
    client.force_login(conseiller)

    response = client.get("/interdit/")

    assert response.status_code == 403
    content = response.content.decode()
    assert "Accès refusé" in content
    assert "Aller au contenu" in content
    assert "Se déconnecter" in content


def test_500_renders_without_a_request_context(db):
    request = RequestFactory().get("/")

    response = server_error(request)

    assert response.status_code == 500
    content = response.content.decode()
    assert "Erreur du serveur" in content
    assert '<html lang="fr">' in content
    assert "/static/css/extranet.css" in content
