"""Logging in and out with an e-mail address and a password, through allauth's real views."""

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from extranet.models import User
from tests.factories import PASSWORD, UserFactory


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_page_is_in_french(client, db):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Connexion à l'extranet" in content
    assert "Se connecter" in content


def test_login_with_email_and_password_leads_home(client, conseiller):
    response = login(client, "conseiller@example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(conseiller.pk)


def test_login_ignores_the_case_of_the_email(client, conseiller):
    response = login(client, "Conseiller@Example.org", PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(conseiller.pk)


def test_wrong_password_is_refused_in_french(client, conseiller):
    response = login(client, "conseiller@example.org", "Pas-le-bon-mot-de-passe-82")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, conseiller):
    client.force_login(conseiller)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))


def test_logout_by_get_does_not_log_out(client, conseiller):
    client.force_login(conseiller)

    client.get(reverse("account_logout"))

    assert client.session[SESSION_KEY] == str(conseiller.pk)


def test_inactive_user_cannot_log_in(client, db):
    UserFactory(email="parti@example.org", inactive=True)

    response = login(client, "parti@example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert SESSION_KEY not in client.session
    assert "Ce compte est inactif." in client.get(response["Location"]).content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))


def test_failed_logins_lock_the_account_even_with_the_right_password(client, conseiller):
    for _ in range(5):
        assert login(client, "conseiller@example.org", "Mauvais-mot-de-passe-82").status_code == 200

    response = login(client, "conseiller@example.org", PASSWORD)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "Trop de tentatives de connexion échouées." in response.content.decode()


def test_failed_logins_on_another_account_do_not_lock_this_one(client, conseiller):
    UserFactory(email="voisin@example.org")
    for _ in range(5):
        login(client, "voisin@example.org", "Mauvais-mot-de-passe-82")

    response = login(client, "conseiller@example.org", PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(conseiller.pk)


def test_there_is_no_public_signup(client, db):
    data = {"email": "intrus@example.org", "password1": "Une phrase de passe bien longue pour entrer ici"}

    get_response = client.get(reverse("account_signup"), follow=True)
    post_response = client.post(reverse("account_signup"), data, follow=True)

    assert not User.objects.filter(email="intrus@example.org").exists()
    assert SESSION_KEY not in client.session
    for response in (get_response, post_response):
        content = response.content.decode()
        assert "Inscriptions fermées" in content
        assert 'name="password1"' not in content
