"""Import the national list of France Services (ANCT open data) from the command line.

    manage.py import_france_services liste-france-services.csv            # preview: nothing written
    manage.py import_france_services liste-france-services.csv --commit   # import (all or nothing)
    manage.py import_france_services liste.csv --commit --close-absent    # also close the absent ones

The same import as the admin's « Liste nationale des France Services » page (annuaire.national_import):
the preview prints, in French, the structures created, updated (field by field, old → new), matched
by commune and name, unchanged, and the labelled structures absent from the file; those are closed
(never deleted) only with --close-absent.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annuaire.national_import import NationalListResource, summary
from extranet.spreadsheets.imports import import_table_file
from extranet.spreadsheets.reading import TableReadError


class Command(BaseCommand):
    help = "Importe la liste nationale des France Services (aperçu sans --commit)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="le fichier téléchargé (CSV, XLSX ou ODS)")
        parser.add_argument("--commit", action="store_true", help="importer pour de bon (sinon : aperçu)")
        parser.add_argument(
            "--close-absent",
            action="store_true",
            help="avec --commit : fermer les structures labellisées absentes du fichier",
        )

    def handle(self, *args, file, commit, close_absent, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            result = import_table_file(
                NationalListResource(), file.read_bytes(), dry_run=not commit, close_absent=close_absent
            )
        except TableReadError as exc:
            raise CommandError(str(exc)) from exc
        report = result.spreadsheet
        if report.ignored:
            self.stdout.write(
                "Colonnes inconnues, ignorées : " + ", ".join(f"« {h} »" for h in report.ignored)
            )
        if report.messages:
            for message in report.messages:
                self.stderr.write(message)
            raise CommandError("Rien n'a été importé : corrigez le fichier et recommencez.")
        for row in result.valid_rows():
            if row.import_type == "skip":
                continue
            label = "Nouvelle structure" if row.import_type == "new" else "Mise à jour"
            self.stdout.write(f"{label} : {row.instance.name} ({row.instance.commune.name})")
            if getattr(row, "matched_by_name", False):
                self.stdout.write("  rattachée à la fiche existante de même commune et de même nom")
            for change in row.diff:
                if row.import_type == "new":
                    self.stdout.write(f"  {change.column} : {_shown(change.new)}")
                else:
                    self.stdout.write(f"  {change.column} : {_shown(change.old)} → {_shown(change.new)}")
        for structure in result.national.absent:
            state = "fermée" if structure in result.national.closed else "absente du fichier"
            self.stdout.write(f"Structure {state} : {structure.name} ({structure.commune.name})")
        if commit:
            self.stdout.write("Importé — " + summary(result, committed=True))
        else:
            self.stdout.write(
                "Aperçu (rien n'est écrit ; ajoutez --commit pour importer, --close-absent pour fermer "
                "les structures absentes) — " + summary(result, committed=False)
            )


def _shown(value: str) -> str:
    return f"« {value} »" if value else "(vide)"
