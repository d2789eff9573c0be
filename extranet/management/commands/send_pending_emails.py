"""Send what waits in the outbox, give up on what failed too often, forget what was sent long ago.

    manage.py send_pending_emails                # every minute (cron or systemd timer, README)
    manage.py send_pending_emails --all-pending  # once the mail server is back after an outage

Safe on several servers at once: each message is claimed before it is sent (extranet/emails.py).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from extranet.emails import send_due
from extranet.models import OutgoingEmail


class Command(BaseCommand):
    help = (
        "Envoie les e-mails en attente (refusés par la messagerie ou jamais partis), abandonne ceux qui "
        f"échouent {OutgoingEmail.MAX_ATTEMPTS} fois et supprime ceux envoyés depuis plus de "
        f"{OutgoingEmail.RETENTION.days} jours. À lancer chaque minute, depuis un ou plusieurs serveurs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all-pending",
            action="store_true",
            help="tenter tout de suite chaque e-mail en attente, sans attendre sa prochaine tentative",
        )

    def handle(self, *args, all_pending=False, **options):
        outcome = send_due(waiting_too=all_pending)
        deleted, _ = OutgoingEmail.objects.expired(timezone.now()).delete()
        # Silent when there was nothing to do: cron mails whatever a command prints, every minute.
        if outcome or deleted:
            self.stdout.write(
                f"{outcome['sent']} e-mail(s) envoyé(s), {outcome['retried']} à retenter, "
                f"{outcome['given_up']} abandonné(s) ; {deleted} ancien(s) supprimé(s)."
            )
