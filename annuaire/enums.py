from django.db import models


class StructureKind(models.TextChoices):
    FIXED = "fixe", "France Services fixe"
    ITINERANT = "itinerante", "Unité itinérante"
    ANTENNA = "antenne", "Antenne"


class StructureStatus(models.TextChoices):
    MSAP = "msap", "MSAP (avant labellisation)"
    LABELLED = "labellisee", "Labellisée France Services"
    PROJECT = "projet", "En projet"
    CLOSED = "fermee", "Fermée"


class ManagerKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    INTERCOMMUNALITY = "intercommunalite", "Intercommunalité"
    LA_POSTE = "la_poste", "La Poste"
    ASSOCIATION = "association", "Association"
    DEPARTMENT = "departement", "Département"
    OTHER = "autre", "Autre"
