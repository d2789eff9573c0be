"""Form fields shared by the apps."""

from django import forms

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
