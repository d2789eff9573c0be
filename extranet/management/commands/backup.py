"""Back up the database and the uploaded files into a dated folder, then apply the retention rule.

    manage.py backup                 # into BACKUP_DIR, keeping BACKUP_KEEP_DAILY days
    manage.py backup --dir /mnt/x    # elsewhere

See extranet/backups.py; the nightly cron line is in the README (« Exploitation »).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from extranet.backups import BackupError, create_backup, prune


class Command(BaseCommand):
    help = (
        "Sauvegarde la base PostgreSQL et les fichiers déposés dans un dossier daté, "
        "puis supprime les anciennes sauvegardes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="dossier des sauvegardes (par défaut : BACKUP_DIR)")

    def handle(self, *args, dir=None, **options):
        try:
            folder = create_backup(dir)
            deleted = prune(dir)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Sauvegarde écrite dans {folder}.")
        for path in deleted:
            self.stdout.write(f"Ancienne sauvegarde supprimée : {path}.")
