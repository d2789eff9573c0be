"""Every named URL pattern of the site, for the tests that walk them all (login, absurd values)."""

from django.urls import URLPattern, URLResolver, get_resolver

# Values for URL parameters, by name; "1" for the others.
DUMMY_KWARGS = {
    "app_label": "extranet",
    "slug": "exemple",
    "uidb36": "1",
    "key": "cle-factice",
    "date": "2026-12-03",
}


def named_patterns(patterns=None, namespace=""):
    """(name with its namespaces, pattern) for every named URL pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern
