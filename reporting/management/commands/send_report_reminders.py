from django.core.management.base import BaseCommand

from reporting.reminders import AT_MOST, EVERY_DAYS, FIRST_AFTER_DAYS, due, send_due_reminders


class Command(BaseCommand):
    help = (
        f"Relance les structures qui n'ont pas transmis leur rapport trimestriel : {FIRST_AFTER_DAYS} jours "
        f"après la fin du trimestre, puis tous les {EVERY_DAYS} jours, {AT_MOST} fois au plus. Sans risque "
        "à lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Affiche les relances sans rien envoyer.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for structure, quarter in due():
                self.stdout.write(f"{structure} : rapport du {quarter}")
            return
        count = send_due_reminders()
        self.stdout.write(self.style.SUCCESS(f"{count} structure(s) relancée(s)."))
