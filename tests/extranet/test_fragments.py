"""Fragments cached by data version (extranet/fragments.py): served from the cache until their data
changes, never stale for the connection that wrote, never holding a CSRF token."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template import Context, Template

from extranet import fragments
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def people_topic(monkeypatch):
    """A topic of this test only: the users' changes."""
    monkeypatch.setattr(fragments, "_topics_of", {})
    fragments.watch("people", get_user_model())


class Renderer:
    """Counts how often the fragment had to be rendered."""

    def __init__(self, text="<p>Bonjour</p>"):
        self.text, self.calls = text, 0

    def __call__(self):
        self.calls += 1
        return self.text


def show(renderer, *vary, topics=("people",)):
    return fragments.cached("test", topics, vary, renderer)


def test_a_fragment_is_rendered_once_while_its_data_does_not_change():
    renderer = Renderer()
    assert show(renderer) == show(renderer) == "<p>Bonjour</p>"
    assert renderer.calls == 1


def test_each_vary_value_has_its_own_copy():
    renderer = Renderer()
    show(renderer, 1), show(renderer, 2), show(renderer, 1)
    assert renderer.calls == 2


def test_a_committed_save_delete_or_relation_change_renders_it_again(django_capture_on_commit_callbacks):
    renderer = Renderer()
    with django_capture_on_commit_callbacks(execute=True):
        person = UserFactory()
    show(renderer), show(renderer)
    with django_capture_on_commit_callbacks(execute=True):
        person.first_name = "Autre"
        person.save()
    show(renderer)
    with django_capture_on_commit_callbacks(execute=True):
        person.groups.add(Group.objects.create(name="Groupe"))
    show(renderer)
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    show(renderer), show(renderer)
    assert renderer.calls == 4


def test_other_topics_keep_their_copy(django_capture_on_commit_callbacks):
    renderer = Renderer()
    show(renderer, topics=["elsewhere"])
    with django_capture_on_commit_callbacks(execute=True):
        UserFactory()
    show(renderer, topics=["elsewhere"])
    assert renderer.calls == 1


def test_a_login_alone_changes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = UserFactory()
    renderer = Renderer()
    show(renderer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        person.save(update_fields=["last_login"])
    assert callbacks == []
    show(renderer)
    assert renderer.calls == 1


def test_the_writer_never_reads_a_copy_older_than_its_uncommitted_change(django_capture_on_commit_callbacks):
    renderer = Renderer()
    show(renderer)
    UserFactory()  # not committed yet: other connections keep the old copy, this one renders
    show(renderer), show(renderer)
    assert renderer.calls == 3
    with django_capture_on_commit_callbacks(execute=True):
        pass  # nothing new to run: the change above stays uncommitted
    show(renderer)
    assert renderer.calls == 4


def test_changed_announces_a_write_made_without_signals(django_capture_on_commit_callbacks):
    renderer = Renderer()
    show(renderer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fragments.changed("people")
        fragments.changed("people")
    assert len(callbacks) == 1  # one new version per transaction, however many writes
    show(renderer)
    assert renderer.calls == 2


def test_a_fragment_with_a_csrf_token_is_never_cached():
    renderer = Renderer('<form><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>')
    show(renderer), show(renderer)
    assert renderer.calls == 2


def test_the_template_tag_caches_its_block_escaped(django_capture_on_commit_callbacks):
    template = Template(
        '{% load fragments %}{% cachedfragment "salut" "people" who %}'
        "<p>{{ who }} {{ rendered }}</p>{% endcachedfragment %}"
    )
    first = template.render(Context({"who": "<Léa>", "rendered": "une fois"}))
    again = template.render(Context({"who": "<Léa>", "rendered": "deux fois"}))
    other = template.render(Context({"who": "Noé", "rendered": "deux fois"}))
    assert first == again == "<p>&lt;Léa&gt; une fois</p>"
    assert other == "<p>Noé deux fois</p>"
    with django_capture_on_commit_callbacks(execute=True):
        UserFactory()
    assert (
        template.render(Context({"who": "<Léa>", "rendered": "trois fois"}))
        == "<p>&lt;Léa&gt; trois fois</p>"
    )


def test_several_fragments_at_once_each_with_its_topics():
    first, second = Renderer("<p>un</p>"), Renderer("<p>deux</p>")

    def both():
        return fragments.cached_many([("un", ["people"], [], first), ("deux", ["elsewhere"], [1], second)])

    assert both() == both() == ["<p>un</p>", "<p>deux</p>"]
    assert (first.calls, second.calls) == (1, 1)
    UserFactory()  # not committed: « people » is rendered afresh, « elsewhere » still comes from the cache
    assert both() == ["<p>un</p>", "<p>deux</p>"]
    assert (first.calls, second.calls) == (2, 1)


def test_a_new_release_renders_its_own_copies(monkeypatch):
    renderer = Renderer()
    show(renderer)
    monkeypatch.setattr(fragments, "code_version", lambda: "une autre version")
    show(renderer), show(renderer)
    assert renderer.calls == 2


def test_the_release_fingerprint_is_the_code_s_not_the_process_s():
    fragments.code_version.cache_clear()
    first = fragments.code_version()
    fragments.code_version.cache_clear()
    assert fragments.code_version() == first and len(first) == 16
