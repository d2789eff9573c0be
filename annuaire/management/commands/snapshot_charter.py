"""Record each structure's charter check for the current quarter (run daily or at each quarter's end)."""

from django.core.management.base import BaseCommand

from annuaire.charter import take_snapshots


class Command(BaseCommand):
    help = "Enregistre le respect de la charte de chaque structure pour le trimestre en cours."

    def handle(self, *args, **options):
        count = take_snapshots()
        self.stdout.write(self.style.SUCCESS(f"Charte : {count} structure(s) relevée(s) pour ce trimestre."))
