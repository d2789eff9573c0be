"""The reporting pages. Views stay thin: rights in permissions.py, figures in the models and dashboards."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from reporting.permissions import scope_for


@dataclass(frozen=True)
class Section:
    label: str
    url: str
    description: str


def _sections(user) -> list[Section]:
    """The reporting pages `user` may open, for the index page."""
    return []


def index(request):
    if scope_for(request.user) is None:
        raise PermissionDenied
    return render(request, "reporting/index.html", {"sections": _sections(request.user)})
