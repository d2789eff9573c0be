from django.db import models


class NewsCategory(models.TextChoices):
    NETWORK = "reseau", "Vie du réseau"
    FRANCE_SERVICES = "france_services", "Actualités France Services"
    PARTNERS = "partenaires", "Actualités des partenaires"
    STATE_SCHEMES = "dispositifs", "Dispositifs de l'État"


class DocumentCategory(models.TextChoices):
    LEAFLET = "plaquette", "Plaquette de communication"
    PERMANENCE_PROGRAMME = "programme_permanences", "Programme de permanences"
    ATTENDANCE = "frequentation", "Chiffres de fréquentation"
    ANNUAL_REPORT = "rapport_activite", "Rapport d'activité annuel"
    PARTNER_DOCUMENTATION = "documentation_partenaire", "Documentation partenaire"
    STATE_SCHEME = "dispositif", "Dispositif de l'État"
    MEETING_MINUTES = "compte_rendu", "Compte rendu de réunion"
    OTHER = "autre", "Autre"
