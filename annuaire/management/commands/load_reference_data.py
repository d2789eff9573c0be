from django.core.management.base import BaseCommand

from annuaire.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Charge les données de référence réelles : communes, partenaires nationaux, structures citées."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['communes']} communes, {counts['partners']} partenaires nationaux, "
                f"{counts.pop('structures')} structures de référence à jour."
            )
        )
        # What other apps loaded (docs/decisions.md): « sites de passage : 6 ».
        for label, count in counts.items():
            if label not in ("communes", "partners"):
                self.stdout.write(self.style.SUCCESS(f"{label} : {count} à jour."))
