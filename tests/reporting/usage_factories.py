"""Questionnaires with their questions, for the satisfaction and evaluation tests."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from reporting.usage_models import Question, QuestionKind, Questionnaire, QuestionnaireKind


class QuestionnaireFactory(DjangoModelFactory):
    """An evaluation of the extranet open today, with a 1–5 scale, a choice and a free text question
    (`with_questions=False` for none)."""

    class Meta:
        model = Questionnaire
        skip_postgeneration_save = True

    title = "Évaluation de l'extranet"
    kind = QuestionnaireKind.MEMBERS
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=21))

    class Params:
        user_survey = factory.Trait(kind=QuestionnaireKind.USER_SURVEY, title="Satisfaction des usagers")

    @factory.post_generation
    def with_questions(self, create, extracted, **kwargs):
        if extracted is False:
            return
        Question.objects.create(questionnaire=self, position=1, text="L'extranet vous est-il utile ?")
        Question.objects.create(
            questionnaire=self,
            position=2,
            text="Quelle rubrique utilisez-vous le plus ?",
            kind=QuestionKind.CHOICE,
            choices="Forum\nFichiers\nAnnuaire",
        )
        Question.objects.create(
            questionnaire=self,
            position=3,
            text="Que faudrait-il améliorer ?",
            kind=QuestionKind.TEXT,
            required=False,
        )
