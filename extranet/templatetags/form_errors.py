"""`{% error_summary form other_form formset %}`: the list of a page's form errors, printed above the form,
and the meaning of the asterisk that crispy-bootstrap5 puts after the label of a required field.

Each error links to its field, so a keyboard or screen reader user reaches the field to correct from the
summary (RGAA 11.10, the "error summary" pattern). Every form of the site prints it through this one tag;
the errors next to each field are crispy-bootstrap5's, with the ids Django's `aria-describedby` names.
"""

from dataclasses import dataclass

from django import forms, template
from django.utils.text import capfirst

register = template.Library()


@dataclass(frozen=True)
class SummaryError:
    text: str
    target: str  # the id of the element to reach, "" when the error belongs to no single field


def _field_target(field: forms.BoundField) -> str:
    if field.is_hidden:
        return ""
    if field.id_for_label:
        return field.id_for_label
    # Radio buttons and checkbox lists have no single labelled element: go to the first choice.
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id


def _form_errors(form: forms.BaseForm, row: str = "") -> list[SummaryError]:
    """The errors of `form`; `row` names the form within its formset ("Plage d'ouverture 2")."""
    errors = [
        SummaryError(f"{row}\u00a0: {error}" if row else str(error), "") for error in form.non_field_errors()
    ]
    for field in form:
        label = f"{row}, {field.label.lower()}" if row else field.label
        errors += [SummaryError(f"{label}\u00a0: {error}", _field_target(field)) for error in field.errors]
    return errors


def _row_name(formset: forms.BaseFormSet) -> str:
    model = getattr(formset, "model", None)
    return capfirst(model._meta.verbose_name) if model else "Ligne"


def collect_errors(*forms_or_formsets) -> list[SummaryError]:
    errors = []
    for item in forms_or_formsets:
        if item is None or not item.is_bound:
            continue
        if isinstance(item, forms.BaseFormSet):
            errors += [SummaryError(str(error), "") for error in item.non_form_errors()]
            for number, form in enumerate(item.forms, start=1):
                errors += _form_errors(form, f"{_row_name(item)} {number}")
        else:
            errors += _form_errors(item)
    return errors


def _asks_required_fields(*forms_or_formsets) -> bool:
    # Formsets are drawn as tables without labels, hence without asterisks.
    return any(
        field.field.required
        for item in forms_or_formsets
        if isinstance(item, forms.BaseForm)
        for field in item.visible_fields()
    )


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_or_formsets):
    return {
        "errors": collect_errors(*forms_or_formsets),
        "asks_required_fields": _asks_required_fields(*forms_or_formsets),
    }
