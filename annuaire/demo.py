"""Invented directory details for the demo: hours, contacts, referents and permanences.

Everything here is invented and must look it: e-mails at example.org, phone numbers 05 63 00 0x xx.
Running it twice changes nothing the second time. Only `load_demo` (DEBUG only) calls it.
"""

import datetime as dt

from django.utils.text import slugify

from annuaire.enums import Recurrence, Weekday
from annuaire.models import Domain, ExceptionalClosure, OpeningHours, Partner, Permanence, Referent, Structure
from extranet import fragments

MORNING, AFTERNOON = (dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(17))

# Two typical weeks of a La Poste MSAP: full weekdays, or mornings plus two afternoons.
WEEKS = [
    {day: [MORNING, AFTERNOON] for day in range(5)},
    {
        0: [MORNING],
        1: [MORNING, AFTERNOON],
        2: [MORNING],
        3: [MORNING, AFTERNOON],
        4: [MORNING],
        5: [MORNING],
    },
]

# The CCI checks the charter on these: the first structures are well equipped, the others less so.
STRUCTURE_SLUGS = [
    "msap-molieres",
    "msap-laguepie",
    "msap-montpezat-de-quercy",
    "msap-la-ville-dieu-du-temple",
    "msap-lamagistere",
    "msap-villebrumier",
]

DOMAINS = {
    "caf": ["Prestations familiales", "Logement"],
    "cpam": ["Santé"],
    "carsat": ["Retraite"],
    "msa": ["Protection sociale agricole", "Retraite"],
    "france-travail": ["Emploi"],
    "la-poste": ["Services postaux et bancaires"],
    "dgfip": ["Impôts"],
    "interieur": ["Titres sécurisés"],
    "justice": ["Accès au droit"],
}

# partner slug, invented full name, function
REFERENTS = [
    ("caf", "Nadia Exemple", "Référente partenariats France Services"),
    ("cpam", "Olivier Exemple", "Conseiller référent France Services"),
    ("carsat", "Hélène Exemple", "Référente retraite"),
    ("msa", "Thomas Exemple", "Référent MSA pour les France Services"),
    ("france-travail", "Karima Exemple", "Référente partenariats"),
    ("la-poste", "Marc Exemple", "Responsable du réseau MSAP"),
    ("dgfip", "Sylvie Exemple", "Référente accueil de proximité"),
    ("interieur", "Paul Exemple", "Référent titres sécurisés (Préfecture)"),
    ("justice", "Léa Exemple", "Coordinatrice du CDAD"),
]

# partner slug, structure slug, recurrence, weekday, weeks of month, start, end, notes
PERMANENCES = [
    ("caf", "msap-molieres", Recurrence.MONTHLY, Weekday.TUESDAY, "2,4", *MORNING, ""),
    ("cpam", "msap-laguepie", Recurrence.WEEKLY, Weekday.THURSDAY, "", dt.time(14), dt.time(16), ""),
    (
        "carsat",
        "msap-villebrumier",
        Recurrence.APPOINTMENT,
        None,
        "",
        None,
        None,
        "Rendez-vous au 05 63 00 02 01.",
    ),
    ("dgfip", "msap-lamagistere", Recurrence.VISIO, None, "", *MORNING, "Rendez-vous en visioconférence."),
    ("msa", "msap-montpezat-de-quercy", Recurrence.MONTHLY, Weekday.WEDNESDAY, "1", *MORNING, ""),
    ("france-travail", "msap-la-ville-dieu-du-temple", Recurrence.WEEKLY, Weekday.MONDAY, "", *AFTERNOON, ""),
]


def load_demo_directory() -> None:
    partners = {p.slug: p for p in Partner.objects.all()}
    structures = {s.slug: s for s in Structure.objects.filter(slug__in=STRUCTURE_SLUGS)}
    for i, slug in enumerate(STRUCTURE_SLUGS):
        _fill_structure(structures[slug], i, partners)
    _add_referents(partners, structures)
    for partner, structure, recurrence, weekday, weeks, starts, ends, notes in PERMANENCES:
        Permanence.objects.get_or_create(
            partner=partners[partner],
            structure=structures[structure],
            recurrence=recurrence,
            defaults={
                "weekday": weekday,
                "weeks_of_month": weeks,
                "starts_at": starts,
                "ends_at": ends,
                "notes": notes,
            },
        )


def _fill_structure(structure: Structure, index: int, partners: dict[str, Partner]) -> None:
    well_equipped = index < 3
    structure.email = structure.email or f"{structure.slug}@example.org"
    structure.phone = structure.phone or f"05 63 00 00 {10 + index:02d}"
    structure.address = structure.address or f"{index + 1} place de la Mairie"
    structure.accessible_reduced_mobility = True
    structure.has_visio = structure.has_confidential_space = well_equipped
    structure.has_public_computers = structure.has_wifi = structure.has_printer_scanner = True
    structure.referent_name = structure.referent_name or "Agent La Poste (nom fictif)"
    structure.referent_phone = structure.referent_phone or f"05 63 00 00 {30 + index:02d}"
    structure.elected_name = structure.elected_name or "Élu référent (nom fictif)"
    structure.elected_function = structure.elected_function or "Adjoint au maire"
    structure.save()
    present = (
        list(partners.values())
        if well_equipped
        else [partners["la-poste"], partners["caf"], partners["dgfip"]]
    )
    structure.partners.add(*present)
    if not structure.opening_hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(structure=structure, weekday=day, opens=opens, closes=closes)
            for day, ranges in WEEKS[index % len(WEEKS)].items()
            for opens, closes in ranges
        )
        fragments.changed("annuaire")  # bulk_create sends no signal
    ExceptionalClosure.objects.get_or_create(
        structure=structure,
        starts_on=dt.date(2026, 12, 24),
        defaults={"ends_on": dt.date(2026, 12, 26), "reason": "Fêtes de fin d'année"},
    )


def _add_referents(partners: dict[str, Partner], structures: dict[str, Structure]) -> None:
    for i, (slug, full_name, function) in enumerate(REFERENTS):
        first, last = (slugify(part) for part in full_name.split())
        referent, _ = Referent.objects.update_or_create(
            partner=partners[slug],
            full_name=full_name,
            defaults={
                "function": function,
                "phone": f"05 63 00 01 {10 + i:02d}",
                "email": f"{first}.{last}@example.org",
                "territory": "Tout le Tarn-et-Garonne",
            },
        )
        referent.domains.add(
            *(
                Domain.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
                for name in DOMAINS[slug]
            )
        )
    # The CAF referent also follows two structures by name.
    Referent.objects.get(partner=partners["caf"], full_name="Nadia Exemple").structures.add(
        structures["msap-molieres"], structures["msap-laguepie"]
    )
