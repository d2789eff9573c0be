"""The extranet's Markdown renderer and its one HTML sanitiser.

- `render_markdown` (Python-Markdown, then the sanitiser) renders the bodies of news
  (`fichiers/views.py`) and the descriptions of events (`calendrier/views.py`) when a page shows them,
  and the Markdown that a news item's excerpt is cut from when it is saved (`News.summary`).
- Forum posts do not use that renderer: machina renders them with markdown2 in safe mode when they are
  saved (`forum/markup.py`) and only that HTML goes through `sanitize_html` here.

Markdown lets authors write raw HTML, so its output is never trusted: `nh3` (the Rust `ammonia`
sanitiser) keeps only the tags and attributes below and only http, https and mailto links. Scripts,
event handlers (`onerror=`…), `javascript:` and `data:` URLs never reach the page. Every other text a
user typed (directory descriptions, comments…) is printed escaped by the templates, not through here.

Where only a few words are shown (lists, search results), `excerpt()` turns the rendered HTML into
plain text, so that no `**` or `- ` of the Markdown source shows. A list renders no Markdown: it shows
the excerpt stored with the text.
"""

from html.parser import HTMLParser

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align", "scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_EXTENSIONS = ["extra", "sane_lists"]


def sanitize_html(html: str) -> SafeString:
    """`html` with everything outside the allow-list removed (for HTML another renderer produced)."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308  (sanitised just above)


def render_markdown(text: str) -> SafeString:
    """HTML for `text` (Markdown), safe to print in a template as is."""
    return sanitize_html(markdown.markdown(text or "", extensions=_EXTENSIONS, output_format="html"))


class _TextExtractor(HTMLParser):
    """The text of an HTML fragment, with a space wherever a block or a line break separated words."""

    SEPARATING_TAGS = ALLOWED_TAGS - {"a", "abbr", "code", "em", "strong"}

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities (&amp;, &#x27;…) come out decoded
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.SEPARATING_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of `html` as one line of plain text (tags dropped, entities decoded)."""
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def excerpt(html: str, words: int = 30) -> str:
    """The first `words` words of rendered `html` as plain text (escape it when printing it)."""
    return Truncator(plain_text(html)).words(words)
