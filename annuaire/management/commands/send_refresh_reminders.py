from django.conf import settings
from django.core.management.base import BaseCommand

from annuaire.refresh.reminders import due_reminders, send_due_reminders


class Command(BaseCommand):
    help = (
        "Écrit aux personnes qui tiennent à jour une fiche de l'annuaire non vérifiée depuis 12 mois. "
        "Sans risque à lancer chaque jour : une même personne n'est pas relancée pour une même fiche "
        "avant ANNUAIRE_REMINDER_INTERVAL_DAYS jours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche les rappels à envoyer sans rien envoyer."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for user, records in due_reminders().items():
                self.stdout.write(f"{user.email} : {', '.join(str(record) for record in records)}")
            return
        count = send_due_reminders()
        interval = settings.ANNUAIRE_REMINDER_INTERVAL_DAYS
        self.stdout.write(
            self.style.SUCCESS(f"{count} rappel(s) envoyé(s) (pas de relance avant {interval} jours).")
        )
