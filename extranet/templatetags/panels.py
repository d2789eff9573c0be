"""`{% object_panels obj %}`: prints what other apps contribute to the page of `obj`;
`{% home_panels panels %}` the home page's panels (see registry)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from extranet import fragments, registry

register = template.Library()


@register.simple_tag(takes_context=True)
def object_panels(context, obj) -> SafeString:
    request = context["request"]
    rendered = [
        render_to_string(panel["template_name"], {"panel": panel["context"]}, request=request)
        for panel in registry.object_panels_for(request, obj)
    ]
    return mark_safe("".join(rendered))  # each part is a rendered (auto-escaped) template


@register.simple_tag(takes_context=True)
def home_panels(context, panels: list[registry.HomePanel]) -> SafeString:
    """The home page's panels, rendered in its context; those naming topics are kept in the cache, read
    all at once, and compute their context (and run its queries) only when the cache has no copy."""
    request = context["request"]

    def renderer(panel: registry.HomePanel):
        def render() -> str:
            panel_context = panel.get_context(request)
            if not panel_context:
                return ""
            template = context.template.engine.get_template(panel.template_name)
            with context.push(panel=panel_context):
                return template.render(context)

        return render

    kept = [panel for panel in panels if panel.topics]
    copies = iter(
        fragments.cached_many(
            [(f"home:{p.template_name}", p.topics, p.vary(request), renderer(p)) for p in kept]
        )
    )
    # Each part is a rendered (auto-escaped) template.
    return mark_safe("".join(next(copies) if panel.topics else renderer(panel)() for panel in panels))
