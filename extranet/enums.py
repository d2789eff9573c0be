from django.db import models


class Role(models.TextChoices):
    """What a person does in the network; it chooses their home page and their rights."""

    CONSEILLER = "conseiller", "Conseiller France Services"
    REFERENT = "referent", "Référent d'un partenaire"
    ITINERANT = "itinerant", "Agent de la cellule itinérante"
    PILOTAGE = "pilotage", "Pilotage (Département, Préfecture)"
    ANIMATEUR = "animateur", "Animateur du réseau (CCI)"
