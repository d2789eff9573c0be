"""Fold the per-person daily usage rows older than 13 months into monthly aggregates (idempotent).

manage.py fold_usage        # every night from cron (README)
"""

from django.core.management.base import BaseCommand

from reporting.retention import fold


class Command(BaseCommand):
    help = (
        "Regroupe par mois, rôle, structure et partenaire l'usage quotidien de plus de 13 mois "
        "et supprime les lignes par personne (sans effet si rien n'est à regrouper)."
    )

    def handle(self, *args, **options):
        folded = fold()
        self.stdout.write(f"{folded} ligne(s) d'usage quotidien regroupée(s) par mois.")
