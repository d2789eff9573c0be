"""`load_forum_demo`: refused without DEBUG, creates the demo conversations once, e-mails nobody."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from machina.apps.forum_conversation.models import Topic

pytestmark = pytest.mark.django_db(transaction=True)


def test_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_forum_demo")
    assert not Topic.objects.exists()


def test_loads_once_without_notifying_anyone(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_forum_demo")
    topics = Topic.objects.count()
    assert topics > 0
    assert mail.outbox == []
    # A topic is as old as its first message (the conversations are back-dated).
    for topic in Topic.objects.select_related("first_post"):
        assert topic.created == topic.first_post.created

    call_command("load_forum_demo")
    assert Topic.objects.count() == topics
    assert "0 sujet(s) créé(s)" in capsys.readouterr().out
