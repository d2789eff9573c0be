"""The Django admin is for CCI staff only, and only with a second factor (TOTP)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the `animateur` persona's secret


def current_totp_code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_without_second_factor_is_sent_to_totp_activation(client, db):
    staff = UserFactory(staff=True, email="nouvel-animateur@example.org")
    client.force_login(staff)

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password again before setting up a second factor…
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)

    # …then shows the activation form, with our explanation.
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    content = response.content.decode()
    assert "exige un second facteur" in content
    assert 'name="code"' in content


def test_staff_without_second_factor_cannot_reach_any_admin_page(client, db):
    staff = UserFactory(staff=True, email="nouvel-animateur@example.org")
    client.force_login(staff)

    response = client.get(reverse("admin:extranet_user_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_second_factor_reaches_the_admin(client, animateur):
    client.force_login(animateur)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Tableau de bord de l&#x27;animation (CCI)" in response.content.decode()


def test_non_staff_member_is_refused_from_the_admin(client, conseiller):
    client.force_login(conseiller)

    response = client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_staff_login_asks_for_the_totp_code_before_home(client, animateur):
    response = client.post(reverse("account_login"), {"login": "animateur@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(animateur.pk)
    assert client.get(reverse("admin:index")).status_code == 200
