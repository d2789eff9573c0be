"""Questionnaires: members answer the CCI's evaluation once and anonymously; the network's readers see
and download the results; a structure records its users' satisfaction survey of the year."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from annuaire.models import Structure
from extranet.spreadsheets import table_response
from extranet.spreadsheets.writing import CONTENT_TYPES
from reporting import permissions
from reporting.questionnaires import (
    AlreadyAnswered,
    AnswerForm,
    StructureSurveyForm,
    question_charts,
    result_lines,
    results,
    submit,
    survey_results,
    survey_year_range,
    user_survey_for,
)
from reporting.usage_models import Questionnaire, StructureSurvey


def questionnaire_list(request):
    """The questionnaires open to answer; for the network's readers, every questionnaire's results."""
    today = timezone.localdate()
    open_now = list(Questionnaire.objects.open_on(today))
    answered = set(
        Questionnaire.objects.filter(
            pk__in=[q.pk for q in open_now], participations__user=request.user
        ).values_list("pk", flat=True)
    )
    context = {
        "open_now": [(questionnaire, questionnaire.pk in answered) for questionnaire in open_now],
        "all_questionnaires": list(Questionnaire.objects.members())
        if permissions.reads_network(request.user)
        else [],
    }
    return render(request, "reporting/questionnaire_list.html", context)


def questionnaire_answer(request, pk):
    questionnaire = get_object_or_404(Questionnaire.objects.members(), pk=pk)
    if not questionnaire.is_open(timezone.localdate()):
        return render(
            request, "reporting/questionnaire_closed.html", {"questionnaire": questionnaire}, status=403
        )
    if questionnaire.has_answered(request.user):
        messages.info(request, "Vous avez déjà répondu à ce questionnaire. Merci de votre participation.")
        return redirect("reporting:questionnaires")
    form = AnswerForm(request.POST if request.method == "POST" else None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            submit(questionnaire, request.user, form.answers())
        except AlreadyAnswered:
            messages.info(request, "Vous avez déjà répondu à ce questionnaire. Merci de votre participation.")
        else:
            messages.success(request, "Merci : vos réponses sont enregistrées, sans lien avec votre compte.")
        return redirect("reporting:questionnaires")
    return render(
        request, "reporting/questionnaire_answer.html", {"questionnaire": questionnaire, "form": form}
    )


def _results_questionnaire(request, pk) -> Questionnaire:
    if not permissions.reads_network(request.user):
        raise PermissionDenied
    return get_object_or_404(Questionnaire.objects.members(), pk=pk)


def questionnaire_results(request, pk):
    questionnaire = _results_questionnaire(request, pk)
    question_results = results(questionnaire)
    context = {
        "questionnaire": questionnaire,
        "results": question_results,
        "charts": question_charts(question_results, questionnaire.anchor),
        "respondents": questionnaire.responses.count(),
    }
    return render(request, "reporting/questionnaire_results.html", context)


def questionnaire_results_download(request, pk, file_format):
    questionnaire = _results_questionnaire(request, pk)
    if file_format not in CONTENT_TYPES:
        raise Http404
    headers, rows = result_lines(results(questionnaire))
    return table_response(
        f"resultats-questionnaire-{questionnaire.pk}", file_format, headers, rows, title=questionnaire.title
    )


def _structure_for_survey(request, structure_pk: int, *, write: bool) -> Structure:
    structure = get_object_or_404(Structure, pk=structure_pk)
    scope = permissions.scope_for(request.user)
    allowed = (
        permissions.fills_reports_for(request.user, structure.pk)
        if write
        else scope is not None and scope.reads_structure(structure.pk)
    )
    if not allowed:
        raise PermissionDenied
    return structure


def structure_survey(request, structure_pk, year):
    """A structure's users' satisfaction survey of `year`: its figures, entered or corrected."""
    structure = _structure_for_survey(request, structure_pk, write=True)
    if year not in survey_year_range():
        raise Http404("Année inconnue.")
    questionnaire = user_survey_for(year)
    if questionnaire is None:
        raise Http404("La CCI n'a pas encore défini le questionnaire de satisfaction des usagers.")
    survey = StructureSurvey.objects.filter(structure=structure, year=year).first()
    if survey is not None and survey.questionnaire_id != questionnaire.pk:
        questionnaire = survey.questionnaire  # figures already entered against an earlier questionnaire
    form = StructureSurveyForm(
        request.POST if request.method == "POST" else None, questionnaire=questionnaire, survey=survey
    )
    if request.method == "POST" and form.is_valid():
        StructureSurvey.objects.update_or_create(
            structure=structure,
            year=year,
            defaults={
                "questionnaire": questionnaire,
                "respondents": form.cleaned_data["respondents"],
                "figures": form.figures(),
            },
        )
        messages.success(request, f"Les résultats {year} de l'enquête de satisfaction sont enregistrés.")
        return redirect(reverse("reporting:structure_survey", args=[structure.pk, year]))
    context = {
        "structure": structure,
        "year": year,
        "questionnaire": questionnaire,
        "form": form,
        "survey": survey,
        "survey_results": survey_results(survey) if survey else [],
    }
    return render(request, "reporting/structure_survey.html", context)
