"""Every business model of our apps is in the audit log; the technical ones are left out on purpose."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps

from forum.models import NotificationPreference

OUR_APPS = ("extranet", "annuaire", "fichiers", "forum_ext", "calendrier", "itinerance", "reporting")

# Models whose rows are written by the machine, not by a person, and would only flood the log.
NOT_AUDITED = {
    "extranet.DailyUsage",  # counter: one increment per page viewed
    # The outbox: a copy of each e-mail (text, invitation links) until sent, then who, what and when
    # for 30 days; the change that caused it is logged on its own model.
    "extranet.OutgoingEmail",
    "fichiers.DownloadCount",  # counter: one increment per download
    "fichiers.DigestItem",  # what each digest e-mail already carried, so it is not sent twice
    "calendrier.SentMessage",  # which reminders were sent, so they are not sent twice
    "annuaire.RefreshReminder",  # which refresh reminders were sent, so they are not sent twice
    "forum_ext.PostSearchText",  # search index: a copy of each post's text
    "annuaire.CharterSnapshot",  # the charter check computed each quarter by snapshot_charter
    "reporting.MonthlyUsage",  # counter: the daily usage folded by fold_usage
    # A questionnaire's answers are anonymous: a log entry would name who answered, and when.
    "reporting.Participation",
    "reporting.Response",
    "reporting.Answer",
    "annuaire.HoursChange",  # the notice of changed hours: each range's own change is already logged
    "annuaire.NationalListImport",  # proxy: the national import's admin page; writes audited Structures
    "reporting.ReportReminder",  # which report reminders were sent, so they are not sent twice
}


def _name(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_model_of_our_apps_is_audited_or_knowingly_left_out():
    models = {_name(model): model for label in OUR_APPS for model in apps.get_app_config(label).get_models()}
    assert set(models) >= NOT_AUDITED, "an exclusion names a model that no longer exists"
    audited = {name for name, model in models.items() if auditlog.contains(model)}
    forgotten = sorted(set(models) - audited - NOT_AUDITED)
    assert forgotten == [], "register these models with auditlog (or exclude them above, saying why)"
    assert sorted(audited & NOT_AUDITED) == []


def test_a_change_to_a_forum_setting_is_logged(conseiller):
    preference = NotificationPreference.objects.create(user=conseiller, new_topics=False)

    assert LogEntry.objects.get_for_object(preference).filter(action=LogEntry.Action.CREATE).exists()
