"""`{% object_panels obj %}`: prints what other apps contribute to the page of `obj` (see registry)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from extranet import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def object_panels(context, obj) -> SafeString:
    request = context["request"]
    rendered = [
        render_to_string(panel["template_name"], {"panel": panel["context"]}, request=request)
        for panel in registry.object_panels_for(request, obj)
    ]
    return mark_safe("".join(rendered))  # each part is a rendered (auto-escaped) template
