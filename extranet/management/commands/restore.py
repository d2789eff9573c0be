"""Restore a backup written by `manage.py backup`: the database, then the uploaded files.

    manage.py restore /var/backups/extranet/2026-12-02_030000            # asks for confirmation
    manage.py restore FOLDER --yes --database-url postgres://…/autre     # into another database

See extranet/backups.py and the README (« Exploitation ») for the whole procedure.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from extranet.backups import BackupError, Database, restore_backup


class Command(BaseCommand):
    help = "Restaure une sauvegarde : remplace la base et les fichiers déposés par ceux du dossier."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="dossier d'une sauvegarde (AAAA-MM-JJ_HHMMSS)")
        parser.add_argument("--database-url", help="base cible postgres://… (par défaut : celle du site)")
        parser.add_argument("--media-root", type=Path, help="dossier des fichiers (par défaut : MEDIA_ROOT)")
        parser.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")

    def handle(self, *args, folder, database_url=None, media_root=None, yes=False, **options):
        try:
            database = Database.from_url(database_url) if database_url else Database.from_settings()
            if not yes and options.get("interactive", True):
                answer = input(
                    f"La base « {database.name} » et les fichiers déposés vont être remplacés par la "
                    f"sauvegarde {folder}. Écrivez « oui » pour continuer : "
                )
                if answer.strip().lower() != "oui":
                    raise CommandError("Restauration annulée : rien n'a changé.")
            previous = restore_backup(folder, database, media_root)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Sauvegarde {folder} restaurée dans la base « {database.name} ».")
        if previous:
            self.stdout.write(
                f"Les fichiers d'avant sont gardés dans {previous} : supprimez-les une fois vérifié."
            )
        self.stdout.write(
            "Lancez ensuite « manage.py migrate » si le code est plus récent que la sauvegarde."
        )
