"""Forms of home visits (request, scheduling, queue filter) and of a passage's counts on the road."""

import datetime as dt

from django import forms
from django.utils import timezone

from annuaire.enums import Weekday
from annuaire.models import Commune
from itinerance.enums import DayPart, VisitReason
from itinerance.models import Passage, Unit
from itinerance.visits import HomeVisitRequest


class HomeVisitRequestForm(forms.ModelForm):
    preferred_days = forms.TypedMultipleChoiceField(
        label="Jours préférés",
        choices=[(day.value, day.label.capitalize()) for day in Weekday if day < Weekday.SATURDAY],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = HomeVisitRequest
        fields = [
            "commune",
            "person_name",
            "person_phone",
            "address",
            "reason",
            "partner",
            "theme",
            "preferred_days",
            "preferred_part",
            "consent",
        ]
        widgets = {"reason": forms.RadioSelect, "preferred_part": forms.RadioSelect}
        help_texts = {
            "person_phone": "Pour que la cellule convienne du rendez-vous avec la personne.",
            "theme": "La nature de l'aide seulement : aucun détail sur la situation de la personne.",
            "consent": "Obligatoire : la date de l'accord est enregistrée avec la demande.",
        }

    def __init__(self, *args, user, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commune"].queryset = Commune.objects.order_by("name")
        if communes:
            self.fields["commune"].initial = communes[0]
        self.fields["consent"].required = True
        # Radios without Django's « --------- » choice.
        self.fields["reason"].choices = VisitReason.choices
        self.fields["preferred_part"].choices = DayPart.choices

    def clean_preferred_days(self):
        return ",".join(str(day) for day in sorted(self.cleaned_data["preferred_days"]))

    def save(self, commit=True):
        self.instance.requested_by = self.user
        self.instance.consent_at = timezone.now()
        return super().save(commit)


class ScheduleForm(forms.Form):
    date = forms.DateField(label="Date de la visite", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    unit = forms.ModelChoiceField(label="Unité", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError("Choisissez une date à venir.")
        return day

    def when(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class QueueFilterForm(forms.Form):
    commune = forms.ModelChoiceField(
        label="Commune", queryset=Commune.objects.none(), required=False, empty_label="Toutes"
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class PassageCountsForm(forms.ModelForm):
    """The few numbers an agent types on a phone after a passage: people received and what was done."""

    class Meta:
        model = Passage
        fields = ["people_received", "level_1", "level_2", "oriented_to_mds", "digital_sessions"]
        widgets = {
            name: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "form-control-lg"})
            for name in ["people_received", "level_1", "level_2", "oriented_to_mds", "digital_sessions"]
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"passage-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        self.fields["people_received"].required = True
