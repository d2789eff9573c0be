"""Every change to a person is in the audit log, with who made it."""

from auditlog.models import LogEntry
from django.urls import reverse

from extranet.enums import Role
from tests import factories


def test_changing_a_user_in_the_admin_is_logged_with_the_actor(client, animateur, pilotage):
    client.force_login(animateur)

    response = client.post(
        reverse("admin:extranet_user_change", args=[pilotage.pk]),
        factories.user_admin_form_data(
            pilotage, job_title="Directrice de l'attractivité", role=Role.PILOTAGE
        ),
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(pilotage).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == animateur
    assert entry.changes_dict["job_title"] == ["", "Directrice de l'attractivité"]


def test_the_password_is_never_in_the_audit_log(conseiller):
    conseiller.set_password("Une toute nouvelle phrase de passe de sept mots")
    conseiller.save()

    assert all("password" not in entry.changes_dict for entry in LogEntry.objects.get_for_object(conseiller))


def test_the_audit_log_lists_changes_in_the_admin(client, animateur, pilotage):
    client.force_login(animateur)
    client.post(
        reverse("admin:extranet_user_change", args=[pilotage.pk]),
        factories.user_admin_form_data(pilotage, phone="05 63 00 00 99"),
    )

    response = client.get(reverse("admin:auditlog_logentry_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert str(pilotage) in content
    assert str(animateur) in content
