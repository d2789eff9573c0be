"""Fixtures shared by the whole suite: personas per role, and strict templates."""

import smtplib

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from extranet.enums import Role
from tests import factories


class UndefinedVariable(str):
    """`string_if_invalid` that makes any undefined template variable fail the test."""

    def __mod__(self, other):
        raise AssertionError(f"Undefined template variable: {other!r}")


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    engine = engines["django"].engine
    previous = engine.string_if_invalid
    engine.string_if_invalid = UndefinedVariable("%s")
    yield
    engine.string_if_invalid = previous


@pytest.fixture
def structure(db):
    return factories.StructureFactory(name="MSAP La Poste de Molières", slug="msap-molieres")


@pytest.fixture
def partner(db):
    return factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF", slug="caf")


@pytest.fixture
def conseiller(structure):
    return factories.counsellor(structure=structure, email="conseiller@example.org")


@pytest.fixture
def referent(partner):
    return factories.referent(partner=partner, email="referent@example.org")


@pytest.fixture
def itinerant(db):
    user = factories.UserFactory(role=Role.ITINERANT, email="itinerant@example.org")
    factories.MembershipFactory(user=user, structure=factories.StructureFactory(kind="itinerante"))
    return user


@pytest.fixture
def guichet(db):
    """The town-hall secretariat of a commune, booking home visits."""
    commune = factories.CommuneFactory(name="Lavit", insee_code="82097", postal_code="82120")
    return factories.guichet(commune=commune, email="mairie-lavit@example.org")


@pytest.fixture
def pilotage(db):
    return factories.UserFactory(role=Role.PILOTAGE, email="pilotage@example.org")


@pytest.fixture
def animateur(db):
    """A CCI agent with staff access and a TOTP second factor already set up."""
    user = factories.UserFactory(staff=True, email="animateur@example.org")
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


@pytest.fixture
def outsider(db):
    """A member of another structure, for the 'cannot touch what is not theirs' tests."""
    return factories.counsellor(email="autre@example.org")


@pytest.fixture
def smtp_down(monkeypatch):
    """The mail server refuses every message (the test e-mail backend raises as SMTP would)."""

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connexion perdue")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` makes what is written inside a committed change, as a request's would be:
    the fragment topics it touches get new versions (extranet/fragments.py). The test's own transaction
    never commits, and until it does the connection that wrote renders without the cache."""

    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    return commit


@pytest.fixture
def queries_stay_flat(client):
    """Checks that a page costs the same number of queries with little and with much data (no N+1).

    `queries_stay_flat(url, grow, params=None, visits=1)` counts the queries of a GET of `url` (it must
    answer 200), calls `grow()` to add data, counts again, asserts both counts are equal and returns
    the count, for the tests that also pin it. With `visits=2` each count is that of a second visit,
    for pages that write something on the first one (read tracking, a cache).
    """

    def count(url, params, visits) -> int:
        for _ in range(visits - 1):
            client.get(url, params)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return len(queries)

    def check(url, grow, params=None, visits=1) -> int:
        small = count(url, params or {}, visits)
        grow()
        large = count(url, params or {}, visits)
        assert large == small, f"{url}: {small} queries with little data, {large} with more"
        return small

    # The counter alone, for the tests that compare pages with each other rather than two sizes.
    check.count = lambda url, params=None, visits=1: count(url, params or {}, visits)
    return check
