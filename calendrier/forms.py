import datetime as dt

from django import forms
from django.utils import timezone

from calendrier import permissions
from calendrier.enums import Audience, EventKind
from calendrier.models import Event


class EventForm(forms.ModelForm):
    visio_url = forms.URLField(label="Lien de visioconférence", required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "structure",
            "commune",
            "address",
            "visio_url",
            "organiser_partner",
            "audience",
            "capacity",
            "registration_deadline",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "registration_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {"description": "Mise en forme Markdown possible (listes, liens, gras)."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in EventKind.choices if c[0] in permissions.kinds_for(user)]
        self.fields["organiser_partner"].queryset = permissions.partners_of(user)
        if not permissions.manages_whole_calendar(user):
            # A referent organises for their own partner only, which is then required.
            self.fields["organiser_partner"].required = True
            self.fields["organiser_partner"].empty_label = None


PERIODS = {
    "semaine": ("Les 7 prochains jours", 7),
    "mois": ("Les 30 prochains jours", 30),
    "trimestre": ("Les 3 prochains mois", 92),
}


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Tous les types"), *EventKind.choices]
    )
    audience = forms.ChoiceField(
        label="Public", required=False, choices=[("", "Tous les publics"), *Audience.choices]
    )
    period = forms.ChoiceField(
        label="Période",
        required=False,
        choices=[("", "Tous les événements à venir"), *((key, label) for key, (label, _) in PERIODS.items())],
    )
    mine = forms.BooleanField(label="Seulement mes inscriptions", required=False)

    def last_day(self) -> dt.date | None:
        period = self.cleaned_data.get("period")
        return timezone.localdate() + dt.timedelta(days=PERIODS[period][1]) if period else None

    def filter(self, events, user):
        data = self.cleaned_data
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("audience"):
            events = events.filter(audience=data["audience"])
        if self.last_day():
            events = events.filter(start_date__lte=self.last_day())
        if data.get("mine"):
            events = events.filter(registrations__user=user)
        return events
