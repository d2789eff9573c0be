"""The CCI publishes the cell's schedule from the admin: one setting, opened from its list, audited."""

from auditlog.models import LogEntry
from django.urls import reverse

from itinerance.models import PublicSchedule


def test_schedule_is_not_published_by_default(db):
    assert PublicSchedule.load().is_published is False


def test_admin_list_opens_the_one_setting(client, animateur):
    client.force_login(animateur)

    response = client.get(reverse("admin:itinerance_publicschedule_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:itinerance_publicschedule_change", args=[1])
    assert client.get(reverse("admin:itinerance_publicschedule_add")).status_code == 403


def test_cci_publishes_the_schedule_and_the_change_is_audited(client, animateur):
    client.force_login(animateur)
    schedule = PublicSchedule.load()
    data = {
        "is_published": "on",
        "services_text": schedule.services_text,
        "home_visit_text": "Demandez à votre mairie.",
    }

    response = client.post(reverse("admin:itinerance_publicschedule_change", args=[1]), data)

    assert response.status_code == 302
    schedule = PublicSchedule.load()
    assert schedule.is_published is True
    assert schedule.home_visit_text == "Demandez à votre mairie."
    assert LogEntry.objects.get_for_object(schedule).exists()


def test_a_second_row_is_never_made(db):
    PublicSchedule.load()
    PublicSchedule(is_published=True).save()

    assert PublicSchedule.objects.count() == 1
    assert PublicSchedule.load().is_published is True
