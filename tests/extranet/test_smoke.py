import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_shows_counsellor_structure(client, conseiller):
    client.force_login(conseiller)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "MSAP La Poste de Molières" in response.content.decode()
