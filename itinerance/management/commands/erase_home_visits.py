"""Erase the name, phone and address of home-visit requests closed longer ago than the retention period.

Idempotent: run it daily from cron (README); a request already erased is left alone, and what the
counts need (commune, reason, help needed, dates, status) is kept.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from itinerance.visits import HomeVisitRequest


class Command(BaseCommand):
    help = "Efface les données personnelles des demandes de visite à domicile closes depuis la conservation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.HOME_VISIT_RETENTION_DAYS,
            help="Jours de conservation après la visite ou l'annulation (HOME_VISIT_RETENTION_DAYS).",
        )

    def handle(self, *args, days, **options):
        now = timezone.now()
        erased = 0
        with transaction.atomic():
            for visit in HomeVisitRequest.objects.due_for_erasure(now, days).select_for_update():
                visit.erase(now)
                erased += 1
        self.stdout.write(f"{erased} demande(s) effacée(s) (conservation\u00a0: {days} jours).")
