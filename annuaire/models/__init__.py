"""The directory's models, one module per subject; import them from `annuaire.models`."""

from annuaire.models.charter import CharterSnapshot
from annuaire.models.directory import (
    VERIFICATION_VALIDITY,
    Commune,
    Domain,
    Partner,
    Referent,
    Structure,
    Verifiable,
    VerifiableQuerySet,
)
from annuaire.models.hours_change import HoursChange, NotificationPreference
from annuaire.models.membership import Membership
from annuaire.models.national import NationalListImport
from annuaire.models.refresh import RefreshReminder
from annuaire.models.schedule import ExceptionalClosure, OpeningHours, Permanence
from annuaire.models.training import Training

__all__ = [
    "CharterSnapshot",
    "Training",
    "VERIFICATION_VALIDITY",
    "Commune",
    "Domain",
    "ExceptionalClosure",
    "HoursChange",
    "Membership",
    "NotificationPreference",
    "NationalListImport",
    "OpeningHours",
    "Partner",
    "Permanence",
    "RefreshReminder",
    "Referent",
    "Structure",
    "Verifiable",
    "VerifiableQuerySet",
]
