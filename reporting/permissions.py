"""Who sees which figures: the one place where the rule of the reporting pages lives.

- The CCI (staff) and the steering staff (pilotage: Département, Préfecture) read every figure of
  every structure and partner.
- A counsellor or an itinerant agent reads the figures of the structures they speak for, and fills
  their quarterly reports.
- A partner referent reads the lines of their own partner only (requests per partner and per contact
  reason), never a structure's other figures.
- Only the CCI reopens a submitted report and imports a quarter's figures in bulk.

`scope_for(user)` says it once as a `Scope`; every view and every dashboard query filters through it,
so a figure that is not yours is neither shown nor counted. Structures and partners come from
`annuaire.affiliations`, the only place that reads memberships.
"""

from dataclasses import dataclass

from annuaire.affiliations import Affiliations
from annuaire.enums import PARTNER_ROLES, STRUCTURE_ROLES


@dataclass(frozen=True)
class Scope:
    """What a person may read. `None` means every structure (or every partner)."""

    structure_ids: frozenset[int] | None
    partner_ids: frozenset[int] | None
    # A structure's own figures (people received, requests handled…), not only partner lines.
    whole_reports: bool

    @property
    def network(self) -> bool:
        return self.structure_ids is None and self.partner_ids is None

    def filter_structures(self, queryset, field: str = "pk"):
        if self.structure_ids is None:
            return queryset
        return queryset.filter(**{f"{field}__in": self.structure_ids})

    def filter_partners(self, queryset, field: str = "pk"):
        if self.partner_ids is None:
            return queryset
        return queryset.filter(**{f"{field}__in": self.partner_ids})

    def reads_structure(self, structure_id: int) -> bool:
        return self.whole_reports and (self.structure_ids is None or structure_id in self.structure_ids)


def reads_network(user) -> bool:
    """The CCI and the steering staff: every figure of the network (dashboards, usage report)."""
    return Affiliations.of(user).oversees


def runs_reports(user) -> bool:
    """The CCI: reopens submitted reports, imports a quarter's figures, keeps the contact reasons."""
    return Affiliations.of(user).runs_network


def scope_for(user) -> Scope | None:
    """What `user` may read, or None when the reporting pages are not for them."""
    affiliations = Affiliations.of(user)
    if affiliations.oversees:
        return Scope(structure_ids=None, partner_ids=None, whole_reports=True)
    if affiliations.structure_ids:
        return Scope(structure_ids=affiliations.structure_ids, partner_ids=None, whole_reports=True)
    if affiliations.partner_ids:
        return Scope(structure_ids=None, partner_ids=affiliations.partner_ids, whole_reports=False)
    return None


def can_use_reporting(user) -> bool:
    return scope_for(user) is not None


def shows_reporting_link(user) -> bool:
    """Whether the navigation offers « Rapports »: by role, as the link costs no query on every page
    (someone of these roles attached to nothing yet gets the page's refusal)."""
    return user.oversees_network or user.role in (*STRUCTURE_ROLES, *PARTNER_ROLES)


def fills_reports_for(user, structure_id: int) -> bool:
    """Whether `user` may fill (edit a draft of) the reports of this structure: its own people, the CCI."""
    affiliations = Affiliations.of(user)
    return affiliations.runs_network or structure_id in affiliations.structure_ids
