from django.db import models


class EventKind(models.TextChoices):
    TRAINING = "formation", "Formation"
    # Counts for the charter's « agents formés » (annuaire.Training) once attendance is taken.
    INITIAL_TRAINING = "formation_initiale", "Formation initiale France Services"
    ANNUAL_MEETING = "rencontre_annuelle", "Rencontre annuelle du réseau"
    EDUCTOUR = "eductour", "Eductour"
    STEERING_COMMITTEE = "comite_pilotage", "Comité de pilotage"
    NETWORK_MEETING = "reunion_reseau", "Réunion de réseau"
    PARTNER_WEBINAR = "webinaire", "Webinaire partenaire"
    OTHER = "autre", "Autre"


# What a partner referent may organise for their own partner (the issue: "partners create their own
# webinars and trainings").
PARTNER_KINDS = (EventKind.TRAINING, EventKind.PARTNER_WEBINAR)
TRAINING_KINDS = (EventKind.TRAINING, EventKind.INITIAL_TRAINING)


class Audience(models.TextChoices):
    EVERYONE = "tous", "Tout le réseau"
    COUNSELLORS = "conseillers", "Conseillers France Services"
    REFERENTS = "referents", "Référents des partenaires"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "inscrit", "Inscrit"
    WAITING = "attente", "Sur liste d'attente"


class MessageKind(models.TextChoices):
    REMINDER_7_DAYS = "rappel_j7", "Rappel 7 jours avant"
    REMINDER_1_DAY = "rappel_j1", "Rappel la veille"
