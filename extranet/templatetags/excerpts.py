"""Short plain-text views of long texts (`{% load excerpts %}`).

{{ hit.excerpt|highlight:query }}   plain text escaped, the searched words inside <mark>

Excerpts of Markdown are cut when the text is saved (e.g. `fichiers.models.News.summary`), not at each
view: rendering the Markdown of every row of a list was most of that list's cost.
"""

from django import template
from django.utils.safestring import SafeString

from extranet.search.text import highlight as highlight_terms

register = template.Library()


@register.filter
def highlight(text: str, query: str) -> SafeString:
    return highlight_terms(str(text), query or "")
