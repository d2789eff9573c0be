from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.dispatch import receiver

from extranet.models import DailyUsage, User


@receiver(user_logged_in)
def count_login(sender, request, user, **kwargs):
    DailyUsage.record(user, logins=1)


@receiver(pre_save, sender=User)
def end_sessions_of_deactivated_user(sender, instance, **kwargs):
    """Deactivating an account closes its open sessions at once, on every device."""
    if instance.pk is None or instance.is_active:
        return
    was_active = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        for user_session in UserSession.objects.filter(user_id=instance.pk):
            user_session.end()
