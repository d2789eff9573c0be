"""Directory fixtures: a second partner's referent, for the 'not your partner' tests."""

import pytest

from tests import factories


@pytest.fixture
def other_referent(db):
    return factories.referent(email="autre.referent@example.org")
