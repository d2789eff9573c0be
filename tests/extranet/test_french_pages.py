"""One French format on the pages: dates written out with « 1er », times « 9 h », French plurals."""

import datetime as dt

from django.urls import reverse

from calendrier.models import Event
from extranet.typography import NBSP
from fichiers.enums import NewsCategory
from fichiers.models import News


def test_event_page_writes_the_date_out_and_the_seats_in_french(client, conseiller, animateur):
    event = Event.objects.create(
        title="Formation au portail",
        start_date=dt.date(2027, 6, 1),
        start_time=dt.time(9),
        end_date=dt.date(2027, 6, 1),
        end_time=dt.time(12, 30),
        visio_url="https://visio.example.org/salle",
        organiser=animateur,
        capacity=1,
    )
    client.force_login(conseiller)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f"mardi 1er{NBSP}juin 2027, 9{NBSP}h{NBSP}– 12{NBSP}h{NBSP}30" in page
    assert f"1{NBSP}place restante sur 1" in page


def test_lists_count_zero_and_one_in_the_singular(client, conseiller):
    client.force_login(conseiller)
    assert f"0{NBSP}actualité." in client.get(reverse("fichiers:news_list")).content.decode()
    assert f"0{NBSP}fichier." in client.get(reverse("fichiers:document_list")).content.decode()

    News.objects.create(title="Rencontre", body="Texte.", category=NewsCategory.NETWORK, author=conseiller)
    assert f"1{NBSP}actualité." in client.get(reverse("fichiers:news_list")).content.decode()


def test_pages_write_french_spaces_before_punctuation(client, conseiller):
    client.force_login(conseiller)
    page = client.get(reverse("annuaire:referent_search")).content.decode()
    assert "Qui contacter&#8239;?" in page
    assert "Qui contacter ?" not in page
