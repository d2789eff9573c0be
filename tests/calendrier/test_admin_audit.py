from auditlog.models import LogEntry
from django.urls import reverse

from calendrier.models import Event


def test_the_cci_manages_events_in_the_admin(client, animateur, event, conseiller):
    event.register(conseiller)
    client.force_login(animateur)
    for url in (
        reverse("admin:calendrier_event_changelist"),
        reverse("admin:calendrier_event_add"),
        reverse("admin:calendrier_event_change", args=[event.pk]),
        reverse("admin:calendrier_sentmessage_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_changes_to_events_and_registrations_are_in_the_audit_log(event, conseiller):
    event.register(conseiller)
    event.cancel()
    actions = LogEntry.objects.get_for_objects(Event.objects.filter(pk=event.pk)).values_list(
        "action", flat=True
    )
    assert sorted(actions) == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert LogEntry.objects.filter(content_type__model="registration").exists()
