"""How forum posts are rendered: Markdown (markdown2 in safe mode), then the nh3 sanitiser.

machina stores the rendered HTML at save time and prints it as trusted HTML, so what leaves this
function is what every reader's browser gets. markdown2's safe mode already escapes raw HTML; nh3
removes whatever could still slip through (event handlers, `javascript:` and `data:` links), with an
allow-list of the tags Markdown produces.

machina resolves `MACHINA_MARKUP_LANGUAGE` while its models load: keep this module free of model
imports.
"""

import nh3
from machina.core.markdown import markdown

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def render_post(text: str) -> str:
    return sanitize_html(markdown(text, safe_mode="escape", extras={"break-on-newline": True}))
