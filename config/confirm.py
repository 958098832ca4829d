"""A confirmation step before an irreversible record (opening the vote, sealing, issuing the decision,
concluding a complaint).

The first POST of a valid form records nothing: the page shows what will be recorded, with the values
carried in hidden fields (`templates/partials/confirm_step.html`). Only a POST with `step=confirm`
records; `step=edit` shows the form again with its values. The check is on the server: a POST that
skips the page records nothing either.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import formats, timezone

STEP = "step"


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(STEP) == "confirm"


def editing(request) -> bool:
    return request.method == "POST" and request.POST.get(STEP) == "edit"


def _display(field: forms.Field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    return str(value)


def form_summary(form: forms.Form) -> list[tuple[str, str]]:
    """(label, value as shown) for every field of a valid form, in the form's order."""
    return [(str(field.label), _display(field, form.cleaned_data.get(name))) for name, field in form.fields.items()]
