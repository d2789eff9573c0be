"""Password reset by e-mail, password change and the CNIL password rules."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD

NEW_PASSWORD = "Sept mots pour une phrase de passe solide"


def reset_link_from(message) -> str:
    match = re.search(r"https?://[^/\s]+(/comptes/password/reset/key/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_by_email_lets_the_person_choose_a_new_password(client, conseiller):
    response = client.post(reverse("account_reset_password"), {"email": "conseiller@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["conseiller@example.org"]

    form_url = client.get(reset_link_from(mail.outbox[0]))["Location"]  # allauth hides the key
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    response = client.post(
        reverse("account_login"), {"login": "conseiller@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(conseiller.pk)


def test_password_reset_for_an_unknown_address_sends_no_reset_link(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "inconnu@example.org"})

    # Same answer as for a known address (no account enumeration), and no usable link.
    assert response.status_code == 302
    assert all("/password/reset/key/" not in message.body for message in mail.outbox)


@pytest.mark.parametrize(
    "password",
    [
        "Court-1!",  # too short
        "motdepassemotdepasse",  # long but one class, and not a passphrase
        "Password1234",  # 12 characters but only three classes
        "azertyuiop",  # common
    ],
)
def test_weak_password_is_refused_with_a_french_message_on_reset(client, conseiller, password):
    client.post(reverse("account_reset_password"), {"email": "conseiller@example.org"})
    form_url = client.get(reset_link_from(mail.outbox[0]))["Location"]

    response = client.post(form_url, {"password1": password, "password2": password})

    assert response.status_code == 200
    assert "Votre mot de passe doit compter au moins 12 caractères" in response.content.decode()
    conseiller.refresh_from_db()
    assert conseiller.check_password(PASSWORD)


@pytest.mark.parametrize(
    "password",
    [
        NEW_PASSWORD,  # a passphrase of seven words
        "Tarn&Garonne82",  # 14 characters, four classes
        "MontaubanQuercy2025",  # 14+ characters, three classes including digits
    ],
)
def test_strong_passwords_are_accepted(client, conseiller, password):
    validate_password(password)  # raises ValidationError, with the reasons, for a refused password

    client.force_login(conseiller)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": password, "password2": password},
    )

    assert response.status_code == 302
    conseiller.refresh_from_db()
    assert conseiller.check_password(password)


def test_common_password_is_refused_even_when_long_enough(db):
    with pytest.raises(ValidationError) as excinfo:
        validate_password("Megaparol12345")  # 14 characters, three classes

    assert "Ce mot de passe est trop courant." in excinfo.value.messages


def test_password_change_view_changes_the_password(client, conseiller):
    client.force_login(conseiller)
    new = "Une autre phrase de passe de sept mots"

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )

    assert response.status_code == 302
    conseiller.refresh_from_db()
    assert conseiller.check_password(new)
    assert client.session[SESSION_KEY] == str(conseiller.pk)  # still logged in


def test_password_change_refuses_a_weak_password_in_french(client, conseiller):
    client.force_login(conseiller)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "faible", "password2": "faible"},
    )

    assert response.status_code == 200
    assert "Votre mot de passe doit compter au moins 12 caractères" in response.content.decode()
    conseiller.refresh_from_db()
    assert conseiller.check_password(PASSWORD)
