"""Search forms of the directory pages; each turns its GET parameters into a queryset (the whole list
when the form is not bound: no criteria given)."""

from django import forms

from annuaire.enums import StructureStatus, Weekday
from annuaire.models import Commune, Domain, Partner, Structure
from extranet.forms import FreeTextField, ShortListChoiceField


class StructureFilterForm(forms.Form):
    q = FreeTextField(label="Nom ou commune")
    commune = ShortListChoiceField(
        label="Commune", queryset=Commune.objects.none(), required=False, empty_label="Toutes"
    )
    partner = ShortListChoiceField(
        label="Partenaire présent", queryset=Partner.objects.all(), required=False, empty_label="Tous"
    )
    weekday = forms.TypedChoiceField(
        label="Ouverte le",
        choices=[("", "N'importe quel jour"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label="Statut", choices=[("", "Tous"), *StructureStatus.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only communes that have a structure: a list of 195 communes would mostly lead nowhere. Past
        # 60 of them, a name to type, as for the partners (docs/decisions.md, « Pages that stay the
        # same size »).
        self.fields["commune"].queryset = Commune.objects.filter(structures__isnull=False).distinct()

    def filter(self, structures):
        if not self.is_bound:
            return structures
        if not self.is_valid():
            return structures.none()
        data = self.cleaned_data
        structures = structures.matching(data["q"])
        if data["commune"]:
            structures = structures.filter(commune=data["commune"])
        if data["partner"]:
            structures = structures.with_partner(data["partner"])
        if data["weekday"] is not None:
            structures = structures.open_on(data["weekday"])
        if data["status"]:
            structures = structures.filter(status=data["status"])
        return structures


class PartnerFilterForm(forms.Form):
    q = FreeTextField(label="Nom ou sigle")

    def filter(self, partners):
        if not self.is_bound:
            return partners
        return partners.matching(self.cleaned_data["q"]) if self.is_valid() else partners.none()


class ReferentFilterForm(forms.Form):
    partner = ShortListChoiceField(
        label="Partenaire", queryset=Partner.objects.all(), required=False, empty_label="Tous"
    )
    domain = ShortListChoiceField(
        label="Domaine de compétence", queryset=Domain.objects.all(), required=False, empty_label="Tous"
    )
    structure = ShortListChoiceField(
        label="Structure couverte",
        queryset=Structure.objects.all(),
        required=False,
        empty_label="Toutes",
        help_text="Les référents qui couvrent tout un territoire sont aussi affichés.",
    )
    q = FreeTextField(label="Nom")

    def filter(self, referents):
        if not self.is_bound:
            return referents
        if not self.is_valid():
            return referents.none()
        data = self.cleaned_data
        referents = referents.matching(data["q"])
        if data["partner"]:
            referents = referents.for_partner(data["partner"])
        if data["domain"]:
            referents = referents.for_domain(data["domain"])
        if data["structure"]:
            referents = referents.covering(data["structure"])
        return referents
