"""Sends the weekly digest to the members who asked for it. Safe to run daily (or more) from cron:
a member gets at most one digest in seven days and never the same item twice."""

from django.core.management.base import BaseCommand

from fichiers.digest import send_due_digests


class Command(BaseCommand):
    help = "Envoie le résumé hebdomadaire des nouvelles actualités et des nouveaux fichiers."

    def handle(self, *args, **options):
        sent = send_due_digests()
        for digest in sent:
            self.stdout.write(
                f"Résumé envoyé à {digest.subscription.user.email} : {len(digest.news)} actualité(s), "
                f"{len(digest.documents)} fichier(s)."
            )
        self.stdout.write(f"{len(sent)} résumé(s) envoyé(s).")
