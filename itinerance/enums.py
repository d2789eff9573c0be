from django.db import models


class SiteKind(models.TextChoices):
    TOWN_HALL = "mairie", "Mairie ou salle communale"
    MDS = "mds", "Maison départementale des solidarités"
    DEPARTMENT = "hotel_departement", "Hôtel du Département"


class NetworkCoverage(models.TextChoices):
    GOOD = "bonne", "Bonne"
    WEAK = "faible", "Faible"
    NONE = "aucune", "Aucune"


class PassageStatus(models.TextChoices):
    PLANNED = "prevu", "Prévu"
    HELD = "tenu", "Tenu"
    CANCELLED = "annule", "Annulé"
    # Stopped for good, not by accident: the commune now has a labelled France Services.
    STOPPED = "arrete", "Arrêté"


class RuleKind(models.TextChoices):
    """How a site's passages recur, in the words the cell uses."""

    MONTHLY = "mensuelle", "Certains jours du mois (ex. 1er et 3e mardis)"
    WEEK_PARITY = "parite", "Les semaines paires ou impaires"
    FORTNIGHTLY = "quinzaine", "Un jour sur deux semaines à partir d'une date"


class WeekParity(models.TextChoices):
    EVEN = "paire", "paires"
    ODD = "impaire", "impaires"


class VisitReason(models.TextChoices):
    """Why the person cannot come to a passage or a France Services (home visits are for them only)."""

    AGE = "age", "Âge"
    DISABILITY = "handicap", "Handicap ou maladie"
    OTHER = "autre", "Autre difficulté de déplacement"


class VisitStatus(models.TextChoices):
    SUBMITTED = "soumise", "Demandée"
    SCHEDULED = "planifiee", "Planifiée"
    MOVED = "deplacee", "Déplacée"
    DONE = "faite", "Effectuée"
    CANCELLED = "annulee", "Annulée"


class DayPart(models.TextChoices):
    ANY = "", "Indifférent"
    MORNING = "matin", "Le matin"
    AFTERNOON = "apres_midi", "L'après-midi"
