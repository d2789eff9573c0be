"""The admin pages whose markup comes from our own admin classes (inlines, widgets, the archiving
rule) have no axe violation."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.browser.pages import assert_no_axe_violation

pytestmark = pytest.mark.browser


def force_login(page, live_server, user):
    """Open a session for `user` without the login form (staff would need a TOTP code there)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.mark.parametrize("page_name", ["index", "structure_change", "structure_add", "archiving_rule"])
def test_admin_pages_have_no_axe_violation(browser_page, live_server, animateur, structure, page_name):
    factories.OpeningHoursFactory(structure=structure)
    factories.ClosureFactory(structure=structure)
    urls = {
        "index": reverse("admin:index"),
        "structure_change": reverse("admin:annuaire_structure_change", args=[structure.pk]),
        "structure_add": reverse("admin:annuaire_structure_add"),
        "archiving_rule": reverse("admin:fichiers_archivingrule_changelist"),
    }
    page = force_login(browser_page, live_server, animateur)
    response = page.goto(f"{live_server.url}{urls[page_name]}")
    assert response.status == 200
    assert_no_axe_violation(page)


def test_user_page_with_its_memberships_has_no_axe_violation_of_ours(
    browser_page, live_server, animateur, conseiller
):
    page = force_login(browser_page, live_server, animateur)
    page.goto(f"{live_server.url}{reverse('admin:extranet_user_change', args=[conseiller.pk])}")
    page.get_by_text(re.compile("Ajouter un objet [Rr]attachement")).click()
    # Django's own two-list widget for groups and permissions (`.selector`) is left to Django.
    violations = Axe().run(page, context={"exclude": [[".selector"]]}).response["violations"]
    assert not violations, [(v["id"], [node["target"] for node in v["nodes"]]) for v in violations]
