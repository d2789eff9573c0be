"""Write the directory in the national list's format (annuaire.national), for the national site.

    manage.py export_france_services liste-france-services-82.csv

CSV separated by commas, UTF-8, the national header then `opening_hours` (OpenStreetMap syntax);
one row per structure open to the public; no referent contact.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from annuaire import national
from annuaire.models import Structure


class Command(BaseCommand):
    help = "Exporte l'annuaire au format de la liste nationale des France Services (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="le fichier CSV à écrire")

    def handle(self, *args, file, **options):
        structures = list(national.exported_structures(Structure.objects.all()))
        file.write_bytes(national.export_csv(structures))
        count = len(structures)
        self.stdout.write(
            f"{count} structure{'s' if count > 1 else ''} exportée{'s' if count > 1 else ''} dans {file}."
        )
