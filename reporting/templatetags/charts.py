from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def export_base(url_name: str, slug: str) -> str:
    """The address of a table's downloads without its format, for reporting/includes/chart.html:
    `url_name` takes (table slug, format) and ends with « <format>/ »."""
    return reverse(url_name, args=[slug, "csv"]).removesuffix("csv/")
