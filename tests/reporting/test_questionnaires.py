"""Questionnaires: answered once, anonymous in the results, results for the network's readers, and a
structure's users' satisfaction figures."""

import datetime as dt
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import models
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from extranet.models import User
from reporting.usage_models import Answer, Participation, Response, StructureSurvey
from tests import factories
from tests.reporting.usage_factories import QuestionnaireFactory


def answer_data(questionnaire, scale="4", choice="Forum", text=""):
    useful, section, improve = questionnaire.questions.all()
    return {f"question_{useful.pk}": scale, f"question_{section.pk}": choice, f"question_{improve.pk}": text}


def test_a_member_answers_once(client, conseiller):
    questionnaire = QuestionnaireFactory()
    client.force_login(conseiller)
    url = reverse("reporting:questionnaire_answer", args=[questionnaire.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Vos réponses sont anonymes" in page.content.decode()

    response = client.post(url, answer_data(questionnaire, text="Un moteur de recherche"), follow=True)
    assert "vos réponses sont enregistrées, sans lien avec votre compte" in response.content.decode()
    assert Participation.objects.filter(questionnaire=questionnaire, user=conseiller).exists()
    assert sorted(Answer.objects.values_list("value", flat=True)) == ["4", "Forum", "Un moteur de recherche"]

    again = client.post(url, answer_data(questionnaire, scale="1"), follow=True)
    assert "Vous avez déjà répondu" in again.content.decode()
    assert Response.objects.count() == 1
    assert "vous avez répondu, merci" in client.get(reverse("reporting:questionnaires")).content.decode()


def test_a_required_answer_is_asked_for_in_words(client, conseiller):
    questionnaire = QuestionnaireFactory()
    client.force_login(conseiller)

    page = client.post(reverse("reporting:questionnaire_answer", args=[questionnaire.pk]), {})

    assert page.status_code == 200
    assert "2\xa0erreurs à corriger" in page.content.decode()
    assert not Participation.objects.exists()


def test_a_closed_questionnaire_takes_no_answer(client, conseiller):
    today = timezone.localdate()
    questionnaire = QuestionnaireFactory(
        opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1)
    )
    client.force_login(conseiller)
    url = reverse("reporting:questionnaire_answer", args=[questionnaire.pk])

    assert client.post(url, answer_data(questionnaire)).status_code == 403
    assert not Response.objects.exists()
    # A users' survey is never answered online by members.
    survey = QuestionnaireFactory(user_survey=True)
    assert client.get(reverse("reporting:questionnaire_answer", args=[survey.pk])).status_code == 404


def _fields(model) -> dict[str, models.Field]:
    return {field.name: field for field in model._meta.get_fields() if field.concrete}


def test_answers_are_not_linked_to_anyone_once_submitted(client, conseiller, referent):
    questionnaire = QuestionnaireFactory()
    for person, scale in ((conseiller, "5"), (referent, "2")):
        client.force_login(person)
        client.post(
            reverse("reporting:questionnaire_answer", args=[questionnaire.pk]),
            answer_data(questionnaire, scale),
        )

    # No column points to an account or holds a time, on the answers…
    for model in (Response, Answer):
        fields = _fields(model)
        assert not [f for f in fields.values() if f.is_relation and f.related_model is User]
        assert not [f for f in fields.values() if isinstance(f, models.DateField | models.DateTimeField)]
        # …whose keys are random, so their order says nothing of who answered first.
        assert isinstance(fields["id"], models.UUIDField)
    # …and "has answered" holds nothing but the person and the questionnaire.
    assert set(_fields(Participation)) == {"id", "questionnaire", "user"}
    # The audit log (an actor and a time per entry) records none of it.
    for model in (Response, Answer, Participation):
        assert not LogEntry.objects.get_for_model(model).exists()
    assert sorted(Answer.objects.filter(question__position=1).values_list("value", flat=True)) == ["2", "5"]


def test_the_results_count_each_answer(client, pilotage):
    questionnaire = QuestionnaireFactory()
    for scale, choice, text in (("5", "Forum", "Rien"), ("4", "Forum", ""), ("2", "Annuaire", "Des alertes")):
        client.force_login(factories.counsellor())
        client.post(
            reverse("reporting:questionnaire_answer", args=[questionnaire.pk]),
            answer_data(questionnaire, scale, choice, text),
        )
    client.force_login(pilotage)

    page = client.get(reverse("reporting:questionnaire_results", args=[questionnaire.pk])).content.decode()
    assert "3\xa0membres ont répondu" in page
    assert "moyenne 3,7" in page
    assert page.index("Des alertes") < page.index("Rien")  # free texts in alphabetical order
    assert 'role="img"' in page

    download = client.get(
        reverse("reporting:questionnaire_results_download", args=[questionnaire.pk, "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    rows = [[cell.value for cell in row] for row in sheet.rows]
    assert ["Quelle rubrique utilisez-vous le plus ?", "Forum", 2] in rows
    assert ["L'extranet vous est-il utile ?", "Moyenne sur 5", 3.7] in rows


@pytest.mark.parametrize("persona", ["conseiller", "referent"])
def test_only_the_network_readers_see_the_results(client, db, persona, request):
    questionnaire = QuestionnaireFactory()
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("reporting:questionnaire_results", args=[questionnaire.pk])).status_code == 403
    download = reverse("reporting:questionnaire_results_download", args=[questionnaire.pk, "csv"])
    assert client.get(download).status_code == 403


def survey_data(
    questionnaire, respondents=10, useful=(0, 0, 1, 4, 5), section=(6, 2, 2), summary="Accueil apprécié"
):
    first, second, third = questionnaire.questions.all()
    data = {"respondents": respondents, f"question_{third.pk}": summary}
    data.update({f"question_{first.pk}_{i}": n for i, n in enumerate(useful)})
    data.update({f"question_{second.pk}_{i}": n for i, n in enumerate(section)})
    return data


def test_a_structure_records_its_users_survey_of_the_year(client, conseiller, structure):
    questionnaire = QuestionnaireFactory(user_survey=True)
    year = timezone.localdate().year
    url = reverse("reporting:structure_survey", args=[structure.pk, year])
    client.force_login(conseiller)

    too_many = client.post(url, survey_data(questionnaire, respondents=3))
    assert "10 réponses pour 3 usagers ayant répondu" in too_many.content.decode()
    assert not StructureSurvey.objects.exists()

    client.post(url, survey_data(questionnaire))
    survey = StructureSurvey.objects.get(structure=structure, year=year)
    assert survey.respondents == 10

    request = RequestFactory().get("/")
    request.user = conseiller
    shown = Template("{% load satisfaction %}{% structure_satisfaction structure %}").render(
        Context({"request": request, "structure": structure})
    )
    assert "10\xa0usagers ont répondu" in shown
    assert "moyenne 4,4" in shown
    assert "Accueil apprécié" in shown


def test_only_the_structure_and_the_cci_record_its_survey(client, structure, pilotage, animateur):
    QuestionnaireFactory(user_survey=True)
    year = timezone.localdate().year
    other = factories.counsellor(structure=factories.StructureFactory())

    for person, status in ((other, 403), (pilotage, 403), (animateur, 200)):
        client.force_login(person)
        assert (
            client.get(reverse("reporting:structure_survey", args=[structure.pk, year])).status_code == status
        )
    assert client.get(reverse("reporting:structure_survey", args=[structure.pk, 1990])).status_code == 404
