"""The login address comes from the list of authorised people: a member cannot change it, only the
CCI can (in the admin, audited), and password resets only ever go to it."""

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests import factories

RESET_LINK = "/comptes/password/reset/key/"


def reset_links_sent_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address] and RESET_LINK in m.body]


def ask_for_a_reset(address: str) -> None:
    Client().post(reverse("account_reset_password"), {"email": address})


@pytest.mark.parametrize(
    "data",
    [
        {"action_add": "", "email": "pirate@example.org"},
        {"action_primary": "", "email": "pirate@example.org"},
    ],
)
def test_a_member_cannot_add_an_address_nor_make_it_their_login(client, conseiller, data):
    client.force_login(conseiller)

    response = client.post("/comptes/email/", data)

    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    assert not EmailAddress.objects.filter(email="pirate@example.org").exists()
    conseiller.refresh_from_db()
    assert conseiller.email == "conseiller@example.org"
    # The session thief cannot take the account over through a password reset.
    ask_for_a_reset("pirate@example.org")
    ask_for_a_reset("conseiller@example.org")
    assert reset_links_sent_to("pirate@example.org") == []
    assert len(reset_links_sent_to("conseiller@example.org")) == 1


def test_the_address_page_only_says_who_changes_it(client, conseiller):
    client.force_login(conseiller)

    response = client.get("/comptes/email/", follow=True)

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("account")
    assert 'name="action_add"' not in content
    assert "seule la CCI" in content or "adressez-vous à l'animateur du réseau (CCI)" in content


def test_no_page_links_to_address_management(client, conseiller):
    client.force_login(conseiller)

    for url in (reverse("home"), reverse("account"), reverse("usersessions_list")):
        assert 'href="/comptes/email/"' not in client.get(url).content.decode()


def test_when_the_cci_changes_the_address_the_old_one_receives_no_reset_link(client, animateur, conseiller):
    # The address was verified through the invitation link, so allauth holds it in its own table.
    EmailAddress.objects.create(user=conseiller, email=conseiller.email, verified=True, primary=True)
    client.force_login(animateur)

    response = client.post(
        reverse("admin:extranet_user_change", args=[conseiller.pk]),
        factories.user_admin_form_data(conseiller, email="nouvelle.adresse@example.org"),
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(conseiller).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == animateur
    assert entry.changes_dict["email"] == ["conseiller@example.org", "nouvelle.adresse@example.org"]
    ask_for_a_reset("conseiller@example.org")
    ask_for_a_reset("nouvelle.adresse@example.org")
    assert reset_links_sent_to("conseiller@example.org") == []
    assert len(reset_links_sent_to("nouvelle.adresse@example.org")) == 1
