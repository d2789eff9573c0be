"""The figures of a quarterly report the extranet already knows, prefilled and marked as such.

- The questions the structure's people put to each partner on the forum during the quarter (topics
  opened in that partner's forum, read from the forum's answer records): recorded, not typed.
- For an itinerant unit, what its held passages recorded, from the itinérance app's figure provider
  (`registry.ITINERANT_PASSAGES`, an `ItinerantFigures`): the number of passages is recorded with the
  report; the other counts prefill the form's matching fields (`PASSAGE_FIELDS`, and each partner's
  requests from the people received for it), which the counsellor may correct while the report is a
  draft. Without a provider the form says « non disponible ».
"""

from dataclasses import dataclass, field

from django.db.models import Count

from annuaire import affiliations
from annuaire.enums import StructureKind
from annuaire.models import Structure
from extranet import registry
from extranet.registry import ItinerantFigures
from forum.models import TopicAnswer
from reporting.quarters import Quarter

# The report's figure: how it is read from the passages' figures. Requests handled are all requests,
# those dealt with on the spot (level 1) and those handed to a referent (level 2), as the report's own
# check says (level 2 never above requests handled). Collective workshops are not counted per passage.
PASSAGE_FIELDS = {
    "people_received": lambda figures: figures.people_received,
    "requests_handled": lambda figures: _sum(figures.level_1, figures.level_2),
    "level_two_requests": lambda figures: figures.level_2,
    "mds_orientations": lambda figures: figures.oriented_to_mds,
    "individual_sessions": lambda figures: figures.digital_sessions,
}


def _sum(*values: int | None) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


@dataclass(frozen=True)
class KnownFigures:
    """What the extranet knows of a structure's quarter, read once per page."""

    forum_questions: dict[int, int] = field(default_factory=dict)  # {partner id: questions}
    passages_available: bool = False  # whether someone counts the passages at all
    passages: ItinerantFigures | None = None  # an itinerant unit's, when they are counted

    @property
    def itinerant_passages(self) -> int | None:
        return self.passages.passages if self.passages else None

    def prefilled(self) -> dict[str, int]:
        """{report field: value from the passages}, for the figures the passages know."""
        if self.passages is None:
            return {}
        values = {name: read(self.passages) for name, read in PASSAGE_FIELDS.items()}
        return {name: value for name, value in values.items() if value is not None}

    def prefilled_partners(self) -> dict[int, int]:
        """{partner id: people received for that partner at the passages}."""
        return dict(self.passages.people_by_partner) if self.passages else {}


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


def passage_figures(structure: Structure, quarter: Quarter) -> ItinerantFigures | None:
    """The unit's passages in the quarter; None for a fixed structure or while nobody counts them."""
    provider = registry.figure_provider(registry.ITINERANT_PASSAGES)
    if structure.kind != StructureKind.ITINERANT or provider is None:
        return None
    return provider.get(structure, quarter.first_day, quarter.last_day)


def known_figures(structure: Structure, quarter: Quarter) -> KnownFigures:
    return KnownFigures(
        forum_questions=forum_questions(structure, quarter),
        passages_available=passages_available(),
        passages=passage_figures(structure, quarter),
    )


def refresh_known_figures(report, known: KnownFigures) -> None:
    """Write the recorded figures into a report still being filled (and its partner lines); the
    prefilled ones are the form's business: what the counsellor kept or corrected is what is saved."""
    if report.itinerant_passages != known.itinerant_passages:
        report.itinerant_passages = known.itinerant_passages
        report.save(update_fields=["itinerant_passages"])
    for line in report.partner_lines.all():
        count = known.forum_questions.get(line.partner_id, 0)
        if line.forum_questions != count:
            line.forum_questions = count
            line.save(update_fields=["forum_questions"])
