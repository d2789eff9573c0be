"""A person created by the CCI receives an invitation to choose their own password."""

import re

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

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
