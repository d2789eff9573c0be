"""How forum posts are rendered: Markdown (markdown2 in safe mode, as machina does), then the
extranet's one sanitiser (`extranet.markup.sanitize_html`, nh3 with an allow-list).

machina stores the rendered HTML at save time and prints it as trusted HTML, so what leaves this
function is what every reader's browser gets. markdown2's safe mode escapes raw HTML; the sanitiser
removes whatever could still slip through (event handlers, `javascript:` and `data:` links).

machina resolves `MACHINA_MARKUP_LANGUAGE` while its models load: keep this module free of model
imports.
"""

from machina.core.markdown import markdown

from extranet.markup import sanitize_html


def render_post(text: str) -> str:
    return sanitize_html(markdown(text, safe_mode="escape", extras={"break-on-newline": True}))
