from django.core.management.base import BaseCommand

from forum.models import PartnerForum
from forum.structure import sync_forums


class Command(BaseCommand):
    help = "Crée les forums des partenaires et du réseau et remet les droits en accord avec l'annuaire."

    def handle(self, *args, **options):
        sync_forums()
        self.stdout.write(f"Forums à jour ({PartnerForum.objects.count()} forums de partenaires).")
