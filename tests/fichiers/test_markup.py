"""The one Markdown renderer: what authors write never runs in a reader's browser."""

from html.parser import HTMLParser

import pytest

from extranet.markup import render_markdown


class _Elements(HTMLParser):
    """The tags and attributes a browser would build from the HTML (escaped text is not a tag)."""

    def __init__(self, html):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.update({name: value or "" for name, value in attrs})


def test_markdown_is_rendered():
    html = render_markdown("**gras** et [lien](https://www.france-services.gouv.fr)\n\n- un\n- deux")
    assert "<strong>gras</strong>" in html
    assert '<a href="https://www.france-services.gouv.fr" rel="noopener noreferrer">lien</a>' in html
    assert "<li>un</li>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('xss')</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert('xss')>",
        '<a href="#" onclick="alert(\'xss\')">clic</a>',
        "<svg onload=alert('xss')></svg>",
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
    ],
)
def test_scripts_and_event_handlers_are_removed(text):
    elements = _Elements(render_markdown(text))
    assert not {"script", "img", "iframe", "style", "svg"} & set(elements.tags)
    assert not [name for name in elements.attributes if name.startswith("on")]


@pytest.mark.parametrize(
    "text",
    [
        "[clic](javascript:alert('xss'))",
        '<a href="JaVaScRiPt:alert(1)">clic</a>',
        "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="vbscript:msgbox(1)">clic</a>',
        "[clic](  javascript:alert(1))",
    ],
)
def test_dangerous_links_lose_their_target(text):
    html = render_markdown(text)
    assert "href" not in _Elements(html).attributes
    assert "clic" in html


def test_mailto_links_are_kept():
    assert 'href="mailto:contact@example.org"' in render_markdown("[écrire](mailto:contact@example.org)")


def test_empty_body():
    assert render_markdown("") == ""
