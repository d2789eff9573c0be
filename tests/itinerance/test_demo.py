"""The demo's tours have the real shape (3 units, 21 communes, the MDS, the Hôtel du Département)."""

import datetime as dt

import pytest
from django.core.management import call_command

from extranet.models import User
from itinerance.enums import PassageStatus, RuleKind, SiteKind
from itinerance.models import Passage, Rule, Site, Tour, Unit
from itinerance.permissions import is_coordinator
from itinerance.planning import make_plan

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_cells_shape_and_running_it_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_itinerance_demo")
    passages = Passage.objects.count()
    call_command("load_itinerance_demo")

    assert Passage.objects.count() == passages > 100
    assert Unit.objects.count() == 3 and Tour.objects.count() == 3
    assert all(unit.agents.count() == 2 for unit in Unit.objects.all())
    assert Site.objects.filter(kind=SiteKind.TOWN_HALL).count() == 21
    assert Site.objects.filter(kind=SiteKind.MDS, tour__isnull=False).count() == 5
    assert Site.objects.get(kind=SiteKind.DEPARTMENT).tour is not None
    assert set(Rule.objects.filter(kind=RuleKind.WEEK_PARITY).values_list("parity", flat=True)) == {
        "paire",
        "impaire",
    }
    assert Passage.objects.filter(status=PassageStatus.HELD).exists()
    assert is_coordinator(User.objects.get(email="nathalie.leroy@example.org"))
    today = dt.date.today()
    plan = make_plan(today, today + dt.timedelta(days=60))
    assert not [c for c in plan.conflicts if "au même moment" in c or "de route" in c]
