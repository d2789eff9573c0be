"""Invitation of a new member: an e-mail with a one-time link to choose their own password.

The link is allauth's password-reset link: its token is derived from the current password hash and
last login, so it stops working as soon as the person has chosen a password (or after
PASSWORD_RESET_TIMEOUT). No password is ever sent or stored in clear.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from extranet.emails import absolute_url, build_email, send_after_commit
from extranet.models import User


def invitation_url(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return absolute_url(path)


def send_invitation(user: User) -> None:
    """Write the invitation to the outbox with the account, in its transaction (none for a rolled-back
    import), and stamp `invited_at`; a refused invitation is tried again by the outbox, and one given
    up shows there (« e-mails sortants »)."""
    context = {"user": user, "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400}
    send_after_commit(
        # The token of the link depends on the password and last login: the account is saved by now.
        lambda: [build_email("emails/invitation", {**context, "url": invitation_url(user)}, user.email)],
        f"invitation to {user.email}",
    )
    user.invited_at = timezone.now()
    User.objects.filter(pk=user.pk).update(invited_at=user.invited_at)
