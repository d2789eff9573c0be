from django.db import models

from extranet.enums import Role


class StructureKind(models.TextChoices):
    FIXED = "fixe", "France Services fixe"
    ITINERANT = "itinerante", "Unité itinérante"
    ANTENNA = "antenne", "Antenne"
    # Not a France Services: listed because counsellors and the itinerant cell orient people to them.
    MDS = "mds", "Maison départementale des solidarités"


class StructureStatus(models.TextChoices):
    MSAP = "msap", "MSAP (avant labellisation)"
    LABELLED = "labellisee", "Labellisée France Services"
    PROJECT = "projet", "En projet"
    CLOSED = "fermee", "Fermée"
    # A service listed in the directory that is not part of the France Services network (an MDS).
    OUTSIDE = "hors_reseau", "Hors réseau France Services"


class NationalFormat(models.TextChoices):
    """`format_fs` of the national list (annuaire/national.py): values stored exactly as published."""

    FIXED = "Fixe", "Fixe"
    WITH_ANTENNAS = "Fixe_antenne(s)", "Fixe avec antenne(s)"
    MULTISITE = "Multisites", "Multisites"
    ITINERANT = "Itinérante", "Itinérante"
    BUS = "Bus_équivalent", "Bus ou équivalent"


class ManagerKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    INTERCOMMUNALITY = "intercommunalite", "Intercommunalité"
    LA_POSTE = "la_poste", "La Poste"
    ASSOCIATION = "association", "Association"
    DEPARTMENT = "departement", "Département"
    OTHER = "autre", "Autre"


class Weekday(models.IntegerChoices):
    """Days numbered as Python's `date.weekday()` does, so that dates map onto them directly."""

    MONDAY = 0, "lundi"
    TUESDAY = 1, "mardi"
    WEDNESDAY = 2, "mercredi"
    THURSDAY = 3, "jeudi"
    FRIDAY = 4, "vendredi"
    SATURDAY = 5, "samedi"
    SUNDAY = 6, "dimanche"


class Recurrence(models.TextChoices):
    WEEKLY = "hebdomadaire", "Chaque semaine"
    MONTHLY = "mensuelle", "Certains jours du mois (ex. 2e et 4e mardis)"
    APPOINTMENT = "rendez_vous", "Sur rendez-vous"
    VISIO = "visio", "En visioconférence"


# Who is attached to what (Membership.clean) and whose attachment counts (annuaire.affiliations).
STRUCTURE_ROLES = (Role.CONSEILLER, Role.ITINERANT)
PARTNER_ROLES = (Role.REFERENT,)
# A town-hall secretariat or an MDS desk is attached to its commune (the MDS's own commune).
COMMUNE_ROLES = (Role.GUICHET,)


class CharterOutcome(models.TextChoices):
    """What a charter criterion says of a structure (annuaire/charter.py), always shown in words."""

    MET = "respecte", "Respecté"
    NOT_MET = "non_respecte", "Non respecté"
    MISSING = "a_renseigner", "À renseigner"
    NOT_APPLICABLE = "sans_objet", "Sans objet"


class CharterFramework(models.TextChoices):
    """The set of charter rules a structure answers to."""

    FRANCE_SERVICES = "france_services", "France Services labellisée"
    MSAP = "msap", "MSAP (avant labellisation)"
    ITINERANT = "itinerante", "Unité itinérante"
