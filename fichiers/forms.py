from django import forms
from django.conf import settings
from django.utils import timezone

from annuaire.models import Partner, Structure
from fichiers import permissions
from fichiers.enums import DocumentCategory, NewsCategory
from fichiers.models import DigestSubscription, Document, News
from fichiers.validators import ALLOWED_EXTENSIONS, CheckedFile, check_upload


class SourceLimitedForm(forms.ModelForm):
    """Offers as source only the structures and partners the person belongs to (all for the CCI),
    plus the publication's current ones, so that a colleague can edit it without changing its source.

    The choice is checked on the server too: a structure id typed into the request by hand that is
    not among these choices is refused by the field like any invalid choice.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = self.instance
        self.fields["structure"].queryset = (
            permissions.structures_for(user) | Structure.objects.filter(pk=current.structure_id)
        ).order_by("name")
        self.fields["partner"].queryset = (
            permissions.partners_for(user) | Partner.objects.filter(pk=current.partner_id)
        ).order_by("name")


class VersionForm(forms.Form):
    """One uploaded file; what `check_upload` found out about it is kept in `checked_file`."""

    file = forms.FileField(
        label="Fichier", widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Formats acceptés : {', '.join(ALLOWED_EXTENSIONS)}. "
            f"Taille maximale : {settings.FICHIERS_MAX_UPLOAD_MB} Mo."
        )
        self.checked_file: CheckedFile | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked_file = check_upload(upload)
        return upload


class DocumentForm(SourceLimitedForm):
    class Meta:
        model = Document
        fields = ["title", "description", "category", "structure", "partner", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year


class NewsForm(SourceLimitedForm):
    class Meta:
        model = News
        fields = ["title", "body", "category", "structure", "partner", "files", "is_pinned"]
        widgets = {"files": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = Document.objects.current().order_by("title")
        if not permissions.can_pin(self.user):
            del self.fields["is_pinned"]


class NewsFilterForm(forms.Form):
    q = forms.CharField(label="Mots", required=False, max_length=200)
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes")] + NewsCategory.choices
    )
    structure = forms.ModelChoiceField(label="Structure", required=False, queryset=None, empty_label="Toutes")
    partner = forms.ModelChoiceField(label="Partenaire", required=False, queryset=None, empty_label="Tous")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.order_by("name")
        self.fields["partner"].queryset = Partner.objects.order_by("name")


class DocumentFilterForm(NewsFilterForm):
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes")] + DocumentCategory.choices
    )
    year = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)


class DigestSubscriptionForm(forms.ModelForm):
    class Meta:
        model = DigestSubscription
        fields = ["is_active"]
