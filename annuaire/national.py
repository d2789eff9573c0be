"""The national list of France Services (ANCT open data): its columns and how it writes each value.

The list is one CSV for the whole country, UTF-8, `,` or `;`, one row per France Services:

    id_fs, insee_dep, lib_fs, adresse, complement_adresse, insee_com, code_postal, lib_com,
    latitude, longitude, mail, telephone, h_lundi … h_samedi, prise_rdv, commentaire, type_fs,
    format_fs, groupe_fs, labellisation_fs

Some published versions lack `insee_dep`, `complement_adresse`, `groupe_fs` or `type_fs`, and the
columns may come in any order. Values are written this way:

- hours of a day: `09:00 - 12:00 / 13:30 - 17:00`, an empty cell when the structure is closed;
- `labellisation_fs`: `Espace labellisé 01/01/2020`;
- `prise_rdv`: `Oui` or `Non`; `format_fs`: one of `NationalFormat` (Fixe, Itinérante…);
- latitude and longitude in decimal degrees, with up to 15 decimals (stored as written).

This module is the one place that knows the format: the import (`annuaire.national_import`), the
export below and the commands `import_france_services` / `export_france_services` all use it. Every
parser raises ValueError with a French sentence naming the value and what was expected, so that the
import can say « Ligne 7, colonne « h_mardi » : « 9h-12h » n'est pas une plage horaire ; attendu par
exemple 09:00 - 12:00 / 13:30 - 17:00 »; a value it cannot read is never guessed.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from annuaire.enums import NationalFormat, StructureKind, Weekday
from annuaire.phones import normalize_french_phone
from extranet.spreadsheets.writing import neutralise_formula
from extranet.text import strip_accents

DEPARTMENT = "82"

DAY_COLUMNS = {
    "h_lundi": Weekday.MONDAY,
    "h_mardi": Weekday.TUESDAY,
    "h_mercredi": Weekday.WEDNESDAY,
    "h_jeudi": Weekday.THURSDAY,
    "h_vendredi": Weekday.FRIDAY,
    "h_samedi": Weekday.SATURDAY,
}
COLUMNS = [
    "id_fs",
    "insee_dep",
    "lib_fs",
    "adresse",
    "complement_adresse",
    "insee_com",
    "code_postal",
    "lib_com",
    "latitude",
    "longitude",
    "mail",
    "telephone",
    *DAY_COLUMNS,
    "prise_rdv",
    "commentaire",
    "type_fs",
    "format_fs",
    "groupe_fs",
    "labellisation_fs",
]
# Absent from some published versions: an import without them keeps what the directory has.
OPTIONAL_COLUMNS = ("insee_dep", "complement_adresse", "groupe_fs", "type_fs")
# Added by our export after the national columns: the week in OpenStreetMap's syntax.
OPENING_HOURS_COLUMN = "opening_hours"
EXPORT_COLUMNS = [*COLUMNS, OPENING_HOURS_COLUMN]

HOURS_EXAMPLE = "09:00 - 12:00 / 13:30 - 17:00"
LABELLING_PREFIX = "Espace labellisé"
ITINERANT_FORMATS = (NationalFormat.ITINERANT, NationalFormat.BUS)

TimeRange = tuple[dt.time, dt.time]


def text(value) -> str:
    """A cell as text: numbers as written (no « .0 »), nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def key(value) -> str:
    """What is left of a word once case, accents, spaces and punctuation are set aside."""
    return "".join(c for c in strip_accents(text(value)).lower() if c.isalnum())


# --- Department ---------------------------------------------------------------------------------


def department_of(insee_dep, insee_com) -> str:
    """The row's département: `insee_dep` when the file has it, else from the commune's INSEE code."""
    department = text(insee_dep)
    if department:
        return department.zfill(2) if department.isdigit() else department.upper()
    commune = text(insee_com).zfill(5) if text(insee_com).isdigit() else text(insee_com)
    return commune[:3] if commune.startswith("97") else commune[:2]


# --- Hours ---------------------------------------------------------------------------------------

_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def _not_hours(value: str, why: str = "n'est pas une plage horaire") -> ValueError:
    return ValueError(f"« {value} » {why} ; attendu par exemple {HOURS_EXAMPLE}")


def parse_hours(value) -> list[TimeRange]:
    """A day's ranges from `09:00 - 12:00 / 13:30 - 17:00`; an empty cell is a closed day."""
    written = text(value)
    if not written:
        return []
    ranges = []
    for part in written.split("/"):
        match = _RANGE.match(part.strip())
        if not match:
            raise _not_hours(written)
        try:
            opens = dt.time(int(match[1]), int(match[2]))
            closes = dt.time(int(match[3]), int(match[4]))
        except ValueError:
            raise _not_hours(written, "contient une heure qui n'existe pas") from None
        if opens >= closes:
            raise _not_hours(written, f"a une plage qui finit avant de commencer ({part.strip()})")
        if ranges and opens < ranges[-1][1]:
            raise _not_hours(written, "a des plages qui se chevauchent ou ne sont pas dans l'ordre")
        ranges.append((opens, closes))
    return ranges


def format_hours(ranges: Iterable[TimeRange]) -> str:
    return " / ".join(f"{opens:%H:%M} - {closes:%H:%M}" for opens, closes in ranges)


def day_ranges(opening_hours, weekday: int) -> list[TimeRange]:
    """`opening_hours`: OpeningHours rows (or anything with weekday, opens, closes)."""
    return sorted((r.opens, r.closes) for r in opening_hours if r.weekday == weekday)


OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def osm_opening_hours(opening_hours) -> str:
    """The week in OpenStreetMap's `opening_hours` syntax: `Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00`.

    Days with the same ranges share one rule (runs of days as `Mo-Fr`, others listed `Mo,We`);
    closed days are left out, which OSM reads as closed. Empty when the week has no hours.
    """
    days_by_times: dict[str, list[int]] = {}
    for day in Weekday:
        ranges = day_ranges(opening_hours, day)
        if ranges:
            times = ",".join(f"{opens:%H:%M}-{closes:%H:%M}" for opens, closes in ranges)
            days_by_times.setdefault(times, []).append(int(day))
    rules = []
    for times, days in days_by_times.items():
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        selector = ",".join(
            OSM_DAYS[run[0]] if len(run) == 1 else f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}" for run in runs
        )
        rules.append(f"{selector} {times}")
    return "; ".join(rules)


# --- Other values --------------------------------------------------------------------------------

_LABELLING = re.compile(r"^(?:espace\s+labellis[ée]\s+)?(\d{1,2})/(\d{1,2})/(\d{4})$", re.IGNORECASE)


def parse_labelling(value) -> dt.date | None:
    """The labelling date of `Espace labellisé 01/01/2020` (a date cell or `01/01/2020` too)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = text(value)
    if not written:
        return None
    match = _LABELLING.match(written)
    if match:
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
    raise ValueError(
        f"« {written} » n'est pas une date de labellisation ; attendu par exemple "
        f"{LABELLING_PREFIX} 01/01/2020"
    )


def format_labelling(day: dt.date | None) -> str:
    return f"{LABELLING_PREFIX} {day:%d/%m/%Y}" if day else ""


def parse_yes_no(value) -> bool | None:
    written = text(value)
    if not written:
        return None
    if key(written) in ("oui", "non"):
        return key(written) == "oui"
    raise ValueError(f"« {written} » n'est ni Oui ni Non ; attendu Oui, Non ou une cellule vide")


def format_yes_no(value: bool | None) -> str:
    return "" if value is None else ("Oui" if value else "Non")


def parse_format(value) -> str:
    written = text(value)
    if not written:
        return ""
    for choice in NationalFormat:
        if key(choice.value) == key(written):
            return choice.value
    expected = ", ".join(NationalFormat.values)
    raise ValueError(
        f"« {written} » n'est pas un format de la liste nationale ; attendu l'un de : {expected}"
    )


def kind_for_format(national_format: str) -> str:
    """The directory's kind of a structure the import creates, from its national format."""
    return StructureKind.ITINERANT if national_format in ITINERANT_FORMATS else StructureKind.FIXED


_COORDINATE = re.compile(r"^-?\d{1,3}(\.\d{1,15})?$")


def parse_coordinate(value, limit: int) -> str | None:
    """Decimal degrees as written (a comma read as the point); `limit` is 90 or 180."""
    written = text(value).replace(",", ".")
    if not written:
        return None
    if not _COORDINATE.match(written) or abs(Decimal(written)) > limit:
        what = "une latitude" if limit == 90 else "une longitude"
        example = "44.017363" if limit == 90 else "1.355127"
        raise ValueError(
            f"« {text(value)} » n'est pas {what} ; attendu des degrés décimaux entre -{limit} et "
            f"{limit}, au plus 15 décimales, par exemple {example}"
        )
    return written


def parse_email(value) -> str:
    written = text(value)
    if written:
        try:
            validate_email(written)
        except ValidationError:
            raise ValueError(
                f"« {written} » n'est pas une adresse e-mail ; attendu par exemple accueil@mairie-exemple.fr"
            ) from None
    return written


def parse_phone(value) -> str:
    written = text(value)
    if written.isdigit() and len(written) == 9:
        written = "0" + written  # a spreadsheet stored the number as a number and dropped its 0
    if not written:
        return ""
    try:
        return normalize_french_phone(written)
    except ValidationError:
        raise ValueError(
            f"« {text(value)} » n'est pas un numéro de téléphone français ; attendu par exemple "
            "05 63 12 34 56"
        ) from None


def parse_national_id(value) -> str:
    written = text(value)
    if not written or len(written) > 30:
        raise ValueError(
            f"« {written} » n'est pas un identifiant de la liste nationale ; attendu l'identifiant "
            "id_fs de la structure (30 caractères au plus), jamais vide"
        )
    return written


# --- Export --------------------------------------------------------------------------------------


def export_row(structure) -> list[str]:
    """One structure in the national columns (`EXPORT_COLUMNS`); no referent contact, by design.

    `structure` needs its commune and opening hours loaded (`Structure.objects.with_week()`).
    """
    commune = structure.commune
    hours = list(structure.opening_hours.all())
    values = {
        "id_fs": structure.national_id,
        "insee_dep": department_of("", commune.insee_code),
        "lib_fs": structure.name,
        "adresse": structure.address,
        "complement_adresse": structure.address_complement,
        "insee_com": commune.insee_code,
        "code_postal": commune.postal_code,
        "lib_com": commune.name,
        "latitude": structure.latitude or "",
        "longitude": structure.longitude or "",
        "mail": structure.email,
        "telephone": structure.phone,
        **{column: format_hours(day_ranges(hours, day)) for column, day in DAY_COLUMNS.items()},
        "prise_rdv": format_yes_no(structure.appointment_booking),
        "commentaire": structure.national_comment,
        "type_fs": structure.national_type,
        "format_fs": structure.national_format,
        "groupe_fs": structure.national_group,
        "labellisation_fs": format_labelling(structure.labelled_on),
        OPENING_HOURS_COLUMN: osm_opening_hours(hours),
    }
    return [values[column] for column in EXPORT_COLUMNS]


def _safe(column: str, value: str) -> str:
    # Coordinates are validated numbers (a leading minus is a sign, never a formula); every other
    # text goes through the neutralisation of all our downloads, which the import undoes.
    return value if column in ("latitude", "longitude") else neutralise_formula(value)


def export_csv(structures) -> bytes:
    """The national file for `structures`: CSV, `,`, UTF-8 (no byte-order mark), national header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for structure in structures:
        writer.writerow(
            [
                _safe(column, value)
                for column, value in zip(EXPORT_COLUMNS, export_row(structure), strict=True)
            ]
        )
    return buffer.getvalue().encode("utf-8")


def exported_structures(queryset):
    """What the export lists: the structures open to the public, by name, with what the rows read."""
    return (
        queryset.open_to_public().select_related("commune").prefetch_related("opening_hours").order_by("name")
    )
