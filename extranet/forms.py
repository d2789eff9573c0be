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


class NameInput(forms.TextInput):
    """The text box of a `ShortListChoiceField` grown too long for a list: a chosen object shows by
    its name, even when the address gave its number (a link « Qui contacter ? » from a structure page)."""

    def __init__(self, field, attrs=None):
        super().__init__(attrs)
        self.field = field

    def format_value(self, value):
        if isinstance(value, str) and value.isdigit():
            chosen = self.field.queryset.filter(pk=value).first()
            return str(chosen) if chosen else value
        return super().format_value(value)


class ShortListChoiceField(forms.ModelChoiceField):
    """A list filter's choice of a structure, a partner, a commune: a drop-down list while there are
    at most `SHORT_LIST` choices, a name to type beyond, so that a page does not grow with the
    directory (docs/decisions.md, « Pages that stay the same size »). Both send the same parameter:
    an object's number (from the list or a link) or a name, matched as the directory's search boxes
    match names (accents and case ignored, word beginnings), and refused in words when no object or
    several match. Works without JavaScript.
    """

    SHORT_LIST = 60

    def get_bound_field(self, form, field_name):
        # Decided at rendering time, on the queryset the form finally set; one query either way.
        listed = list(self.queryset[: self.SHORT_LIST + 1])
        if len(listed) <= self.SHORT_LIST:
            self.widget = forms.Select(choices=[("", self.empty_label), *((o.pk, str(o)) for o in listed)])
        else:
            self.widget = NameInput(self, attrs={"autocomplete": "off", "placeholder": self.empty_label})
        self.widget.is_required = self.required
        return super().get_bound_field(form, field_name)

    def to_python(self, value):
        if not isinstance(value, str) or value.strip().isdigit() or value in self.empty_values:
            return super().to_python(value.strip() if isinstance(value, str) else value)
        text = strip_control_characters(str(value)).strip()[:200]
        matches = list(self.queryset.matching(text)[:6])
        exact = [o for o in matches if str(o).casefold() == text.casefold()]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0]
        quoted = f"«\u00a0{text}\u00a0»"
        if not matches:
            raise forms.ValidationError(f"Aucun choix ne correspond à {quoted}.", code="invalid_choice")
        names = ", ".join(str(o) for o in matches[:5]) + ("…" if len(matches) > 5 else "")
        message = f"Plusieurs choix correspondent à {quoted} ({names})\u00a0: précisez le nom."
        raise forms.ValidationError(message, code="invalid_choice")


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
