"""Form fields shared by the apps, and the forms of « Mon compte »."""

from django import forms
from django.db import transaction

from extranet import registry
from extranet.models import User
from extranet.text import strip_control_characters


class FreeTextField(forms.CharField):
    """A one-line text filter (search words, a name…), for every list filter and the site-wide search.

    Control characters are dropped before anything else sees the text: a NUL byte pasted or forged
    in `?q=` would otherwise reach PostgreSQL, which refuses it with an error page.
    """

    def __init__(self, *, label: str, max_length: int = 200, required: bool = False, **kwargs):
        super().__init__(label=label, max_length=max_length, required=required, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(value)
        return super().to_python(value)


class ProfileForm(forms.ModelForm):
    """What a member says about themselves to the others. The login address is not here: only the
    CCI changes it (docs/decisions.md, « Adresse de connexion »)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone", "contact_email"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": forms.TextInput(attrs={"autocomplete": "work tel", "inputmode": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "work email"}),
        }


class EmailSettingsForm(forms.Form):
    """Every e-mail a member may turn off, whichever app sends it (`registry.EmailSetting`)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.settings = registry.email_settings_for(user)
        for setting in self.settings:
            self.fields[setting.name] = forms.BooleanField(
                label=setting.label,
                help_text=setting.help_text,
                required=False,
                initial=setting.get(user),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    @transaction.atomic
    def save(self) -> None:
        for setting in self.settings:
            if setting.name in self.changed_data:
                setting.set(self.user, self.cleaned_data[setting.name])
