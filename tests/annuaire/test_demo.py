"""The demo command fills the directory with invented details, and running it twice changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annuaire.models import OpeningHours, Permanence, Referent, Structure


def _counts():
    return OpeningHours.objects.count(), Referent.objects.count(), Permanence.objects.count()


def test_demo_is_idempotent_and_invented(db, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    # Nine records without account, and one for each of the two referent accounts.
    assert Referent.objects.count() == 11
    assert Referent.objects.filter(user__isnull=False).count() == 2
    assert all(
        r.email.endswith("@example.org") and r.phone.startswith("05 63 00") for r in Referent.objects.all()
    )
    molieres = Structure.objects.get(slug="msap-molieres")
    assert molieres.email.endswith("@example.org") and molieres.opening_hours.exists()


def test_demo_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
