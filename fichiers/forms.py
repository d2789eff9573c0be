import re

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html

from annuaire.affiliations import Affiliations
from annuaire.models import Partner, Structure
from extranet.forms import FreeTextField, ShortListChoiceField
from extranet.search.models import SEARCH_COLUMNS
from fichiers import held_uploads, permissions
from fichiers.enums import DocumentCategory, NewsCategory
from fichiers.models import DigestSubscription, Document, News
from fichiers.validators import ALLOWED_EXTENSIONS, CheckedFile, check_upload

# How many of the files of the author's own structures and partners the news form offers to tick.
OWN_FILE_CHOICES = 30


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
    """One uploaded file; what `check_upload` found out about it is kept in `checked_file`.

    When another form of the page is refused, the view holds the valid file (`hold()`): the page comes
    back with the file named and its token in `held_file`, and the next submission uses it unless
    another file is chosen. See fichiers/held_uploads.py.
    """

    file = forms.FileField(
        label="Fichier", widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)})
    )
    held_file = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["file"].help_text = (
            f"Formats acceptés : {', '.join(ALLOWED_EXTENSIONS)}. "
            f"Taille maximale : {settings.FICHIERS_MAX_UPLOAD_MB} Mo."
        )
        self.checked_file: CheckedFile | None = None
        if self.is_bound and not self.files.get(self.add_prefix("file")):
            held = held_uploads.retrieve(self.data.get(self.add_prefix("held_file"), ""), user)
            if held is not None:
                self.files = self.files.copy()
                self.files[self.add_prefix("file")] = held

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked_file = check_upload(upload)
        return upload

    def hold(self) -> None:
        """Keep the valid file for the member's next submission of this page."""
        self.release()
        upload = self.cleaned_data["file"]
        self.data = self.data.copy()
        self.data[self.add_prefix("held_file")] = held_uploads.hold(upload, self.user)
        # Not asked for again (no "required" on the input); the help text goes on the bound field,
        # where Django copied it when the form was validated.
        self.fields["file"].required = False
        self["file"].help_text = format_html(
            "Fichier reçu\u00a0: « {} » ({}). Il sera enregistré avec la fiche\u00a0: ne le choisissez pas à "
            "nouveau, sauf pour le remplacer par un autre.",
            upload.name,
            filesizeformat(upload.size),
        )

    def release(self) -> None:
        """Drop the held file, if any (once stored, or replaced)."""
        if self.is_bound:
            held_uploads.release(self.data.get(self.add_prefix("held_file"), ""))


class DocumentForm(SourceLimitedForm):
    class Meta:
        model = Document
        fields = ["title", "description", "category", "structure", "partner", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules of Document.clean(), said before the member submits rather than only after.
        self.fields["structure"].help_text = (
            "Obligatoire pour une plaquette\u00a0: la structure (ou, à défaut, le partenaire) "
            "qu'elle présente."
        )
        self.fields["partner"].help_text = "Obligatoire pour une documentation partenaire."
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year


# A catalogue reference is the file's number, shown on its page; its page's address is accepted too.
# [0-9], not \d, which also matches other scripts' digits.
FILE_REFERENCE = re.compile(r"[0-9]{1,18}")
FILE_PAGE = re.compile(r"/fichiers/([0-9]{1,18})/?(?:[?#].*)?$")


def parse_file_references(text: str) -> list[int]:
    """The catalogue numbers in `text`: numbers ("123") or file page addresses (".../fichiers/123/"),
    separated by spaces, commas or semicolons. Raises a French ValidationError on anything else."""
    numbers, refused = [], []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        if FILE_REFERENCE.fullmatch(token):
            numbers.append(int(token))
        elif match := FILE_PAGE.search(token):
            numbers.append(int(match.group(1)))
        else:
            refused.append(f"« {token[:60]} »")
    if refused:
        raise forms.ValidationError(
            "Ce ne sont pas des références de fichiers : %(refused)s. Indiquez le numéro affiché sur la "
            "page du fichier ou l'adresse de cette page.",
            params={"refused": ", ".join(refused)},
        )
    return list(dict.fromkeys(numbers))


def _file_label(document: Document) -> str:
    return f"{document.title} ({document.get_category_display().lower()}, {document.year})"


class NewsForm(SourceLimitedForm):
    """A news item. Its files are chosen among a short list, never the whole catalogue (thousands of
    files): the current files of the author's own structures and partners (the most recent ones),
    those already attached, and the one the author came from ("Joindre à une actualité" on a file's
    page). Any other current file is attached by its reference, typed in `other_files`.

    Whatever the way, the server only accepts files the person can see; an archived file can stay
    attached but cannot be newly attached.
    """

    other_files = forms.CharField(
        label="Joindre d'autres fichiers du catalogue",
        required=False,
        max_length=500,
        help_text="Références des fichiers (le numéro affiché sur la page de chaque fichier) ou adresses "
        "de leurs pages, séparées par des espaces ou des virgules.",
    )

    class Meta:
        model = News
        fields = ["title", "body", "category", "structure", "partner", "files", "other_files", "is_pinned"]
        widgets = {"files": forms.CheckboxSelectMultiple}

    def __init__(self, *args, attach: Document | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = self._file_choices(attach)
        self.fields["files"].label = "Fichiers joints"
        self.fields["files"].label_from_instance = _file_label
        self.fields["files"].help_text = (
            "Les fichiers récents de vos structures et partenaires, et ceux déjà joints. "
            "Pour un autre fichier : sa référence ci-dessous, ou « Joindre à une actualité » sur sa page."
        )
        if attach is not None and not self.is_bound:
            self.initial["files"] = [*self.initial.get("files", []), attach]
        if not permissions.can_pin(self.user):
            del self.fields["is_pinned"]

    def _file_choices(self, attach: Document | None):
        affiliations = Affiliations.of(self.user)
        own_recent = (
            Document.objects.visible_to(self.user)
            .current()
            .filter(Q(structure__in=affiliations.structure_ids) | Q(partner__in=affiliations.partner_ids))
            .order_by("-created_at", "-pk")
            .values("pk")[:OWN_FILE_CHOICES]
        )
        choices = Q(pk__in=own_recent)
        if self.instance.pk:
            choices |= Q(pk__in=self.instance.files.values("pk"))
        if attach is not None:
            choices |= Q(pk=attach.pk)
        return Document.objects.filter(choices).only("title", "category", "year").order_by("title", "pk")

    def clean_other_files(self) -> list[Document]:
        numbers = parse_file_references(self.cleaned_data["other_files"])
        found = Document.objects.visible_to(self.user).current().in_bulk(numbers)
        if missing := [str(number) for number in numbers if number not in found]:
            raise forms.ValidationError(
                "Aucun fichier en cours du catalogue ne porte la référence %(missing)s "
                "(un fichier archivé ne peut pas être joint).",
                params={"missing": ", ".join(missing)},
            )
        return list(found.values())

    def clean(self):
        cleaned = super().clean()
        if "files" in cleaned and "other_files" in cleaned:
            # What `save()` stores in the news' files: the ticked ones plus those typed by reference.
            cleaned["files"] = list(dict.fromkeys([*cleaned["files"], *cleaned["other_files"]]))
        return cleaned


class NewsFilterForm(forms.Form):
    q = FreeTextField(label="Mots")
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes")] + NewsCategory.choices
    )
    structure = ShortListChoiceField(label="Structure", required=False, queryset=None, empty_label="Toutes")
    partner = ShortListChoiceField(label="Partenaire", required=False, queryset=None, empty_label="Tous")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.defer(*SEARCH_COLUMNS).order_by("name")
        self.fields["partner"].queryset = Partner.objects.defer(*SEARCH_COLUMNS).order_by("name")


class DocumentFilterForm(NewsFilterForm):
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes")] + DocumentCategory.choices
    )
    year = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)


class DigestSubscriptionForm(forms.ModelForm):
    class Meta:
        model = DigestSubscription
        fields = ["is_active"]
