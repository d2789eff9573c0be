"""Applies the network's archiving rule (set by the CCI in the admin). Safe to run daily from cron.

Only items not archived yet are looked at, so a second run archives nothing more. Nothing is deleted:
archived items leave the default lists and stay under "Archives" and in the search.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from fichiers.models import ArchivingRule


class Command(BaseCommand):
    help = "Archive les actualités et fichiers selon la règle d'archivage du réseau."

    def handle(self, *args, **options):
        rule = ArchivingRule.load()
        now = timezone.now()
        archived = 0
        with transaction.atomic():
            for label, due in (("Actualité", rule.news_due(now)), ("Fichier", rule.documents_due(now))):
                for item in due.select_for_update().order_by("pk"):
                    # One save per item (not a bulk update) so that the audit log records each change.
                    item.archived_at = now
                    item.save(update_fields=["archived_at"])
                    self.stdout.write(f"{label} archivée : « {item} » (n° {item.pk})")
                    archived += 1
        self.stdout.write(f"{archived} élément(s) archivé(s) ({rule}).")
