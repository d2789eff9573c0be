"""Demo events of the network calendar (invented), dated from today so that they are always ahead,
and always on working days (never a weekend, never a French public holiday such as 1 January).

Refused when DEBUG is off, like `load_demo`, whose accounts it uses (run `load_demo` first). Running it
twice changes nothing the second time: events are found again by their title.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from annuaire.models import Commune, Partner, Structure
from calendrier.enums import Audience, EventKind
from calendrier.models import Event
from extranet.models import User
from extranet.working_days import is_working_day, working_day_from

ORGANISER = "claire.roux@example.org"  # the demo CCI agent
CAF_REFERENT = "sophie.durand@example.org"
COUNSELLOR = "camille.martin@example.org"
MONTAUBAN = "82121"


def demo_events(today: dt.date) -> list[dict]:
    def day(offset: int) -> dt.date:
        """About `offset` days from today: that day, or the first working day after it."""
        return working_day_from(today + dt.timedelta(days=offset))

    # The two-day training needs two working days in a row (not a Friday and the Monday after).
    training_day = day(14)
    while not is_working_day(training_day + dt.timedelta(days=1)):
        training_day = working_day_from(training_day + dt.timedelta(days=1))

    return [
        {
            "title": "Formation initiale des conseillers France Services",
            "kind": EventKind.TRAINING,
            "description": "Deux journées pour les nouveaux conseillers : **accueil**, les démarches des "
            "neuf partenaires nationaux, les outils du réseau.\n\n(Événement fictif de démonstration.)",
            "start_date": training_day,
            "start_time": dt.time(9),
            "end_date": training_day + dt.timedelta(days=1),
            "end_time": dt.time(17),
            "commune": MONTAUBAN,
            "address": "Salle de formation fictive, 1 rue de l'Exemple",
            "audience": Audience.COUNSELLORS,
            "capacity": 12,
            "registration_deadline": day(10),
        },
        {
            "title": "Rencontre annuelle du réseau France Services 82",
            "kind": EventKind.ANNUAL_MEETING,
            "description": "La journée de tout le réseau : bilan de l'année, ateliers, partenaires.",
            "start_date": day(45),
            "end_date": day(45),
            "commune": MONTAUBAN,
            "address": "Salle des fêtes fictive, 2 place de l'Exemple",
            "capacity": 80,
        },
        {
            "title": "Eductour : la France Services de Laguépie",
            "kind": EventKind.EDUCTOUR,
            "description": "Visite de la structure et échanges avec son équipe.",
            "start_date": day(30),
            "start_time": dt.time(9, 30),
            "end_date": day(30),
            "end_time": dt.time(12, 30),
            "structure": "msap-laguepie",
            "capacity": 15,
        },
        {
            "title": "Comité de pilotage départemental France Services",
            "kind": EventKind.STEERING_COMMITTEE,
            "description": "Comité annuel : bilan d'activité et rapport d'usage de l'extranet.",
            "start_date": day(60),
            "start_time": dt.time(14),
            "end_date": day(60),
            "end_time": dt.time(16, 30),
            "commune": MONTAUBAN,
            "address": "Salle du conseil fictive, 3 avenue de l'Exemple",
        },
        {
            "title": "Webinaire CAF : les nouveautés de la prime d'activité",
            "kind": EventKind.PARTNER_WEBINAR,
            "description": "Une heure et demie pour faire le point, questions en fin de séance.",
            "start_date": day(7),
            "start_time": dt.time(10),
            "end_date": day(7),
            "end_time": dt.time(11, 30),
            "visio_url": "https://visio.example.org/webinaire-caf",
            "audience": Audience.COUNSELLORS,
            "capacity": 50,
            "partner": "caf",
        },
    ]


class Command(BaseCommand):
    help = "Charge des événements de démonstration dans le calendrier (refusé quand DEBUG est désactivé)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusé : les données de démonstration ne se chargent que si DJANGO_DEBUG=1.")
        try:
            organiser = User.objects.get(email=ORGANISER)
        except User.DoesNotExist as exc:
            raise CommandError("Lancez d'abord « manage.py load_demo » (comptes de démonstration).") from exc
        referent = User.objects.filter(email=CAF_REFERENT).first() or organiser
        counsellor = User.objects.filter(email=COUNSELLOR).first()
        created = 0
        with transaction.atomic():
            for data in demo_events(timezone.localdate()):
                partner_slug = data.pop("partner", None)
                if "commune" in data:
                    data["commune"] = Commune.objects.get(insee_code=data["commune"])
                if "structure" in data:
                    data["structure"] = Structure.objects.get(slug=data["structure"])
                if data.get("registration_deadline"):
                    data["registration_deadline"] = timezone.make_aware(
                        dt.datetime.combine(data["registration_deadline"], dt.time(23, 59))
                    )
                if partner_slug:
                    data["organiser_partner"] = Partner.objects.get(slug=partner_slug)
                    data["organiser"] = referent
                else:
                    data["organiser"] = organiser
                event, is_new = Event.objects.get_or_create(title=data.pop("title"), defaults=data)
                created += is_new
                if counsellor and is_new and event.kind in (EventKind.TRAINING, EventKind.PARTNER_WEBINAR):
                    event.register(counsellor)
        self.stdout.write(
            self.style.SUCCESS(f"Calendrier de démonstration : {created} événement(s) créé(s).")
        )
