"""Edit forms of the directory, for the people who answer for each record (see permissions.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms import inlineformset_factory

from annuaire import affiliations, people
from annuaire.enums import Recurrence
from annuaire.models import Domain, ExceptionalClosure, OpeningHours, Partner, Permanence, Referent, Structure


def _formfield(field: models.Field, **kwargs):
    # Django 5.2 warns that URL fields will assume https in Django 6: say so now.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    # Native browser pickers for times and dates; the server still validates the value.
    if isinstance(field, models.TimeField):
        kwargs["widget"] = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    elif isinstance(field, models.DateField):
        kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return field.formfield(**kwargs)


class DirectoryForm(forms.ModelForm):
    """Base of every form here; subclasses' Meta inherit from `DirectoryForm.Meta` for the field rules."""

    class Meta:
        formfield_callback = _formfield

    def validate_unique(self):
        super().validate_unique()
        # The partner of a referent or permanence is not a field of its form, so Django leaves out the
        # constraints that name it (the natural keys); check them on the complete instance, so that a
        # duplicate is a form error rather than an IntegrityError when saving.
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self._update_errors(error)


class StructureForm(DirectoryForm):
    # Name, status, labelling and manager are set by the CCI in the admin; the counsellors keep the
    # practical details current. The map coordinates too stay with the CCI (admin and yearly import):
    # nobody at a counter knows a latitude, and a wrong one would put the structure elsewhere.
    class Meta(DirectoryForm.Meta):
        model = Structure
        fields = [
            "address",
            "email",
            "phone",
            "accessible_reduced_mobility",
            "has_visio",
            "has_public_computers",
            "has_printer_scanner",
            "has_wifi",
            "has_confidential_space",
            "partners",
            "referent_name",
            "referent_function",
            "referent_phone",
            "referent_email",
            "elected_name",
            "elected_function",
            "elected_phone",
            "elected_email",
        ]
        widgets = {"partners": forms.CheckboxSelectMultiple}


class OpeningHoursFormSetBase(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.instance
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        overlap = OpeningHours.first_overlap(kept)
        if overlap:
            first, second = overlap
            raise forms.ValidationError(
                f"Deux plages se chevauchent le {first.get_weekday_display()} : "
                f"{first.time_range()} et {second.time_range()}."
            )


OpeningHoursFormSet = inlineformset_factory(
    Structure,
    OpeningHours,
    form=DirectoryForm,
    formset=OpeningHoursFormSetBase,
    fields=["weekday", "opens", "closes"],
    extra=2,
    can_delete=True,
)

ClosureFormSet = inlineformset_factory(
    Structure,
    ExceptionalClosure,
    form=DirectoryForm,
    fields=["starts_on", "ends_on", "reason"],
    extra=1,
    can_delete=True,
)


class PartnerForm(DirectoryForm):
    class Meta(DirectoryForm.Meta):
        model = Partner
        fields = ["field_of_intervention", "website"]


class CoverageForm(DirectoryForm):
    """What a referent covers: domains, structures, territory (one of the last two at least)."""

    class Meta(DirectoryForm.Meta):
        model = Referent
        fields = ["domains", "structures", "territory"]
        widgets = {"domains": forms.CheckboxSelectMultiple, "structures": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = Domain.objects.all()
        self.fields["structures"].queryset = Structure.objects.open_to_public()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("structures") and not cleaned.get("territory"):
            raise forms.ValidationError("Indiquez les structures couvertes ou le territoire couvert.")
        return cleaned


class OwnReferentForm(CoverageForm):
    """« Mon compte »: the referent's own record (name and contacts come from their profile)."""


# The fields a record with an account takes from it (`Referent.take_account_details`).
ACCOUNT_DETAILS = ["full_name", "function", "phone", "email"]


class ReferentForm(CoverageForm):
    class Meta(CoverageForm.Meta):
        fields = ["full_name", "function", "phone", "email", "domains", "structures", "territory", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the accounts of this partner's people: a referent must not be able to tie a record to
        # (and so reveal in the directory) someone of another partner or a deactivated account.
        # Choosing someone who already has a record merges that record into this one (`save`).
        user = self.fields["user"]
        user.queryset = affiliations.referents_of(self.instance.partner).order_by(
            "last_name", "first_name", "email"
        )
        user.empty_label = "Aucun compte"
        user.label_from_instance = lambda person: f"{person} ({person.email})"
        user.help_text = (
            "Les personnes ayant un compte actif rattaché à ce partenaire. Avec un compte, le nom, la "
            "fonction, le téléphone et l'e-mail sont ceux que la personne indique dans « Mon compte »."
        )
        if self.instance.user_id:
            for name in ACCOUNT_DETAILS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Vient du profil de la personne (« Mon compte »)."

    def _get_validation_exclusions(self):
        # The account's current record, if any, is merged into this one on saving (one person, one
        # record), so its being taken is no error.
        return {*super()._get_validation_exclusions(), "user"}

    def save(self, commit=True):
        if not commit:
            return super().save(commit)
        with transaction.atomic():
            if self.instance.user_id:
                people.merge_other_record(self.instance)
            record = super().save()
            people.add_merged_coverage(record)
            return record

    def clean_full_name(self):
        name = self.cleaned_data["full_name"]
        namesakes = Referent.objects.filter(partner=self.instance.partner, full_name=name)
        if namesakes.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                f"{self.instance.partner} a déjà un référent nommé « {name} » : modifiez sa fiche plutôt."
            )
        return name


class PermanenceForm(DirectoryForm):
    weeks_of_month = forms.TypedMultipleChoiceField(
        label="Semaines du mois (permanence mensuelle)",
        choices=[(n, "1re" if n == 1 else f"{n}e") for n in range(1, 6)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(DirectoryForm.Meta):
        model = Permanence
        fields = ["structure", "recurrence", "weekday", "weeks_of_month", "starts_at", "ends_at", "notes"]
        widgets = {"recurrence": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.select_related("commune")
        self.initial["weeks_of_month"] = self.instance.week_numbers()

    def clean_weeks_of_month(self):
        # Stored as "2,4"; only a monthly permanence keeps them.
        if self.data.get(self.add_prefix("recurrence")) != Recurrence.MONTHLY:
            return ""
        return ",".join(str(n) for n in sorted(self.cleaned_data["weeks_of_month"]))
