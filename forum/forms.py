from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import modelformset_factory
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm
from machina.apps.forum_conversation.forum_attachments.forms import AttachmentForm, BaseAttachmentFormset
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.conf import settings as machina_settings

from fichiers.validators import check_upload
from forum.models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["new_topics", "replies"]


class QuarterForm(forms.Form):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="Trimestre", coerce=int, choices=[(q, f"{q}ᵉ trimestre") for q in range(1, 5)]
    )


class TopicForm(MachinaTopicForm):
    """machina's topic form without « Publier en tant que » when the member can only post normal topics.

    machina removes the sticky and announcement choices the member may not use but still shows the
    select with its one remaining choice, « Sujet par défaut ». Without the field, machina saves a
    normal topic (and an edit keeps the topic's type).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if len(self.fields["topic_type"].choices) < 2:
            del self.fields["topic_type"]


class CheckedAttachmentForm(AttachmentForm):
    """machina's attachment form with the file catalogue's upload checks (type read from the content,
    extension agreeing with it, size limit)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new upload; an attachment being edited keeps its file
            check_upload(upload)
        return upload


CheckedAttachmentFormset = modelformset_factory(
    Attachment,
    CheckedAttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
