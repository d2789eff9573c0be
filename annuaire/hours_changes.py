"""Telling the partners when a structure's weekly opening hours change (convention 001 §4.2).

Whatever changes the hours wraps the change in `recording_hours_changes()` and `watch()`es each
structure before touching its ranges:

    with recording_hours_changes(request.user) as hours_changes:
        hours_changes.watch(structure)
        formset.save()

When the block ends (still inside its transaction) the week of each watched structure is compared
with what it was; each one that differs gets an `HoursChange` — the 30-day notice on its page —
and every person concerned gets *one* e-mail for the whole change set, once the transaction
commits (a rolled-back edit or an import preview sends nothing and records nothing). Saving the
same hours again, or a change that only touches exceptional closures, changes no week: no record,
no e-mail.

Who is told: the referents of the partners present in the structure, and the CCI (staff accounts),
except whoever made the change and those who turned the e-mail off in « Mon compte ».
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.urls import reverse

from annuaire import affiliations
from annuaire.models import HoursChange, NotificationPreference, OpeningHours, Structure
from annuaire.models.hours_change import week_of
from extranet import fragments
from extranet.emails import absolute_url, build_email, send_after_commit


def current_week(structure: Structure):
    # Read from the database, not `structure.opening_hours.all()`: a prefetched copy would be stale.
    return week_of(OpeningHours.objects.filter(structure=structure))


class HoursChangeSet:
    """The structures one edit or one import may change, with their week as it was."""

    def __init__(self, changed_by=None):
        self.changed_by = changed_by if getattr(changed_by, "is_authenticated", False) else None
        self._watched: dict[int, tuple[Structure, list]] = {}

    def watch(self, structure: Structure) -> None:
        """Remember `structure`'s week before it changes (only the first call per structure counts)."""
        if structure.pk is not None and structure.pk not in self._watched:
            self._watched[structure.pk] = (structure, current_week(structure))

    def close(self) -> list[HoursChange]:
        """Record the structures whose week changed and send the e-mails after the commit."""
        changes = [
            HoursChange(structure=structure, changed_by=self.changed_by, before=before, after=after)
            for structure, before in self._watched.values()
            if (after := current_week(structure)) != before
        ]
        self._watched.clear()
        if changes:
            changes = HoursChange.objects.bulk_create(changes)
            fragments.changed("annuaire")  # bulk_create sends no signal; the page shows the notice
            notify(changes)
        return changes


@contextmanager
def recording_hours_changes(changed_by=None):
    """A change set around the code that changes hours; see the module docstring."""
    change_set = HoursChangeSet(changed_by)
    with transaction.atomic():
        yield change_set
        change_set.close()


def recipients(change: HoursChange):
    """Who is told of `change`: the partners' referents and the CCI, minus the author and opt-outs."""
    people = affiliations.referents_present_in(change.structure) | affiliations.network_runners()
    people = people.exclude(pk__in=NotificationPreference.opted_out("hours_changes"))
    if change.changed_by_id:
        people = people.exclude(pk=change.changed_by_id)
    return people.distinct()


def messages_for(changes: list[HoursChange]):
    """One e-mail per person, listing every change of the set that concerns them."""
    per_person = defaultdict(list)
    people = {}
    for change in changes:
        for person in recipients(change):
            people[person.pk] = person
            per_person[person.pk].append(change)
    preferences_url = absolute_url(reverse("account"))
    for pk, concerned in per_person.items():
        person = people[pk]
        context = {
            "user": person,
            "changes": [(change, absolute_url(change.structure.get_absolute_url())) for change in concerned],
            "preferences_url": preferences_url,
        }
        yield build_email("annuaire/emails/hours_changed", context, person.email)


def notify(changes: list[HoursChange]) -> None:
    names = ", ".join(str(change.structure) for change in changes)
    send_after_commit(lambda: list(messages_for(changes)), f"hours changed at {names}")
