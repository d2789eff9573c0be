from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
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


@receiver(post_save, sender=User)
def keep_only_the_login_address(sender, instance, created, update_fields=None, **kwargs):
    """The login address is the only one allauth may use, for logging in and for password resets.

    Only the CCI changes it (in the admin, audited): the old address then stops working at once,
    instead of still receiving reset links through allauth's own address table.
    """
    if created or (update_fields is not None and "email" not in update_fields):
        return
    EmailAddress.objects.filter(user=instance).exclude(email=instance.email).delete()


@receiver(password_reset)
def verify_the_login_address(sender, request, user, **kwargs):
    """The invitation and the reset links are e-mailed to the login address: choosing a password
    through one proves the person reads that mailbox. allauth refuses a second factor (TOTP) to an
    account whose address is not verified, which left invited CCI staff unable to reach the admin."""
    EmailAddress.objects.filter(user=user).exclude(email=user.email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
