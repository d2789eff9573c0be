"""The admin home groups the models by task, in French, without the forum engine's bookkeeping."""

import re

from django.urls import reverse


def _sections(page: str) -> dict[str, list[str]]:
    """{section title: [model names]} in the order of the admin home's tables."""
    sections = {}
    for table in re.findall(r'<div class="app-[^"]*module[^"]*">(.*?)</table>', page, re.S):
        title = re.search(r'class="section"[^>]*>([^<]+)</a>', table).group(1)
        sections[title] = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', table)
    return sections


def test_admin_home_groups_models_by_task(client, animateur):
    client.force_login(animateur)
    page = client.get(reverse("admin:index")).content.decode()
    sections = _sections(page)

    assert list(sections) == [
        "Comptes",
        "Annuaire",
        "Contenus",
        "Forum",
        "Calendrier",
        "Itinérance",
        "Rapports",
    ]
    assert {"Utilisateurs", "Groupes", "Entrées d’historique"} <= set(sections["Comptes"])
    assert "Structures France Services" in sections["Annuaire"]
    assert {"Actualités", "Fichiers"} <= set(sections["Contenus"])
    assert {"Forums", "Sujets", "Messages", "Délais de réponse"} <= set(sections["Forum"])
    assert "Événements" in sections["Calendrier"]
    assert {"Tournées", "Sites de passage", "Passages"} <= set(sections["Itinérance"])
    assert {"Questionnaires", "Enquêtes de satisfaction des structures"} <= set(sections["Rapports"])
    assert {"Motifs de contact", "Rapports trimestriels d&#x27;activité"} <= set(sections["Rapports"])


def test_forum_engine_bookkeeping_is_off_the_admin_home_but_still_reachable(client, animateur):
    client.force_login(animateur)
    page = client.get(reverse("admin:index")).content.decode()
    for technical in ("Permissions du forum", "Traces des sujets", "Profils", "Sondages", "Machina"):
        assert technical not in page
    assert client.get(reverse("admin:app_list", args=["forum_permission"])).status_code == 200


def test_an_app_page_keeps_its_own_models(client, animateur):
    client.force_login(animateur)
    page = client.get(reverse("admin:app_list", args=["annuaire"])).content.decode()
    assert "Structures France Services" in page
