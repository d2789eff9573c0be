"""No URL answers 500 to an absurd parameter: huge numbers, letters, a NUL byte, a far year.

Each parameter of each URL pattern is replaced in turn by absurd values while the others keep a
plausible one; the page may refuse (404, 400, a redirect), never fail.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.url_walk import DUMMY_KWARGS, named_patterns

# Digits match every converter and regex the site uses for a parameter (int, slug, str, \d+, [\w-]+).
PLACEHOLDER = "7364519"
ABSURD_VALUES = ["99999999999999999999", "-1", "0", "abc", "%00", "a%00b", "%C3%A9%E2%80%AE", "9" * 400]


def absurd_targets():
    for name, pattern in named_patterns():
        for key in pattern.pattern.regex.groupindex:
            kwargs = {other: DUMMY_KWARGS.get(other, "1") for other in pattern.pattern.regex.groupindex}
            kwargs[key] = PLACEHOLDER
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue  # this parameter only takes fixed words (admin app labels, say)
            yield f"{name}[{key}]", path


TARGETS = sorted(set(absurd_targets()))


def test_the_walk_reaches_the_parameters_of_every_app():
    names = {target for target, _path in TARGETS}
    for expected in (
        "calendrier:month[year]",
        "annuaire:structure_detail[slug]",
        "admin:extranet_user_change[object_id]",
    ):
        assert expected in names


@pytest.mark.parametrize(("target", "path"), TARGETS, ids=[target for target, _path in TARGETS])
def test_absurd_parameters_never_answer_500(client, animateur, target, path):
    client.raise_request_exception = False
    client.force_login(animateur)
    for value in ABSURD_VALUES:
        url = path.replace(PLACEHOLDER, value)

        response = client.get(url)

        assert response.status_code < 500, f"{url} answered {response.status_code}"
