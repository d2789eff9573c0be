from unittest import mock
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
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


@pytest.mark.django_db(
    transaction=True
)  # no test transaction: requests open and close connections as in production
def test_a_database_connection_cut_by_the_server_costs_no_later_request():
    """The fault drill (`make faults`) cuts every connection of the site with pg_terminate_backend:
    only the requests under way may fail. A worker's persistent connection (CONN_MAX_AGE) is checked
    when the next request starts (CONN_HEALTH_CHECKS) and replaced, instead of failing that request."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite opens a connection per request")
    assert wsgi_get("/healthz").startswith("200")
    assert connection.connection is not None  # kept for the next request
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], password=params["PASSWORD"],
        dbname=params["NAME"], autocommit=True,
    ) as other:  # fmt: skip
        other.execute("select pg_terminate_backend(%s)", [connection.connection.info.backend_pid])

    assert wsgi_get("/healthz").startswith("200")


def wsgi_get(path: str) -> str:
    """A GET through the WSGI entry point as gunicorn calls it, with the connection handling of a
    request (which the test client leaves out)."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    statuses = []
    WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    return statuses[0]
