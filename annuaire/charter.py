"""The France Services charter criteria a directory can check (seed 001, art. 4.2–4.3)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from annuaire.models import Structure

MIN_WEEKLY_MINUTES = 24 * 60
MIN_OPEN_DAYS = 5
MIN_COUNSELLORS = 2

CRITERIA = (
    "Ouverture d'au moins 24 h sur au moins 5 jours",
    "E-mail de contact",
    "Au moins 2 conseillers",
    "Les 9 partenaires nationaux présents",
    "Équipement de visioconférence",
    "Informations vérifiées depuis moins de 12 mois",
)


@dataclass(frozen=True)
class Criterion:
    label: str
    met: bool
    detail: str

    @property
    def verdict(self) -> str:
        return "Respecté" if self.met else "Non respecté"


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def check_charter(
    structure: Structure,
    *,
    counsellor_count: int,
    national_partner_ids: set[int],
    now: dt.datetime | None = None,
) -> list[Criterion]:
    """Each criterion of `CRITERIA`, in that order, met or not, with what was found.

    `structure` should come from `Structure.objects.with_week()`: the computation then reads only
    prefetched rows, and a table of all structures costs a fixed number of queries.
    """
    minutes, days = structure.weekly_minutes(), structure.open_days_count()
    present = {partner.id for partner in structure.partners.all()} & national_partner_ids
    verified = structure.verified_at
    findings = [
        (
            minutes >= MIN_WEEKLY_MINUTES and days >= MIN_OPEN_DAYS,
            f"{format_duration(minutes)} sur {days} jour{'s' if days > 1 else ''}",
        ),
        (bool(structure.email), structure.email or "Aucun e-mail"),
        (
            counsellor_count >= MIN_COUNSELLORS,
            f"{counsellor_count} conseiller{'s' if counsellor_count > 1 else ''}",
        ),
        (
            bool(national_partner_ids) and present == national_partner_ids,
            f"{len(present)} sur {len(national_partner_ids)}",
        ),
        (structure.has_visio, "Équipée" if structure.has_visio else "Non équipée"),
        (
            structure.is_verified_recently(now),
            f"Vérifiées le {timezone.localtime(verified):%d/%m/%Y}" if verified else "Jamais vérifiées",
        ),
    ]
    return [Criterion(label, met, detail) for label, (met, detail) in zip(CRITERIA, findings, strict=True)]
