"""The figures of a quarterly report the extranet already knows, prefilled and marked as such.

- The questions the structure's people put to each partner on the forum during the quarter (topics
  opened in that partner's forum, read from the forum's answer records).
- The passages of an itinerant unit, from the itinérance app when it registers its counter as a
  figure provider (extranet/registry.py); until then the form says « non disponible ».
"""

from django.db.models import Count

from annuaire import affiliations
from annuaire.enums import StructureKind
from annuaire.models import Structure
from extranet import registry
from forum.models import TopicAnswer
from reporting.quarters import Quarter


def forum_questions(structure: Structure, quarter: Quarter) -> dict[int, int]:
    """{partner id: questions asked that quarter by the people who speak for `structure`}."""
    rows = (
        TopicAnswer.objects.in_quarter(quarter.year, quarter.number)
        .filter(topic__approved=True, topic__poster__in=affiliations.members_of(structure))
        .values("partner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["partner_id"]: row["n"] for row in rows}


def passages_available() -> bool:
    return registry.figure_provider(registry.ITINERANT_PASSAGES) is not None


def itinerant_passages(structure: Structure, quarter: Quarter) -> int | None:
    """The unit's passages in the quarter; None for a fixed structure or while nobody counts them."""
    provider = registry.figure_provider(registry.ITINERANT_PASSAGES)
    if structure.kind != StructureKind.ITINERANT or provider is None:
        return None
    return provider.get(structure, quarter.first_day, quarter.last_day)


def refresh_known_figures(report) -> None:
    """Write the known figures into a report still being filled (and its partner lines)."""
    report.itinerant_passages = itinerant_passages(report.structure, report.period)
    report.save(update_fields=["itinerant_passages"])
    questions = forum_questions(report.structure, report.period)
    for line in report.partner_lines.all():
        count = questions.get(line.partner_id, 0)
        if line.forum_questions != count:
            line.forum_questions = count
            line.save(update_fields=["forum_questions"])
