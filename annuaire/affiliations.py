"""Who belongs to what: the one answer to "which structures and partners does this person speak for".

Every app's permissions ask `Affiliations.of(user)`; nothing else reads `Membership` rows to decide a
right. The rule, the same for the directory, the files, the forum and the calendar:

- An attachment counts only while it is active *and* its person's account is active: an inactive
  membership, or a deactivated account, speaks for nothing (and a deactivated account runs nothing).
- An attachment counts only when it matches the person's role: a structure for a counsellor or an
  itinerant agent, a partner for a partner referent, a commune for a guichet (the town-hall
  secretariat of that commune, or an MDS located there). A counsellor (or a steering or CCI account) who
  is also attached to a partner is not that partner's referent: they neither edit its page nor
  organise its trainings nor moderate or answer on its forum. The directory and the calendar already
  required the referent role; the forum and the files did not, and now do. Attaching someone to a
  partner on purpose means giving them the referent role.
- The CCI runs the network: accounts with the staff flag (the one behind which the admin's second
  factor is required) may change everything. The "animateur" role alone, without the flag, gives no
  network-wide right.
- The CCI and the steering staff (pilotage role: Département, Préfecture) oversee the network: they read
  every audience and every report; only the calendar also lets the steering staff organise events.
- Partners and structures have no "inactive" state of their own: a partner that stops working with the
  network loses its referents' memberships (or the referents' accounts), which the first rule covers.

The value is kept on the user object. Its flags come from the account itself; the structure and
partner ids cost one query, on first use, so one request pays for them once however many objects
it checks. It is dropped whenever the person or one of their
memberships is saved (see `forget`, wired in `AnnuaireConfig.ready`).
"""

from functools import cached_property

from django.db.models import Q

from annuaire.enums import COMMUNE_ROLES, PARTNER_ROLES, STRUCTURE_ROLES
from annuaire.models import Commune, Membership, Partner, Structure
from extranet.models import User

_CACHE_ATTRIBUTE = "_affiliations"


def memberships():
    """The attachments that count (active, active account, matching the person's role)."""
    return Membership.objects.active().filter(
        Q(structure__isnull=False, user__role__in=STRUCTURE_ROLES)
        | Q(partner__isnull=False, user__role__in=PARTNER_ROLES)
        | Q(commune__isnull=False, user__role__in=COMMUNE_ROLES)
    )


def memberships_of(user):
    """`user`'s attachments that count, as a queryset (to display them, or as a subquery)."""
    return memberships().filter(user=user)


class Affiliations:
    """What `user` speaks for. The flags cost no query; the ids cost one, on first use."""

    def __init__(self, user):
        self._user = user
        member = user.is_authenticated and user.is_active
        self.runs_network: bool = member and user.is_staff
        self.oversees: bool = member and user.oversees_network

    @classmethod
    def of(cls, user) -> "Affiliations":
        """`user`'s affiliations, worked out once and kept on the user object."""
        cached = getattr(user, _CACHE_ATTRIBUTE, None)
        if cached is None:
            cached = cls(user)
            setattr(user, _CACHE_ATTRIBUTE, cached)
        return cached

    @cached_property
    def _ids(self) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        user = self._user
        if not (user.is_authenticated and user.is_active):
            return frozenset(), frozenset(), frozenset()
        rows = list(memberships_of(user).values_list("structure_id", "partner_id", "commune_id"))
        return tuple(frozenset(row[i] for row in rows if row[i]) for i in range(3))

    @property
    def structure_ids(self) -> frozenset[int]:
        return self._ids[0]

    @property
    def partner_ids(self) -> frozenset[int]:
        return self._ids[1]

    @property
    def commune_ids(self) -> frozenset[int]:
        """The communes a guichet books for (its town hall's or its MDS's); empty for other roles."""
        return self._ids[2]

    def speaks_for_structure(self, structure_id: int | None) -> bool:
        return self.runs_network or structure_id in self.structure_ids

    def speaks_for_partner(self, partner_id: int | None) -> bool:
        return self.runs_network or partner_id in self.partner_ids

    def structures(self):
        """The structures this person speaks for (all of them for the CCI), as a queryset."""
        if self.runs_network:
            return Structure.objects.all()
        return Structure.objects.filter(pk__in=self.structure_ids)

    def partners(self):
        """The partners this person speaks for (all of them for the CCI), as a queryset."""
        if self.runs_network:
            return Partner.objects.all()
        return Partner.objects.filter(pk__in=self.partner_ids)


def forget(user) -> None:
    """Drop the value kept on `user` (their role, status or attachments changed)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def members_of(structure: Structure):
    """The people who speak for `structure` (its counsellors and itinerant agents)."""
    return User.objects.filter(pk__in=memberships().filter(structure=structure).values("user"))


def partner_ids_of(user) -> list[int]:
    """The partners `user` is a referent of today, first attached first (read now, never cached)."""
    rows = memberships_of(user).filter(partner__isnull=False).order_by("created_at", "pk")
    return list(rows.values_list("partner_id", flat=True))


def referents_of(partner: Partner):
    """The people who speak for `partner` (its referents)."""
    return User.objects.filter(pk__in=memberships().filter(partner=partner).values("user"))


def referents_present_in(structure: Structure):
    """The referents of the partners present in `structure` (those its changes concern)."""
    return User.objects.filter(
        pk__in=memberships().filter(partner__structures_present=structure).values("user")
    )


def network_runners():
    """The CCI: the active accounts with the staff flag (see the module docstring)."""
    return User.objects.filter(is_active=True, is_staff=True)


def _key(target: Structure | Partner | Commune) -> str:
    return {Structure: "structure", Partner: "partner", Commune: "commune"}[type(target)]


def attach(user, target: Structure | Partner | Commune) -> Membership:
    """Attach `user` to a structure, a partner or a commune (kept as is when already attached):
    loaders, imports."""
    return Membership.objects.get_or_create(user=user, **{_key(target): target})[0]


def is_attached(user, target: Structure | Partner | Commune) -> bool:
    """Whether `user` has an attachment, active or not, to `target` (an import re-attaches nobody)."""
    return Membership.objects.filter(user=user, **{_key(target): target}).exists()
