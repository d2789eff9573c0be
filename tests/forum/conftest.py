"""Forum fixtures: the forums of the CAF (the `partner` persona) and of a second partner."""

import pytest
from django.db import connection

from forum.models import NetworkForumKey
from forum.structure import network_forum, sync_forums
from tests import factories


@pytest.fixture
def caf_forum(partner, referent):
    sync_forums()
    return partner.forum_link.forum


@pytest.fixture
def cpam(db):
    return factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM", slug="cpam")


@pytest.fixture
def cpam_referent(cpam):
    return factories.referent(partner=cpam, email="referent-cpam@example.org")


@pytest.fixture
def mutual_help_forum(caf_forum):
    return network_forum(NetworkForumKey.MUTUAL_HELP)


@pytest.fixture
def committed(caf_forum, conseiller, referent):
    """What these fixtures wrote, as if committed: the forum rights' topic gets a version the cache can
    use (until then the connection that wrote works the rights out afresh at each request)."""
    for _savepoints, callback, _robust in connection.run_on_commit:
        callback()
