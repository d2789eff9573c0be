"""Forms of the coordinator: generating passages, cancelling one, stopping a site."""

import datetime as dt

from django import forms
from django.utils import timezone

from itinerance.models import Tour


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GenerateForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Générer les passages des prochains mois",
        choices=[(n, f"{n} mois") for n in (1, 2, 3, 4, 6, 12)],
        coerce=int,
        initial=3,
        help_text="Du jour même à la fin du dernier mois choisi.",
    )
    tour = forms.ModelChoiceField(
        label="Tournée", queryset=Tour.objects.active(), required=False, empty_label="Toutes les tournées"
    )
    confirm_changes = forms.BooleanField(
        label="Je confirme les modifications des passages déjà annoncés listées ci-dessus",
        required=False,
    )

    def period(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        from itinerance.planning import add_months

        today = today or timezone.localdate()
        return today, add_months(today, self.cleaned_data["months"]) - dt.timedelta(days=1)


class CancelPassageForm(forms.Form):
    public_reason = forms.CharField(
        label="Motif affiché au public",
        max_length=255,
        help_text="Par exemple : panne du véhicule, intempéries, agent absent.",
    )


class StopSiteForm(forms.Form):
    from_date = forms.DateField(label="Arrêter les passages à partir du", widget=DateInput())
