from django import forms

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
