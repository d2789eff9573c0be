"""One directory of people: a referent's account and their record in « Qui contacter ? » are one.

A partner's referent who has an account (role référent, attached to the partner) has exactly one
directory record (`Referent.user`, one-to-one), created or found the moment the account and its
attachment exist, whichever way they came (the admin, the import of authorised people, a loader):
`link_account` runs when an account or an attachment is saved (wired in `AnnuaireConfig.ready`).

An existing record without an account is taken rather than duplicated, when it is at one of the
person's partners and carries their e-mail address (login or shown address), or else their name.
The record then takes its name, function, phone and e-mail from the account (`Referent.save`); the
person edits the rest (domains, structures or territory covered) from « Mon compte ».

A record whose account is deactivated or no longer attached to its partner stops being listed
(`ReferentQuerySet.listed`) and is kept; a record without an account stays possible.
"""

from django.db.models import Q

from annuaire import affiliations
from annuaire.enums import PARTNER_ROLES
from annuaire.models import Referent
from extranet.models import User

# The account fields a directory record shows or depends on: saving anything else changes nothing.
ACCOUNT_FIELDS = frozenset(
    {"first_name", "last_name", "job_title", "phone", "contact_email", "email", "role", "is_active"}
)


def _unlinked_match(user: User, partner_ids: list[int]) -> Referent | None:
    """A record without account of one of `partner_ids` that is this person's, by e-mail then name."""
    free = Referent.objects.filter(partner_id__in=partner_ids, user__isnull=True)
    addresses = Q(email__iexact=user.email)
    if user.contact_email:
        addresses |= Q(email__iexact=user.contact_email)
    name = user.get_full_name()
    for candidates in (free.filter(addresses), free.filter(full_name__iexact=name) if name else None):
        if candidates is None:
            continue
        # The first partner the person was attached to first.
        found = sorted(candidates, key=lambda record: (partner_ids.index(record.partner_id), record.pk))
        if found:
            return found[0]
    return None


def link_account(user: User) -> Referent | None:
    """Give a partner's referent their one directory record (found or created), kept in step with
    their account; None for anyone else (an existing record of theirs is still kept in step)."""
    record = Referent.objects.filter(user=user).first()
    partner_ids = affiliations.partner_ids_of(user) if user.role in PARTNER_ROLES and user.is_active else []
    if record is None and not partner_ids:
        return None
    if record is None:
        record = _unlinked_match(user, partner_ids) or Referent(partner_id=partner_ids[0])
        before = None
    else:
        before = _shown(record)
        if partner_ids and record.partner_id not in partner_ids:
            # Moved to another partner by the CCI: the record follows the person.
            record.partner_id = partner_ids[0]
    record.user = user
    record.take_account_details()
    if _shown(record) != before:
        record.save()
    return record


def merge_other_record(record: Referent) -> None:
    """Before `record` is saved with its account: the account's other record, if any, is folded into it
    (domains and structures added, territory kept when `record` has none) and deleted, so that the
    person keeps one record (a record created with the account, then an older one linked by hand)."""
    other = Referent.objects.filter(user_id=record.user_id).exclude(pk=record.pk).first()
    if other is None:
        return
    record.territory = record.territory or other.territory
    domains, structures = list(other.domains.all()), list(other.structures.all())
    other.delete()
    record._merged = (domains, structures)


def add_merged_coverage(record: Referent) -> None:
    """After `record` is saved: the domains and structures of the record merged into it."""
    domains, structures = getattr(record, "_merged", ((), ()))
    record.domains.add(*domains)
    record.structures.add(*structures)


def _shown(record: Referent) -> tuple:
    return (record.user_id, record.partner_id, record.full_name, record.function, record.phone, record.email)


def account_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not ACCOUNT_FIELDS.intersection(update_fields)):
        return  # a login (last_login), an invitation stamp...: nothing the directory shows
    link_account(instance)


def attachment_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.partner_id:
        return
    link_account(instance.user)
