from django.core.management.base import BaseCommand

from annuaire.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Charge les données de référence réelles : communes, partenaires nationaux, structures citées."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['communes']} communes, {counts['partners']} partenaires nationaux, "
                f"{counts['structures']} structures de référence à jour."
            )
        )
