"""A form with errors: a summary at the top links each error to its field, and each field's
aria-describedby names error and help texts that are in the page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.annuaire.test_forms import structure_data


class _Page(HTMLParser):
    def __init__(self, content: str):
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[str] = []
        self.summary_links: list[str] = []
        self._in_summary = 0
        self.text = content
        self.feed(content)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self.described_by += (attrs.get("aria-describedby") or "").split()
        if tag == "div" and (self._in_summary or attrs.get("id") == "error-summary"):
            self._in_summary += 1  # counts the open divs of the summary
        elif self._in_summary and tag == "a":
            self.summary_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "div" and self._in_summary:
            self._in_summary -= 1


def check_error_page(content: str) -> _Page:
    page = _Page(content)
    assert page.summary_links, "no error summary"
    assert all(link.startswith("#") for link in page.summary_links)
    assert {link[1:] for link in page.summary_links} <= page.ids
    assert set(page.described_by) <= page.ids
    return page


def test_structure_form_errors_link_to_their_fields_in_the_hours_and_closures_tables(
    client, conseiller, structure
):
    client.force_login(conseiller)
    data = structure_data(hours=[(2, "12:00", "09:00")], email="pas-une-adresse") | {
        "fermetures-TOTAL_FORMS": "1",
        "fermetures-0-starts_on": "2026-12-24",
        "fermetures-0-ends_on": "2026-12-20",
    }
    response = client.post(reverse("annuaire:structure_edit", kwargs={"slug": structure.slug}), data)

    page = check_error_page(response.content.decode())
    assert page.summary_links == ["#id_email", "#id_horaires-0-closes", "#id_fermetures-0-ends_on"]
    assert {"id_horaires-0-closes_error", "id_fermetures-0-ends_on_error"} <= set(page.described_by)
    assert "Plage d&#x27;ouverture 1, fermeture\u00a0: L&#x27;heure de fin doit être postérieure" in page.text


def test_counsellors_are_not_asked_for_map_coordinates(client, conseiller, structure):
    client.force_login(conseiller)
    content = client.get(reverse("annuaire:structure_edit", kwargs={"slug": structure.slug})).content.decode()
    assert 'name="latitude"' not in content and 'name="longitude"' not in content


@pytest.mark.parametrize(
    ("persona", "url_name", "first_target"),
    [
        ("conseiller", "fichiers:news_create", "#id_title"),
        ("conseiller", "fichiers:document_create", "#id_title"),
        ("referent", "calendrier:event_create", "#id_kind"),
        ("referent", "referent_create", "#id_full_name"),
    ],
)
def test_every_form_summarises_its_errors(client, request, partner, persona, url_name, first_target):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = (
        reverse("annuaire:referent_create", kwargs={"slug": partner.slug})
        if url_name == "referent_create"
        else reverse(url_name)
    )

    empty = client.get(url).content.decode()
    assert "Les champs marqués d'un astérisque" in empty
    assert 'id="error-summary"' not in empty

    # Something typed, so that every view takes the form as sent (some read an empty POST as not sent).
    page = check_error_page(client.post(url, {"description": "x"}).content.decode())
    assert page.summary_links[0] == first_target


def test_login_refusal_is_in_the_summary(client, conseiller):
    # A refusal that belongs to no field: in the summary, without a link, and only there.
    response = client.post(reverse("account_login"), {"login": conseiller.email, "password": "pas le bon"})
    page = _Page(response.content.decode())
    assert 'id="error-summary"' in page.text and page.summary_links == []
    message = str(response.context["form"].non_field_errors()[0])
    assert page.text.count(message.replace("'", "&#x27;")) == 1
