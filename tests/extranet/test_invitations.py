"""A person created by the CCI receives an invitation to choose their own password."""

import re

import tablib
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from annuaire.resources import AuthorisedPersonResource
from extranet.enums import Role
from extranet.models import User

NEW_PASSWORD = "Ma phrase de passe compte bien sept mots"


def add_user_in_admin(client, **data):
    form = {
        "email": "nouvelle@example.org",
        "first_name": "Nadia",
        "last_name": "Nouvelle",
        "role": Role.PILOTAGE,
        "job_title": "",
        "phone": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **data,
    }
    return client.post(reverse("admin:extranet_user_add"), form)


def invitation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/comptes/password/reset/key/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_creating_a_user_in_the_admin_sends_an_invitation(
    client, animateur, django_capture_on_commit_callbacks
):
    client.force_login(animateur)

    with django_capture_on_commit_callbacks(execute=True):
        response = add_user_in_admin(client)

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert not user.has_usable_password()
    assert user.invited_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@example.org"]
    assert message.subject == "[Extranet France Services 82] Votre accès à l'extranet du réseau"
    assert "Pour choisir votre mot de passe" in message.body
    assert invitation_path(message)
    html = message.alternatives[0][0]
    assert invitation_path(message) in html


def test_the_invitation_contains_no_password(client, animateur, django_capture_on_commit_callbacks):
    client.force_login(animateur)

    with django_capture_on_commit_callbacks(execute=True):
        add_user_in_admin(client, password="Secret-qui-ne-doit-pas-fuir-82")

    user = User.objects.get(email="nouvelle@example.org")
    assert not user.has_usable_password()
    message = mail.outbox[0]
    assert "Secret-qui-ne-doit-pas-fuir-82" not in message.body
    assert "mot de passe :" not in message.body.lower()


def test_invitation_link_lets_the_person_choose_a_password_once(
    client, animateur, django_capture_on_commit_callbacks
):
    client.force_login(animateur)
    with django_capture_on_commit_callbacks(execute=True):
        add_user_in_admin(client)
    client.logout()
    link = invitation_path(mail.outbox[0])

    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    response = client.post(
        reverse("account_login"), {"login": "nouvelle@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert client.session[SESSION_KEY] == str(user.pk)
    client.logout()

    # The link was for one use: it no longer offers to set a password.
    response = client.get(link, follow=True)
    content = response.content.decode()
    assert 'name="password1"' not in content
    assert response.context["token_fail"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_no_invitation_is_sent_when_the_form_is_invalid(
    client, animateur, django_capture_on_commit_callbacks
):
    client.force_login(animateur)

    with django_capture_on_commit_callbacks(execute=True):
        response = add_user_in_admin(client, email="pas-une-adresse")

    assert response.status_code == 200
    assert not User.objects.filter(first_name="Nadia").exists()
    assert mail.outbox == []


def test_invite_action_sends_the_invitation_again(
    client, animateur, conseiller, django_capture_on_commit_callbacks
):
    client.force_login(animateur)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:extranet_user_changelist"),
            {"action": "invite", "_selected_action": [conseiller.pk]},
        )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["conseiller@example.org"]]


def test_invited_staff_enrol_totp_and_reach_the_admin(client, structure, django_capture_on_commit_callbacks):
    """The whole path of a new CCI agent: the import, the invitation, a password, TOTP, the admin."""
    dataset = tablib.Dataset(
        ["agent.cci@example.org", "Agnès", "Cci", "animateur", "Animatrice", "", "", ""],
        headers=["email", "prenom", "nom", "role", "fonction", "telephone", "structure", "partenaire"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = AuthorisedPersonResource().import_data(dataset, raise_errors=False)
    assert not result.has_validation_errors()
    # The import never grants the admin: the CCI ticks it in the person's record.
    User.objects.filter(email="agent.cci@example.org").update(is_staff=True, is_superuser=True)
    [invitation] = mail.outbox

    form_url = client.get(invitation_path(invitation))["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = client.post(
        reverse("account_login"), {"login": "agent.cci@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302

    # The admin sends them to the second factor; allauth asks for the password again, then offers
    # the activation (it used to send them back: « verify your e-mail address first »).
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    reauthenticate = client.get(reverse("mfa_activate_totp"))["Location"]
    page = client.post(reauthenticate, {"password": NEW_PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert 'name="code"' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302

    assert client.get(reverse("admin:index")).status_code == 200
