"""The charter criteria the directory can check, by kind of structure, with their sources.

Each criterion answers in words, never by colour alone: « Respecté », « Non respecté », « À renseigner »
(the directory lacks the data: the detail says which) or « Sans objet » (the rule does not concern this
kind of structure, or the structure is a project or closed). Three sets of rules apply (the texts and
articles are in docs/decisions.md, « Charter check »):

- a labelled France Services follows the France Services convention (art. 4.2, 4.3, 5.2.2);
- a MSAP not yet labelled still follows the model convention of the MSAP (art. 3.2, 3.3);
- an itinerant unit follows the Département's deliberation creating the itinerant cell.

The directory does not know the itinerant cell's units, tours and passages: the app that holds them
registers a provider (`register_itinerant_facts`) that answers, for each itinerant structure, how
many agents each unit has and which sites lack their two passages a month (`ItinerantFacts`).

`check_structure()` reads only what `structures_for_charter()` prefetched and annotated, so a table of
every structure costs a fixed number of queries.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from annuaire import affiliations
from annuaire.enums import CharterFramework as Framework
from annuaire.enums import CharterOutcome as Outcome
from annuaire.enums import StructureKind, StructureStatus
from annuaire.models import CharterSnapshot, Partner, Structure
from extranet.typography import format_duration, plural

SOURCE_FS = "Convention France Services"
SOURCE_MSAP = "Modèle de convention-cadre des MSAP"
SOURCE_ITINERANT = "Délibération du Département créant la cellule itinérante"
SOURCE_NETWORK = "Cahier des charges de l'extranet (actualisation annuelle)"


def structures_for_charter():
    """Structures with what the check reads: the week, the partners, `agent_count` (the people who
    speak for the structure, see annuaire/affiliations.py) and `trained_agent_count` (those of them
    with an initial training recorded)."""
    agents = affiliations.memberships().filter(structure=OuterRef("pk"))

    def count(memberships):
        people = memberships.values("structure").annotate(n=Count("user", distinct=True)).values("n")
        return Coalesce(Subquery(people), 0)

    return Structure.objects.with_week().annotate(
        agent_count=count(agents),
        trained_agent_count=count(agents.filter(user__trainings__isnull=False)),
    )


def agents_with_training(structure: Structure):
    """The structure's agents, each with `trained_on`: their latest initial training, or None."""
    return (
        affiliations.members_of(structure)
        .annotate(trained_on=Max("trainings__trained_on"))
        .order_by("last_name", "first_name")
    )


def framework_of(structure: Structure) -> Framework | None:
    """The rules a structure answers to; None for a project, a closed structure or a service outside
    the network (an MDS)."""
    if structure.status in (StructureStatus.PROJECT, StructureStatus.CLOSED, StructureStatus.OUTSIDE):
        return None
    if structure.kind == StructureKind.ITINERANT:
        return Framework.ITINERANT
    if structure.status == StructureStatus.MSAP:
        return Framework.MSAP
    return Framework.FRANCE_SERVICES


@dataclass(frozen=True)
class ItinerantFacts:
    """What the itinerant cell's app knows of one itinerant structure."""

    # (unit name, number of agents), one per unit in service.
    unit_agents: tuple[tuple[str, int], ...] = ()
    # How many sites its tours serve, and the months checked (« décembre et janvier »).
    site_count: int = 0
    months: str = ""
    # (site name, month) for each site with fewer than 2 announced passages in a checked month.
    short_sites: tuple[tuple[str, str], ...] = ()


ItinerantFactsProvider = Callable[[dt.datetime], Mapping[int, ItinerantFacts]]
_itinerant_providers: list[ItinerantFactsProvider] = []
_itinerant_topics: set[str] = set()


def register_itinerant_facts(provider: ItinerantFactsProvider, topic: str) -> None:
    """Let an app tell the check about itinerant structures: `provider(now)` returns their facts by
    structure id, in a fixed number of queries (the check of every structure calls it once). `topic`
    names the app's data it reads (extranet/fragments.py), so that cached checks follow it."""
    if provider not in _itinerant_providers:
        _itinerant_providers.append(provider)
    _itinerant_topics.add(topic)


def topics() -> list[str]:
    """The fragment topics a charter check reads: the directory, and what the providers read."""
    return ["annuaire", *sorted(_itinerant_topics)]


@dataclass(frozen=True)
class NetworkFacts:
    """What the check reads besides the structure: the national partners, the time, and what the
    itinerant cell's app says of the itinerant structures."""

    national_partners: tuple[Partner, ...]
    now: dt.datetime
    itinerant: Mapping[int, ItinerantFacts] = field(default_factory=dict)

    @classmethod
    def current(cls, now: dt.datetime | None = None, *, itinerant_needed: bool = True) -> "NetworkFacts":
        """The facts at `now`; without asking the itinerant cell's app when no itinerant structure is
        to be checked (`itinerant_needed=False`: a fixed structure's page)."""
        now = now or timezone.now()
        itinerant = {}
        for provider in _itinerant_providers if itinerant_needed else ():
            itinerant.update(provider(now))
        return cls(tuple(Partner.objects.filter(is_national=True).order_by("name")), now, itinerant)


Finding = tuple[Outcome, str]
Check = Callable[[Structure, NetworkFacts], Finding]


@dataclass(frozen=True)
class Rule:
    requirement: str
    source: str
    check: Check


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    rules: dict[Framework, Rule]


@dataclass(frozen=True)
class Result:
    criterion: Criterion
    outcome: Outcome
    detail: str
    rule: Rule | None

    @property
    def label(self) -> str:
        return self.criterion.label

    @property
    def verdict(self) -> str:
        return self.outcome.label


def _opening_hours(min_days: int) -> Check:
    def check(structure: Structure, facts: NetworkFacts) -> Finding:
        minutes, days = structure.weekly_minutes(), structure.open_days_count()
        if not minutes:
            return Outcome.MISSING, "Aucun horaire d'ouverture renseigné"
        met = minutes >= 24 * 60 and days >= min_days
        detail = f"{format_duration(minutes)} sur {plural(days, 'jour')}"
        return (Outcome.MET if met else Outcome.NOT_MET), detail

    return check


def _contact(structure: Structure, facts: NetworkFacts) -> Finding:
    if structure.email:
        return Outcome.MET, structure.email
    return Outcome.MISSING, "Aucun e-mail de contact renseigné"


def _trained_agents(structure: Structure, facts: NetworkFacts) -> Finding:
    agents, trained = structure.agent_count, structure.trained_agent_count
    if not agents:
        return Outcome.MISSING, "Aucun agent rattaché à la structure dans l'extranet"
    detail = f"{plural(trained, 'formé')} sur {plural(agents, 'agent')}"
    return (Outcome.MET if trained >= 2 else Outcome.NOT_MET), detail


def _unit_agents(structure: Structure, facts: NetworkFacts) -> Finding:
    known = facts.itinerant.get(structure.pk)
    if known and known.unit_agents:
        # Each vehicle needs its two agents: the cell's total says nothing of a unit left alone.
        detail = " ; ".join(f"{name} : {plural(count, 'agent')}" for name, count in known.unit_agents)
        met = all(count >= 2 for _name, count in known.unit_agents)
        return (Outcome.MET if met else Outcome.NOT_MET), detail
    if not structure.agent_count:
        return Outcome.MISSING, "Aucun agent rattaché à l'unité dans l'extranet"
    met = structure.agent_count >= 2
    return (Outcome.MET if met else Outcome.NOT_MET), plural(structure.agent_count, "agent")


def _passages(structure: Structure, facts: NetworkFacts) -> Finding:
    known = facts.itinerant.get(structure.pk)
    if known is None or not known.site_count:
        return Outcome.MISSING, "Aucun site de passage suivi dans l'extranet pour cette unité"
    if known.short_sites:
        listed = ", ".join(f"{site} ({month})" for site, month in known.short_sites[:5])
        more = len(known.short_sites) - 5
        suffix = f" et {more} autre{'s' if more > 1 else ''}" if more > 0 else ""
        return Outcome.NOT_MET, f"Moins de 2 passages annoncés : {listed}{suffix}"
    return Outcome.MET, f"{plural(known.site_count, 'site')}, au moins 2 passages annoncés en {known.months}"


def _national_partners(structure: Structure, facts: NetworkFacts) -> Finding:
    present = {partner.pk for partner in structure.partners.all()}
    if not present:
        return Outcome.MISSING, "Partenaires présents non renseignés"
    missing = [p.acronym or p.name for p in facts.national_partners if p.pk not in present]
    found = len(facts.national_partners) - len(missing)
    detail = f"{found} sur {len(facts.national_partners)}"
    if missing:
        return Outcome.NOT_MET, f"{detail} ; manque{'nt' if len(missing) > 1 else ''} : {', '.join(missing)}"
    return Outcome.MET, detail


def _stated(field: str, yes: str, no: str) -> Check:
    def check(structure: Structure, facts: NetworkFacts) -> Finding:
        value = getattr(structure, field)
        if value is None:
            return Outcome.MISSING, "Non renseigné sur la fiche"
        return (Outcome.MET, yes) if value else (Outcome.NOT_MET, no)

    return check


def _verified(structure: Structure, facts: NetworkFacts) -> Finding:
    if structure.verified_at is None:
        return Outcome.NOT_MET, "Fiche jamais vérifiée"
    detail = f"Vérifiée le {timezone.localtime(structure.verified_at):%d/%m/%Y}"
    return (Outcome.MET if structure.is_verified_recently(facts.now) else Outcome.NOT_MET), detail


_visio = _stated("has_visio", "Équipée", "Non équipée")
_confidential = _stated("has_confidential_space", "Oui", "Non")
_accessible = _stated("accessible_reduced_mobility", "Oui", "Non")

FS, MSAP, ITINERANT = Framework.FRANCE_SERVICES, Framework.MSAP, Framework.ITINERANT

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "horaires",
        "Horaires d'ouverture",
        {
            FS: Rule(
                "Au moins 24 h par semaine sur au moins 5 jours", f"{SOURCE_FS}, art. 4.2", _opening_hours(5)
            ),
            MSAP: Rule(
                "Au moins 24 h par semaine sur au moins 3 jours",
                f"{SOURCE_MSAP}, art. 3.2",
                _opening_hours(3),
            ),
        },
    ),
    Criterion(
        "contact",
        "Contact par e-mail",
        {FS: Rule("Joignable par e-mail ou formulaire de contact", f"{SOURCE_FS}, art. 4.2", _contact)},
    ),
    Criterion(
        "agents_formes",
        "Agents formés",
        {
            FS: Rule(
                "Au moins 2 agents ayant suivi la formation initiale",
                f"{SOURCE_FS}, art. 5.2.2",
                _trained_agents,
            )
        },
    ),
    Criterion(
        "agents_unite",
        "Agents par unité",
        {ITINERANT: Rule("2 agents par unité itinérante", SOURCE_ITINERANT, _unit_agents)},
    ),
    Criterion(
        "passages",
        "Passages",
        {
            ITINERANT: Rule(
                "2 passages par mois sur chaque site, annoncés à l'avance", SOURCE_ITINERANT, _passages
            )
        },
    ),
    Criterion(
        "partenaires",
        "Partenaires nationaux",
        {FS: Rule("Les 9 partenaires nationaux présents", f"{SOURCE_FS}, art. 2", _national_partners)},
    ),
    Criterion(
        "visio",
        "Visioconférence",
        {FS: Rule("Équipement de visioconférence", f"{SOURCE_FS}, art. 4.3", _visio)},
    ),
    Criterion(
        "confidentialite",
        "Espace confidentiel",
        {
            FS: Rule("Un espace confidentiel", f"{SOURCE_FS}, art. 4.3", _confidential),
            MSAP: Rule("Un espace confidentiel", f"{SOURCE_MSAP}, art. 3.3", _confidential),
        },
    ),
    Criterion(
        "accessibilite",
        "Accessibilité",
        {
            FS: Rule("Accessible aux personnes à mobilité réduite", f"{SOURCE_FS}, art. 4.3", _accessible),
            MSAP: Rule("Accueil des personnes à mobilité réduite", f"{SOURCE_MSAP}, art. 3.3", _accessible),
        },
    ),
    Criterion(
        "verification",
        "Fiche vérifiée",
        {
            framework: Rule("Informations vérifiées depuis moins de 12 mois", SOURCE_NETWORK, _verified)
            for framework in Framework
        },
    ),
)

_NOT_CONCERNED = {
    FS: "Ne concerne pas une France Services labellisée",
    MSAP: "Ne concerne pas une MSAP sous l'ancienne convention",
    ITINERANT: "Ne concerne pas une unité itinérante",
}


def check_structure(structure: Structure, facts: NetworkFacts) -> list[Result]:
    """Each criterion of `CRITERIA`, in order, for `structure` (from `structures_for_charter()`)."""
    framework = framework_of(structure)
    results = []
    for criterion in CRITERIA:
        rule = criterion.rules.get(framework) if framework else None
        if framework is None:
            outcome, detail = Outcome.NOT_APPLICABLE, f"Structure {structure.get_status_display().lower()}"
        elif rule is None:
            outcome, detail = Outcome.NOT_APPLICABLE, _NOT_CONCERNED[framework]
        else:
            outcome, detail = rule.check(structure, facts)
        results.append(Result(criterion, outcome, detail, rule))
    return results


def summarise(rows: Iterable[tuple[Structure, list[Result]]]) -> list[tuple[Criterion, dict[Outcome, int]]]:
    """For each criterion, how many structures have each outcome."""
    counts = {criterion.code: dict.fromkeys(Outcome, 0) for criterion in CRITERIA}
    for _structure, results in rows:
        for result in results:
            counts[result.criterion.code][result.outcome] += 1
    return [(criterion, counts[criterion.code]) for criterion in CRITERIA]


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def take_snapshots(now: dt.datetime | None = None) -> int:
    """Record every structure's current results for the current quarter; the last run of a quarter wins.

    Safe to run every day: each structure has one record per quarter, updated in place.
    """
    facts = NetworkFacts.current()
    if now is not None:
        facts = replace(facts, now=now)
    year, quarter = quarter_of(timezone.localdate(facts.now))
    structures = structures_for_charter().exclude(kind=StructureKind.MDS)
    for structure in structures:
        results = {
            result.criterion.code: {"outcome": result.outcome.value, "detail": result.detail}
            for result in check_structure(structure, facts)
        }
        CharterSnapshot.objects.update_or_create(
            structure=structure,
            year=year,
            quarter=quarter,
            defaults={"results": results, "taken_at": facts.now},
        )
    return len(structures)
