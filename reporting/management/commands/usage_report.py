"""Write a year's usage report as PDF, XLSX and ODS files — the figures of the page and its downloads.

manage.py usage_report 2026                  # bilan-usage-extranet-2026.pdf/.xlsx/.ods here
manage.py usage_report 2026 --dossier /tmp
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.usage_documents import FIRST_YEAR, report_context, report_pdf, report_workbook


class Command(BaseCommand):
    help = "Écrit le bilan d'usage d'une année en PDF et en tableur (XLSX et ODS)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="l'année du bilan")
        parser.add_argument("--dossier", default=".", help="le dossier où écrire les fichiers")

    def handle(self, *args, year, dossier, **options):
        if year < FIRST_YEAR:
            raise CommandError(f"L'extranet n'existait pas en {year}.")
        folder = Path(dossier)
        if not folder.is_dir():
            raise CommandError(f"Le dossier {folder} n'existe pas.")
        context = report_context(year)
        stem = folder / f"bilan-usage-extranet-{year}"
        written = [stem.with_suffix(".pdf")]
        written[0].write_bytes(report_pdf(context))
        for file_format in ("xlsx", "ods"):
            path = stem.with_suffix(f".{file_format}")
            path.write_bytes(report_workbook(context, file_format))
            written.append(path)
        for path in written:
            self.stdout.write(str(path))
