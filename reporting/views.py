"""The reporting pages. Views stay thin: rights in permissions.py, figures in the models and dashboards."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from reporting import permissions
from reporting.permissions import scope_for


@dataclass(frozen=True)
class Section:
    label: str
    url: str
    description: str


def _sections(user) -> list[Section]:
    """The reporting pages `user` may open, for the index page."""
    sections = []
    if permissions.reads_network(user):
        sections.append(
            Section(
                "Bilan d'usage de l'extranet",
                reverse("reporting:usage_report"),
                "Connexions, pages vues, fichiers, forum et événements de l'année, en PDF et en tableur.",
            )
        )
    sections.append(
        Section(
            "Questionnaires",
            reverse("reporting:questionnaires"),
            "L'évaluation annuelle de l'extranet par ses membres (réponses anonymes)"
            + (" et ses résultats." if permissions.reads_network(user) else "."),
        )
    )
    return sections


def index(request):
    if scope_for(request.user) is None:
        raise PermissionDenied
    return render(request, "reporting/index.html", {"sections": _sections(request.user)})
