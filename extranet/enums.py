from django.db import models


class Role(models.TextChoices):
    """What a person does in the network; it chooses their home page and their rights."""

    CONSEILLER = "conseiller", "Conseiller France Services"
    REFERENT = "referent", "Référent d'un partenaire"
    ITINERANT = "itinerant", "Agent de la cellule itinérante"
    PILOTAGE = "pilotage", "Pilotage (Département, Préfecture)"
    ANIMATEUR = "animateur", "Animateur du réseau (CCI)"
    # Town-hall secretariats and MDS staff who book home visits of the itinerant cell: they submit and
    # follow their own requests and read the itinerant schedule, nothing else (extranet.middleware).
    GUICHET = "guichet", "Guichet d'orientation (mairie, MDS)"


class OutgoingEmailState(models.TextChoices):
    """Where a message of the outbox stands (extranet.models.OutgoingEmail)."""

    PENDING = "pending", "à envoyer"
    SENDING = "sending", "en cours d'envoi"
    SENT = "sent", "envoyé"
    FAILED = "failed", "abandonné"
