from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from itinerance.demo import COORDINATOR, load_itinerance_demo


class Command(BaseCommand):
    help = "Charge les tournées de démonstration de la cellule itinérante (refusé quand DEBUG est désactivé)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusé : les données de démonstration ne sont chargées que si DJANGO_DEBUG=1."
            )
        counts = load_itinerance_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Cellule itinérante : {counts['units']} unités, {counts['tours']} tournées, "
                f"{counts['sites']} sites de passage."
            )
        )
        self.stdout.write(f"  Coordination de la cellule (planification) : {COORDINATOR[0]}")
