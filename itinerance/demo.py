"""Demo data of the itinerant cell: the real shape of its tours with invented people.

3 units of 2 agents, 3 tours over the 21 communes the Département's deliberation names, the MDS and
the Hôtel du Département, served every other week (even and odd ISO weeks, morning or afternoon) or
on given days of the month; the passages of the last two months (held, with invented counts, one
cancelled) and of the next three. The grouping of communes into tours, the coordinates (rounded
commune centres) and the agents are invented for the demo. Running it twice changes nothing.
"""

import datetime as dt
import random

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from annuaire import affiliations
from annuaire.enums import Weekday
from annuaire.models import Commune, Structure
from extranet.enums import Role
from extranet.models import User
from itinerance.enums import NetworkCoverage, PassageStatus, RuleKind, WeekParity
from itinerance.models import Passage, Rule, Site, Tour, Unit
from itinerance.planning import add_months, apply_plan, make_plan
from itinerance.reference_data import load_reference_sites

CELL = "cellule-itinerante"

# e-mail, first name, last name, job title
AGENTS = {
    "Unité 1": [
        ("ines.moreau@example.org", "Inès", "Moreau", "Agente itinérante"),
        ("hugo.garnier@example.org", "Hugo", "Garnier", "Conseiller numérique itinérant"),
    ],
    "Unité 2": [
        ("lea.faure@example.org", "Léa", "Faure", "Agente itinérante"),
        ("nicolas.blanc@example.org", "Nicolas", "Blanc", "Conseiller numérique itinérant"),
    ],
    "Unité 3": [
        ("manon.girard@example.org", "Manon", "Girard", "Agente itinérante"),
        ("yanis.mercier@example.org", "Yanis", "Mercier", "Conseiller numérique itinérant"),
    ],
}
COORDINATOR = (
    "nathalie.leroy@example.org",
    "Nathalie",
    "Leroy",
    "Chargée de mission, coordination de la cellule",
)

# tour name, unit, vehicle, [(INSEE code, latitude, longitude)] in the order of the tour
TOURS = [
    (
        "Tournée Quercy et Aveyron",
        "Unité 1",
        "Véhicule fictif AA-001-AA",
        [
            ("82117", "44.34", "1.03"),  # Montaigu-de-Quercy
            ("82042", "44.23", "1.20"),  # Cazes-Mondenard
            ("82127", "44.20", "1.07"),  # Montesquieu
            ("82113", "44.19", "1.37"),  # Molières
            ("82026", "44.06", "1.67"),  # Bruniquel
            ("82137", "44.26", "1.86"),  # Parisot
            ("82088", "44.15", "1.97"),  # Laguépie
        ],
    ),
    (
        "Tournée Lomagne et Garonne",
        "Unité 2",
        "Véhicule fictif BB-002-BB",
        [
            ("82008", "44.07", "0.90"),  # Auvillar
            ("82050", "44.09", "0.77"),  # Dunes
            ("82089", "44.12", "0.82"),  # Lamagistère
            ("82074", "43.94", "0.77"),  # Gramont
            ("82097", "43.96", "0.92"),  # Lavit
            ("82180", "43.92", "1.03"),  # Sérignac
            ("82013", "43.88", "0.99"),  # Beaumont-de-Lomagne
        ],
    ),
    (
        "Tournée Tarn et Garonne",
        "Unité 3",
        "Véhicule fictif CC-003-CC",
        [
            ("82105", "43.89", "1.19"),  # Mas-Grenier
            ("82190", "43.85", "1.23"),  # Verdun-sur-Garonne
            ("82017", "43.88", "1.27"),  # Bessens
            ("82195", "44.07", "1.29"),  # Villemade
            ("82096", "44.05", "1.22"),  # La Ville-Dieu-du-Temple
            ("82076", "44.12", "1.36"),  # L'Honor-de-Cos
            ("82194", "43.90", "1.46"),  # Villebrumier
        ],
    ),
]
# The reference sites that are not town halls: which tour serves them, and where they are.
REFERENCE_SITES = {
    "Maison départementale des solidarités de Valence d'Agen": (
        "Tournée Lomagne et Garonne",
        "44.11",
        "0.89",
    ),
    "Maison départementale des solidarités de Montech": ("Tournée Tarn et Garonne", "43.96", "1.23"),
    "Maison départementale des solidarités de Montauban « les Chênes »": (
        "Tournée Tarn et Garonne",
        "44.02",
        "1.35",
    ),
    "Maison départementale des solidarités de Montauban « Marcel Unal »": (
        "Tournée Quercy et Aveyron",
        "44.02",
        "1.35",
    ),
    "Maison départementale des solidarités de Montauban « Labat »": (
        "Tournée Lomagne et Garonne",
        "44.02",
        "1.35",
    ),
    "Hôtel du Département": ("Tournée Quercy et Aveyron", "44.02", "1.35"),
}
MORNING, AFTERNOON = (dt.time(9), dt.time(12)), (dt.time(14), dt.time(17))


def _person(email, first, last, title, role) -> User:
    from annuaire.management.commands.load_demo import DEMO_PASSWORD

    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "role": role, "job_title": title}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _rules_for(site: Site, index: int) -> None:
    """Town halls every other week (even, odd), morning or afternoon; the others on days of the month."""
    if site.rules.exists():
        return
    if site.kind == "mairie":
        weekday = index // 4
        times = MORNING if (index // 2) % 2 == 0 else AFTERNOON
        parity = WeekParity.EVEN if index % 2 == 0 else WeekParity.ODD
        Rule.objects.create(
            site=site,
            kind=RuleKind.WEEK_PARITY,
            weekday=weekday,
            parity=parity,
            starts_at=times[0],
            ends_at=times[1],
        )
    else:
        Rule.objects.create(
            site=site,
            kind=RuleKind.MONTHLY,
            weekday=Weekday.FRIDAY if index % 2 else Weekday.THURSDAY,
            weeks_of_month="2,4" if index % 3 else "1,3",
            starts_at=MORNING[0] if index % 2 else AFTERNOON[0],
            ends_at=MORNING[1] if index % 2 else AFTERNOON[1],
        )


@transaction.atomic
def load_itinerance_demo(today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    load_reference_sites()
    cell = Structure.objects.get(slug=CELL)
    coordinator = _person(*COORDINATOR, Role.PILOTAGE)
    coordinator.user_permissions.add(Permission.objects.get(codename="plan_passages"))

    tours = {}
    for name, unit_name, vehicle, stops in TOURS:
        unit, _ = Unit.objects.get_or_create(name=unit_name, defaults={"vehicle": vehicle, "structure": cell})
        for email, first, last, title in AGENTS[unit_name]:
            agent = _person(email, first, last, title, Role.ITINERANT)
            affiliations.attach(agent, cell)
            unit.agents.add(agent)
        tour, _ = Tour.objects.get_or_create(name=name, defaults={"unit": unit})
        tours[name] = tour
        for position, (insee, latitude, longitude) in enumerate(stops):
            commune = Commune.objects.get(insee_code=insee)
            site, _ = Site.objects.get_or_create(
                commune=commune,
                name=f"Mairie de {commune.name}",
                defaults={
                    "tour": tour,
                    "position": position,
                    "address": "Place de la mairie (adresse fictive)",
                    "latitude": latitude,
                    "longitude": longitude,
                    "parking": "Parking de la mairie, place réservée au véhicule",
                    "step_free": position % 3 != 2,
                    "network_coverage": NetworkCoverage.WEAK if position % 4 == 3 else NetworkCoverage.GOOD,
                },
            )
            _rules_for(site, position)
    for name, (tour_name, latitude, longitude) in REFERENCE_SITES.items():
        site = Site.objects.get(name=name)
        if site.tour_id is None:
            tour = tours[tour_name]
            site.tour, site.position = tour, tour.sites.count()
            site.latitude, site.longitude = latitude, longitude
            site.save()
        _rules_for(site, site.position)

    first = add_months(today, -2)
    plan = make_plan(first, add_months(today, 4) - dt.timedelta(days=1))
    apply_plan(plan, confirm_changes=False)

    # The passages already past: held, with invented counts (one cancelled for a breakdown).
    rng = random.Random(82)
    past = Passage.objects.filter(date__gte=first, date__lt=today, status=PassageStatus.PLANNED).order_by(
        "date", "pk"
    )
    for n, passage in enumerate(past):
        if n == 5:
            passage.status, passage.public_reason = PassageStatus.CANCELLED, "Panne du véhicule"
        else:
            received = rng.randint(2, 12)
            level_2 = rng.randint(0, received // 3)
            passage.status = PassageStatus.HELD
            passage.people_received, passage.level_1, passage.level_2 = received, received - level_2, level_2
            passage.oriented_to_mds, passage.digital_sessions = rng.randint(0, 2), rng.randint(0, received)
            passage.counts_recorded_at = timezone.now()
        passage.save()
    return {"units": Unit.objects.count(), "tours": Tour.objects.count(), "sites": Site.objects.count()}
