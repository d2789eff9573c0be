"""Invitation of a new member: an e-mail with a one-time link to choose their own password.

The link is allauth's password-reset link: its token is derived from the current password hash and
last login, so it stops working as soon as the person has chosen a password (or after
PASSWORD_RESET_TIMEOUT). No password is ever sent or stored in clear.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from extranet.models import User


def invitation_url(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


def send_invitation(user: User) -> None:
    """Send the invitation once the current transaction commits (never for a rolled-back import)."""

    def send():
        context = {
            "user": user,
            "url": invitation_url(user),
            "site_url": settings.SITE_URL,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/invitation_body.txt", context),
            to=[user.email],
        )
        message.attach_alternative(render_to_string("emails/invitation_body.html", context), "text/html")
        message.send()
        User.objects.filter(pk=user.pk).update(invited_at=timezone.now())

    transaction.on_commit(send)
