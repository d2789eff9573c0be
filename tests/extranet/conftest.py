import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """Rate limits and used TOTP codes live in the cache: start every test with an empty one."""
    cache.clear()
    yield
    cache.clear()
