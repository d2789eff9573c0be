"""Demo news and catalogue files (invented), by the demo accounts of `load_demo` (run it first).

Refused when DEBUG is off, like `load_demo`. Running it twice changes nothing the second time.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fichiers.demo import load_demo_publications


class Command(BaseCommand):
    help = "Charge des actualités et des fichiers de démonstration (refusé quand DEBUG est désactivé)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusé : les données de démonstration ne se chargent que si DJANGO_DEBUG=1.")
        try:
            with transaction.atomic():
                documents, news = load_demo_publications()
        except LookupError as exc:
            raise CommandError(
                f"Comptes de démonstration absents ({exc}) : lancez d'abord « manage.py load_demo »."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Démonstration : {news} actualité(s) et {documents} fichier(s) créés dans le catalogue."
            )
        )
