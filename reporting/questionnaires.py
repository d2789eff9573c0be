"""Questionnaires: answering once and anonymously, and the results per question.

Anonymity (docs/decisions.md, « Questionnaires: anonymous answers »): a member's answers are stored
in a `Response` that names no account and carries no date, under a random key; the only trace of the
person is a `Participation` row (questionnaire, account) that keeps them from answering twice. Neither
is written to the audit log, whose entries carry an actor and a time. Results never list answers in
the order they came: counts per option, and free texts sorted alphabetically.

A structure's users' satisfaction survey uses the same questions and the same results: the structure
enters, for the year, how many users gave each answer (`StructureSurvey.figures`).
"""

import statistics
from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from extranet.typography import plural
from reporting.usage_models import (
    Answer,
    Participation,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    StructureSurvey,
)


class AlreadyAnswered(Exception):
    pass


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    counts: tuple[tuple[str, int], ...]  # (option, how many), in the options' order
    texts: tuple[str, ...]  # free texts, sorted

    @property
    def answered(self) -> int:
        return sum(count for _, count in self.counts) if self.counts else len(self.texts)

    @property
    def mean(self) -> float | None:
        """The average of a 1–5 scale, rounded to one decimal."""
        if self.question.kind != QuestionKind.SCALE or not self.answered:
            return None
        values = [int(option) for option, count in self.counts for _ in range(count)]
        return round(statistics.mean(values), 1)

    @property
    def mean_display(self) -> str:
        """« 4,4 »: the average as the pages and the PDF write it."""
        return "" if self.mean is None else f"{self.mean:.1f}".replace(".", ",")


def _results(
    questions, counted: dict[int, dict[str, int]], texts: dict[int, list[str]]
) -> list[QuestionResult]:
    return [
        QuestionResult(
            question=question,
            counts=tuple(
                (option, counted.get(question.pk, {}).get(option, 0)) for option in question.options
            ),
            texts=tuple(sorted(texts.get(question.pk, []), key=str.casefold)),
        )
        for question in questions
    ]


def results(questionnaire: Questionnaire) -> list[QuestionResult]:
    """Per question of the members' questionnaire: counts per option, or the free texts (2 queries)."""
    questions = list(questionnaire.questions.all())
    counted: dict[int, dict[str, int]] = {}
    texts: dict[int, list[str]] = {}
    kinds = {question.pk: question.kind for question in questions}
    rows = (
        Answer.objects.filter(question__questionnaire=questionnaire)
        .values_list("question_id", "value")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for question_id, value, count in rows:
        if kinds.get(question_id) == QuestionKind.TEXT:
            texts.setdefault(question_id, []).extend([value] * count)
        else:
            counted.setdefault(question_id, {})[value] = count
    return _results(questions, counted, texts)


def survey_results(survey: StructureSurvey) -> list[QuestionResult]:
    """The figures a structure entered for its users' survey, read as the members' results are."""
    questions = list(survey.questionnaire.questions.all())
    counted, texts = {}, {}
    for question in questions:
        entered = survey.figures.get(str(question.pk))
        if isinstance(entered, dict):
            counted[question.pk] = {option: int(count) for option, count in entered.items()}
        elif entered:
            texts[question.pk] = [entered]
    return _results(questions, counted, texts)


def submit(questionnaire: Questionnaire, user, answers: dict[int, str]) -> None:
    """Record `user`'s answers (question id → value), anonymously; AlreadyAnswered the second time."""
    try:
        with transaction.atomic():
            Participation.objects.create(questionnaire=questionnaire, user=user)
            response = Response.objects.create(questionnaire=questionnaire)
            Answer.objects.bulk_create(
                Answer(response=response, question_id=question_id, value=value)
                for question_id, value in answers.items()
                if value
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error


def _field_name(question: Question) -> str:
    return f"question_{question.pk}"


class AnswerForm(forms.Form):
    """One field per question: 1 to 5, a choice, or free text."""

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questionnaire.questions.all())
        for question in self.questions:
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                labels = {"1": "1 (pas du tout)", "5": "5 (tout à fait)"}
                field = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[
                        (
                            option,
                            labels.get(option, option) if question.kind == QuestionKind.SCALE else option,
                        )
                        for option in question.options
                    ],
                    widget=forms.RadioSelect,
                )
            self.fields[_field_name(question)] = field

    def answers(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data.get(_field_name(question), "") for question in self.questions}


class StructureSurveyForm(forms.Form):
    """The year's figures of a structure's users' survey: for each question, users per answer."""

    respondents = forms.IntegerField(label="Nombre d'usagers ayant répondu", min_value=0)

    def __init__(self, *args, questionnaire: Questionnaire, survey: StructureSurvey | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questionnaire.questions.all())
        figures = survey.figures if survey else {}
        if survey:
            self.fields["respondents"].initial = survey.respondents
        self.groups = []
        for question in self.questions:
            entered = figures.get(str(question.pk))
            names = []
            if question.kind == QuestionKind.TEXT:
                name = _field_name(question)
                self.fields[name] = forms.CharField(
                    label=f"{question.text} — synthèse des réponses",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=entered if isinstance(entered, str) else "",
                )
                names.append(name)
            else:
                for index, option in enumerate(question.options):
                    name = f"{_field_name(question)}_{index}"
                    self.fields[name] = forms.IntegerField(
                        label=f"{question.text} — « {option} »",
                        min_value=0,
                        initial=(entered or {}).get(option, 0) if isinstance(entered, dict) else 0,
                    )
                    names.append(name)
            self.groups.append((question, names))

    def clean(self):
        cleaned = super().clean()
        respondents = cleaned.get("respondents")
        if respondents is None:
            return cleaned
        for question in self.questions:
            if question.kind == QuestionKind.TEXT:
                continue
            total = sum(
                cleaned.get(f"{_field_name(question)}_{i}") or 0 for i in range(len(question.options))
            )
            if total > respondents:
                self.add_error(
                    f"{_field_name(question)}_0",
                    f"« {question.text} » : {total} réponses pour {respondents} usagers ayant répondu.",
                )
        return cleaned

    def figures(self) -> dict:
        figures: dict[str, object] = {}
        for question in self.questions:
            if question.kind == QuestionKind.TEXT:
                figures[str(question.pk)] = self.cleaned_data.get(_field_name(question), "")
            else:
                figures[str(question.pk)] = {
                    option: self.cleaned_data.get(f"{_field_name(question)}_{i}") or 0
                    for i, option in enumerate(question.options)
                }
        return figures


def question_charts(question_results: list[QuestionResult], prefix: str) -> list:
    """A bar chart per question with options (1–5 scales and choices); free texts have none."""
    from reporting.charts import bar_chart

    charts = []
    for index, result in enumerate(question_results, start=1):
        if not result.counts:
            continue
        summary = f"{plural(result.answered, 'réponse')}"
        if result.mean is not None:
            summary += f", moyenne {result.mean_display} sur 5"
        elif result.answered:
            top = max(result.counts, key=lambda item: item[1])
            summary += f" ; réponse la plus donnée : « {top[0]} » ({top[1]})"
        charts.append(
            bar_chart(
                f"{prefix}-question-{index}",
                f"{index}. {result.question.text}",
                summary + ".",
                label_header="Réponse",
                labels=[option for option, _ in result.counts],
                series={"Nombre de réponses": [count for _, count in result.counts]},
            )
        )
    return charts


def result_lines(question_results: list[QuestionResult]) -> tuple[list[str], list[list]]:
    """The results as one table (question, answer, how many): what the downloads hold."""
    rows = []
    for result in question_results:
        for option, count in result.counts:
            rows.append([result.question.text, option, count])
        if result.mean is not None:
            rows.append([result.question.text, "Moyenne sur 5", result.mean])
        for text in result.texts:
            rows.append([result.question.text, text, None])
    return ["Question", "Réponse", "Nombre"], rows


def survey_year_range() -> range:
    """The years a structure may record: from the extranet's opening to this year."""
    return range(2018, timezone.localdate().year + 1)


def user_survey_for(year: int) -> Questionnaire | None:
    """The users' satisfaction questionnaire that applies to `year`: the latest opened by its end."""
    return (
        Questionnaire.objects.user_surveys()
        .filter(opens_on__year__lte=year)
        .order_by("-opens_on", "-pk")
        .prefetch_related("questions")
        .first()
    )


def structure_satisfaction(structure) -> list[tuple[StructureSurvey, list[QuestionResult]]]:
    """A structure's recorded users' surveys, newest year first, with their results (its dashboard)."""
    surveys = (
        StructureSurvey.objects.filter(structure=structure)
        .select_related("questionnaire")
        .prefetch_related("questionnaire__questions")
    )
    return [(survey, survey_results(survey)) for survey in surveys]
