"""Short plain-text views of long texts (`{% load excerpts %}`).

{{ news.body|excerpt:40 }}          the first 40 words of Markdown, as plain text
{{ hit.excerpt|highlight:query }}   plain text escaped, the searched words inside <mark>
"""

from django import template
from django.utils.safestring import SafeString

from extranet.markup import excerpt as html_excerpt
from extranet.markup import render_markdown
from extranet.search.text import highlight as highlight_terms

register = template.Library()


@register.filter
def excerpt(markdown_text: str, words: int = 30) -> str:
    return html_excerpt(render_markdown(markdown_text), int(words))


@register.filter
def highlight(text: str, query: str) -> SafeString:
    return highlight_terms(str(text), query or "")
