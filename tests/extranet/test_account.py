"""« Mon compte »: profile, every e-mail choice in one form, the calendar subscription, security."""

from django.urls import reverse

from calendrier.models import ReminderPreference
from fichiers.models import DigestSubscription
from forum.models import NotificationPreference


def test_the_nav_leads_to_my_account(client, conseiller):
    client.force_login(conseiller)

    content = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("account")}"' in content


def test_my_account_gathers_profile_emails_calendar_and_security(client, conseiller):
    client.force_login(conseiller)

    response = client.get(reverse("account"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "conseiller@example.org" in content
    for field in ("first_name", "last_name", "job_title", "phone", "contact_email"):
        assert f'name="{field}"' in content
    assert set(response.context["email_form"].fields) == {
        "forum_replies",
        "weekly_digest",
        "calendar_reminders",
    }
    for url_name in ("calendrier:subscription", "account_change_password", "mfa_index", "usersessions_list"):
        assert f'href="{reverse(url_name)}"' in content


def test_only_referents_are_offered_the_new_questions_email(client, referent):
    client.force_login(referent)

    response = client.get(reverse("account"))

    assert "forum_new_topics" in response.context["email_form"].fields


def test_the_defaults_are_shown_as_they_are(client, conseiller):
    client.force_login(conseiller)

    form = client.get(reverse("account")).context["email_form"]

    assert form["forum_replies"].value() is True
    assert form["calendar_reminders"].value() is True
    assert form["weekly_digest"].value() is False


def test_one_form_records_every_email_choice(client, referent):
    client.force_login(referent)

    response = client.post(
        reverse("account"), {"form": "emails", "weekly_digest": "on", "forum_replies": "on"}
    )

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=referent).new_topics is False
    assert NotificationPreference.objects.get(user=referent).replies is True
    assert DigestSubscription.objects.get(user=referent).is_active is True
    assert ReminderPreference.objects.get(user=referent).reminders is False
    form = client.get(reverse("account")).context["email_form"]
    assert {name: form[name].value() for name in form.fields} == {
        "forum_new_topics": False,
        "forum_replies": True,
        "weekly_digest": True,
        "calendar_reminders": False,
        "directory_hours_changes": False,
    }


def test_my_profile_is_shown_to_the_other_members(client, conseiller, structure, outsider):
    client.force_login(conseiller)

    response = client.post(
        reverse("account"),
        {
            "form": "profile",
            "first_name": "Camille",
            "last_name": "Martin",
            "job_title": "Conseillère France Services",
            "phone": "05 63 00 00 42",
            "contact_email": "msap.molieres@example.org",
        },
    )

    assert response.status_code == 302
    conseiller.refresh_from_db()
    assert (conseiller.get_full_name(), conseiller.email) == ("Camille Martin", "conseiller@example.org")
    client.force_login(outsider)
    content = client.get(structure.get_absolute_url()).content.decode()
    assert "Camille Martin — Conseillère France Services" in content
    assert 'href="mailto:msap.molieres@example.org"' in content
    assert 'href="tel:0563000042"' in content


def test_a_wrong_contact_address_is_refused_and_changes_nothing(client, conseiller):
    client.force_login(conseiller)

    response = client.post(
        reverse("account"), {"form": "profile", "last_name": "Nouveau", "contact_email": "pas-une-adresse"}
    )

    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    conseiller.refresh_from_db()
    assert conseiller.last_name != "Nouveau"


def test_the_login_address_cannot_be_changed_from_my_account(client, conseiller):
    client.force_login(conseiller)

    client.post(reverse("account"), {"form": "profile", "last_name": "Martin", "email": "pirate@example.org"})

    conseiller.refresh_from_db()
    assert conseiller.email == "conseiller@example.org"
