"""A form with errors: a summary at the top links each error to its field, and each field's
aria-describedby names error and help texts that are in the page."""

import pytest
from django.urls import reverse

from tests import factories
from tests.error_summary import FormPage, check_error_page


def test_structure_form_errors_link_to_their_fields_in_the_hours_and_closures_tables(
    client, conseiller, structure
):
    client.force_login(conseiller)
    data = factories.structure_form_data(hours=[(2, "12:00", "09:00")], email="pas-une-adresse") | {
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
    page = FormPage(response.content.decode())
    assert 'id="error-summary"' in page.text and page.summary_links == []
    message = str(response.context["form"].non_field_errors()[0])
    assert page.text.count(message.replace("'", "&#x27;")) == 1
