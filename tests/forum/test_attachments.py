"""Attachments pass the file catalogue's upload checks and are downloaded by members only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Topic

from tests.factories import NO_ATTACHMENT

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_topic(client, forum, upload):
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    data = {
        "subject": "Notice CAF",
        "content": "Voici la notice.",
        **NO_ATTACHMENT,
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": upload,
        "attachment-0-comment": "Notice",
    }
    return client.post(url, data)


def test_a_checked_file_is_attached_and_downloaded_by_members(client, caf_forum, conseiller, referent):
    client.force_login(conseiller)
    response = post_topic(client, caf_forum, SimpleUploadedFile("notice.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    topic = Topic.objects.get()
    page = client.get(
        reverse("forum_conversation:topic", args=[caf_forum.slug, caf_forum.pk, topic.slug, topic.pk])
    )
    assert "notice.pdf" in page.content.decode()

    client.force_login(referent)
    download = client.get(reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")

    client.logout()
    response = client.get(reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notice.pdf", b"<html><script>alert(1)</script></html>"),  # HTML in disguise
        ("page.html", b"<html></html>"),  # a type the catalogue refuses
        ("vide.pdf", b""),
    ],
)
def test_a_refused_file_is_explained_and_nothing_is_posted(client, caf_forum, conseiller, name, content):
    client.force_login(conseiller)
    response = post_topic(client, caf_forum, SimpleUploadedFile(name, content, "application/pdf"))
    assert response.status_code == 200
    assert response.context["attachment_formset"].forms[0].errors["file"]
    assert not Topic.objects.exists()
    assert not Attachment.objects.exists()
