"""A counsellor asks the CAF a question on the forum; the CAF referent sees it on their home page and
answers; the counsellor gets the e-mail and reads the answer. axe finds no violation on the forum
index, topic list, topic and reply pages."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from forum.structure import sync_forums
from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser


@pytest.fixture
def forums(partner, referent):
    sync_forums()


def test_a_question_to_the_caf_is_answered_by_its_referent(
    chromium, browser_page, live_server, forums, conseiller, referent
):
    # The counsellor asks.
    page = login(browser_page, live_server, conseiller)
    page.get_by_role("link", name="Forum", exact=True).click()
    assert_no_axe_violation(page)
    page.get_by_role("link", name=re.compile("^CAF")).click()
    assert_no_axe_violation(page)
    page.get_by_role("link", name="Poser une question / ouvrir un sujet").click()
    expect(page.get_by_text("aucune donnée personnelle d'un usager")).to_be_visible()
    assert_no_axe_violation(page)
    page.locator("#id_subject").fill("Prime d'activité et travail saisonnier")
    page.locator("#id_content").fill("Quels revenus déclarer pour une personne qui alterne les saisons ?")
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name="Prime d'activité et travail saisonnier").wait_for()
    assert_no_axe_violation(page)
    assert [message.to for message in mail.outbox] == [[referent.email]]

    # The referent sees it first thing on their home page and answers (in a browser context of their own,
    # closed before the test ends so that no request reaches the live server afterwards).
    referent_context = chromium.new_context(locale="fr-FR")
    try:
        referent_page = login(referent_context.new_page(), live_server, referent)
        panel = referent_page.get_by_role("region", name=re.compile("Questions en attente de votre réponse"))
        panel.get_by_role("link", name="Prime d'activité et travail saisonnier").click()
        referent_page.get_by_role("link", name="Répondre").first.click()
        assert_no_axe_violation(referent_page)
        referent_page.locator("#id_content").fill("Les revenus du trimestre, tels qu'ils ont été perçus.")
        referent_page.get_by_role("button", name="Publier").click()
        referent_page.get_by_text("Les revenus du trimestre, tels qu'ils ont été perçus.").wait_for()
    finally:
        referent_context.close()

    # The counsellor is told by e-mail and reads the answer.
    (answer_mail,) = [m for m in mail.outbox if m.to == [conseiller.email]]
    assert "Nouvelle réponse" in answer_mail.subject
    link = re.search(r"https?://\S+", answer_mail.body).group(0)
    parts = urlsplit(link)
    page.goto(f"{live_server.url}{parts.path}?{parts.query}")
    expect(page.get_by_text("Les revenus du trimestre, tels qu'ils ont été perçus.")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('home')}")
    assert page.get_by_text("Mes questions sans réponse").count() == 0
