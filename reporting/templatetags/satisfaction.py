"""`{% structure_satisfaction structure %}`: a structure's users' satisfaction surveys, for its dashboard."""

from django import template
from django.utils import timezone

from reporting import permissions
from reporting.questionnaires import structure_satisfaction as surveys_of

register = template.Library()


@register.inclusion_tag("reporting/includes/structure_satisfaction.html", takes_context=True)
def structure_satisfaction(context, structure):
    user = context["request"].user
    return {
        "structure": structure,
        "surveys": surveys_of(structure),
        "can_edit": permissions.fills_reports_for(user, structure.pk),
        "this_year": timezone.localdate().year,
    }
