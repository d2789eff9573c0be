from unittest import mock

from django.db import OperationalError
from django.urls import reverse


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_answers_503_when_the_database_fails(client, db):
    with mock.patch("extranet.views.connection.cursor", side_effect=OperationalError("base injoignable")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert "database" in response.json()["failing"]


def test_healthz_answers_any_host(client, db):
    """Load balancers call each host by its internal address."""
    response = client.get(reverse("healthz"), HTTP_HOST="10.0.0.12:8000")

    assert response.status_code == 200
