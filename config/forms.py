"""Shared form plumbing: Bootstrap classes on every widget, so templates stay plain."""

from django import forms


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class DateInput(forms.DateInput):
    """dd/mm/yyyy as Vietnamese officials write dates."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])
        super().__init__(**kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy hh:mm", **(attrs or {})}, format="%d/%m/%Y %H:%M")


class DateTimeField(forms.DateTimeField):
    widget = DateTimeInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"])
        super().__init__(**kwargs)
