"""The yearly list of authorised people handles departures: the preview lists the active accounts absent
from the new list, and the same confirmation may deactivate them (sessions ended, nothing deleted)."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from extranet.models import User
from tests import factories
from tests.extranet.test_import import GOOD_ROWS, admin_import, csv_bytes, run_import
from tests.factories import PASSWORD


def confirm_import(client, preview, **extra):
    data = dict(preview.context["confirm_form"].initial) | extra
    return client.post(reverse("admin:extranet_user_process_import"), data)


@pytest.fixture
def listed(structure, partner, django_capture_on_commit_callbacks):
    """Last year's list imported; then someone who left (not in this year's list) logged in."""
    with django_capture_on_commit_callbacks(execute=True):
        run_import(GOOD_ROWS)
    return factories.counsellor(structure=structure, email="partie@example.org", last_name="Partie")


def test_the_preview_lists_active_accounts_absent_from_the_file(client, animateur, listed, outsider):
    factories.UserFactory(email="deja.inactive@example.org", inactive=True)
    client.force_login(animateur)

    response = admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv")

    absent = response.context["result"].absent_accounts
    # Neither the CCI's account nor an inactive one; the accounts named by the file are not absent.
    assert {user.email for user in absent} == {"partie@example.org", "autre@example.org"}
    content = response.content.decode()
    assert "partie@example.org" in content and "Désactiver les comptes absents" in content
    assert User.objects.get(email="partie@example.org").is_active  # a preview changes nothing


def test_confirming_with_the_box_deactivates_them_and_ends_their_sessions(
    client, animateur, listed, django_capture_on_commit_callbacks
):
    member = Client()
    member.post(reverse("account_login"), {"login": "partie@example.org", "password": PASSWORD})
    assert member.get(reverse("home")).status_code == 200
    client.force_login(animateur)
    preview = admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv")

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_import(client, preview, deactivate_absent="on")

    assert response.status_code == 302
    person = User.objects.get(email="partie@example.org")
    assert not person.is_active
    assert member.get(reverse("home")).status_code == 302  # logged out at once
    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert entry.actor == animateur and entry.changes_dict["is_active"] == ["True", "False"]
    assert person.memberships.exists()  # nothing deleted
    assert User.objects.get(email="animateur@example.org").is_active


def test_without_the_box_nobody_is_deactivated(client, animateur, listed):
    client.force_login(animateur)

    confirm_import(client, admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv"))

    assert User.objects.get(email="partie@example.org").is_active


def test_only_the_accounts_shown_in_the_preview_may_be_deactivated(client, animateur, listed, structure):
    client.force_login(animateur)
    preview = admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv")
    late = factories.counsellor(structure=structure, email="arrivee.apres@example.org")

    confirm_import(client, preview, deactivate_absent="on")

    assert not User.objects.get(email="partie@example.org").is_active
    assert User.objects.get(pk=late.pk).is_active


def test_a_file_with_a_bad_row_deactivates_nobody(client, animateur, listed, structure):
    client.force_login(animateur)
    preview = admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv")
    structure.delete()  # the first row's structure disappears before the confirmation

    confirm_import(client, preview, deactivate_absent="on")

    assert User.objects.get(email="partie@example.org").is_active
