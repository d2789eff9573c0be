"""Posts are stored rendered and printed as trusted HTML: nothing active may survive the renderer."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Topic

from tests import factories
from tests.factories import NO_ATTACHMENT

ATTACKS = [
    "<script>alert('xss')</script>",
    '<img src="x" onerror="alert(1)">',
    "[cliquez](javascript:alert(1))",
    '<a href="javascript:alert(1)">lien</a>',
    "[donnée](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
]


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_harmless(html: str) -> None:
    """No active element, no event handler, no link but http(s)/mailto/relative (text may mention them)."""
    collector = ElementCollector()
    collector.feed(html)
    for tag, attrs in collector.elements:
        assert tag not in {"script", "img", "svg", "iframe", "object", "embed", "style"}, html
        assert not [name for name in attrs if name.startswith("on")], html
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), html


@pytest.mark.parametrize("content", ATTACKS)
def test_stored_posts_are_harmless(caf_forum, conseiller, content):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller, content=content)
    assert_harmless(topic.first_post.content.rendered)


def test_markdown_still_works(caf_forum, conseiller):
    topic = factories.TopicFactory(
        forum=caf_forum, poster=conseiller, content="**Important** : voir [le site](https://www.caf.fr)"
    )
    rendered = topic.first_post.content.rendered
    assert "<strong>Important</strong>" in rendered
    assert '<a href="https://www.caf.fr" rel="noopener noreferrer">le site</a>' in rendered


def test_a_hostile_post_through_the_form_is_shown_harmless(client, caf_forum, conseiller):
    client.force_login(conseiller)
    url = reverse("forum_conversation:topic_create", args=[caf_forum.slug, caf_forum.pk])
    client.post(
        url, {"subject": "<script>alert(1)</script>", "content": "\n\n".join(ATTACKS), **NO_ATTACHMENT}
    )
    topic = Topic.objects.get()
    page = client.get(
        reverse("forum_conversation:topic", args=[caf_forum.slug, caf_forum.pk, topic.slug, topic.pk])
    ).content.decode()
    main = page.split('id="contenu"')[1].split("</main>")[0]
    assert_harmless(main)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main


def test_the_preview_is_sanitised_too(client, caf_forum, conseiller):
    client.force_login(conseiller)
    url = reverse("forum_conversation:topic_create", args=[caf_forum.slug, caf_forum.pk])
    page = client.post(url, {"subject": "Essai", "content": ATTACKS[1], "preview": "1"}).content.decode()
    assert_harmless(page.split('id="contenu"')[1].split("</main>")[0])
    assert not Topic.objects.exists()
