"""Behind the load balancer, rate limits and the audit log use the address the proxy saw, not the
balancer's own address (shared by everyone) nor the client-written part of X-Forwarded-For."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from tests.fresh_python import run_python

PROXY = "10.0.0.2"  # the load balancer: REMOTE_ADDR of every request
LOCKED = "Trop de tentatives de connexion échouées."
# allauth's per-address limit on failed logins (ACCOUNT_RATE_LIMITS["login_failed"]).
ATTEMPTS_PER_ADDRESS = 10


def behind_proxy(client_address: str, forged: str = "") -> Client:
    """A browser whose requests reach us through the load balancer, which appends `client_address`."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def fail_login(client: Client, number: int) -> str:
    response = client.post(
        reverse("account_login"), {"login": f"inconnu{number}@example.org", "password": "Mauvais-82"}
    )
    assert response.status_code in (200, 429)
    return response.content.decode()


@pytest.fixture
def one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_two_people_behind_the_same_proxy_are_limited_separately(one_proxy, db):
    first = behind_proxy("203.0.113.10")
    for number in range(ATTEMPTS_PER_ADDRESS):
        fail_login(first, number)
    assert LOCKED in fail_login(first, 99)

    second = behind_proxy("203.0.113.20")
    assert LOCKED not in fail_login(second, 100)


def test_a_forged_forwarded_address_does_not_escape_the_limit(one_proxy, db):
    for number in range(ATTEMPTS_PER_ADDRESS):
        fail_login(behind_proxy("203.0.113.10", forged=f"198.51.100.{number}"), number)

    assert LOCKED in fail_login(behind_proxy("203.0.113.10", forged="198.51.100.200"), 99)


def test_a_header_written_by_the_proxy_alone_can_name_the_client(settings, db):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for number in range(ATTEMPTS_PER_ADDRESS):
        fail_login(Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.10"), number)

    assert LOCKED in fail_login(Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.10"), 99)
    assert LOCKED not in fail_login(Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.20"), 100)


def test_the_audit_log_records_the_address_the_proxy_saw(one_proxy, animateur, pilotage):
    client = behind_proxy("203.0.113.10", forged="198.51.100.7")
    client.force_login(animateur)

    response = client.post(
        reverse("admin:extranet_user_change", args=[pilotage.pk]),
        {"email": pilotage.email, "role": pilotage.role, "job_title": "Cheffe de projet", "is_active": "on",
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(pilotage).get(action=LogEntry.Action.UPDATE)
    assert entry.remote_addr == "203.0.113.10"


def test_without_a_trusted_proxy_the_audit_log_ignores_forwarded_headers(animateur, pilotage):
    client = Client(REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    client.force_login(animateur)

    client.post(
        reverse("admin:extranet_user_change", args=[pilotage.pk]),
        {"email": pilotage.email, "role": pilotage.role, "job_title": "Cheffe de projet", "is_active": "on",
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"},
    )  # fmt: skip

    entry = LogEntry.objects.get_for_object(pilotage).get(action=LogEntry.Action.UPDATE)
    assert entry.remote_addr == "192.0.2.5"


def test_the_proxy_settings_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    debug = {"DJANGO_DEBUG": "1", "DJANGO_BEHIND_PROXY": "1"}

    assert run_python(code, **debug).stdout.split() == ["1", "None"]
    assert run_python(code, **debug, DJANGO_TRUSTED_PROXY_COUNT="2").stdout.split() == ["2", "None"]
    result = run_python(code, **debug, DJANGO_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    assert result.stdout.split() == ["1", "X-Real-IP"]
    assert run_python(code, **debug, DJANGO_TRUSTED_PROXY_COUNT="un").returncode != 0
