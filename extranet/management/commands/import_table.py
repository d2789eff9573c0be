"""Import a CSV, XLSX or ODS file from the command line, exactly as the admin's import page would.

    manage.py import_table annuaire.commune communes.ods            # preview only: nothing is written
    manage.py import_table annuaire.commune communes.ods --commit   # import (all or nothing)

The model is named by its label; its admin (any ModelAdmin with `SpreadsheetImportExportMixin`)
gives the resource, so every import of the extranet is reachable here with no code of its own.
"""

from pathlib import Path

from django.contrib import admin
from django.core.management.base import BaseCommand, CommandError

from extranet.spreadsheets.imports import SpreadsheetImportExportMixin, import_table_file
from extranet.spreadsheets.reading import TableReadError


def importable_admins() -> dict[str, SpreadsheetImportExportMixin]:
    return {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SpreadsheetImportExportMixin)
    }


class Command(BaseCommand):
    help = (
        "Importe un fichier CSV, XLSX ou ODS comme la page d'import de l'administration "
        "(aperçu sans --commit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", help="modèle importé, par exemple annuaire.commune ou extranet.user")
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="importer pour de bon (sinon : aperçu)")

    def handle(self, *args, model, file, commit, **options):
        admins = importable_admins()
        if model.lower() not in admins:
            raise CommandError(
                f"Aucun import pour « {model} ». Imports possibles : {', '.join(sorted(admins))}."
            )
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        resource_class = admins[model.lower()].get_import_resource_classes(None)[0]
        try:
            result = import_table_file(resource_class(), file.read_bytes(), dry_run=not commit)
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
        totals = ", ".join(f"{label} : {result.totals[key]}" for key, label in TOTALS if result.totals[key])
        verb = "Importé" if commit else "Aperçu (rien n'est écrit ; ajoutez --commit pour importer)"
        self.stdout.write(f"{verb} — {totals or 'aucune ligne'}.")


TOTALS = [("new", "nouvelles"), ("update", "modifiées"), ("delete", "supprimées"), ("skip", "inchangées")]
