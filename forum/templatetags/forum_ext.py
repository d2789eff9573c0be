from django import template

from forum import permissions

register = template.Library()


@register.filter
def can_see_answer_report(user) -> bool:
    return permissions.can_see_answer_report(user)
