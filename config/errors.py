"""The one error path: services raise `DomainError`; a model's `ValidationError` becomes one through
`domain_error_from` (or `validate`, which runs `full_clean`); views show it with `report_error`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models


class DomainError(Exception):
    """A rule refused the action. `messages` are translated sentences for the user, each naming
    the field or row and the reason; `field` is set when one form field is at fault."""

    def __init__(self, *messages, field: str | None = None):
        self.messages = [str(m) for m in messages]
        self.field = field
        super().__init__("; ".join(self.messages))


def _label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
    return label[:1].upper() + label[1:]


def domain_error_from(exc: ValidationError, model: type[models.Model] | models.Model | None = None) -> DomainError:
    """The refusal a model's `ValidationError` means: each message prefixed with the field's label
    ("Ngày bầu: ..."), the first field named so a form can show it in place."""
    model_class = model if model is None or isinstance(model, type) else type(model)
    if not hasattr(exc, "error_dict"):
        return DomainError(*exc.messages)
    texts: list[str] = []
    field = None
    for name, errors in exc.message_dict.items():
        if name == "__all__":
            texts.extend(errors)
            continue
        field = field or name
        label = _label(model_class, name)
        texts.extend(f"{label}: {error}" for error in errors)
    return DomainError(*texts, field=field)


def validate(obj: models.Model, *, exclude: list[str] | None = None, validate_unique: bool = True) -> None:
    """`full_clean()`, turning every problem into a `DomainError` that names the field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as exc:
        raise domain_error_from(exc, obj) from exc


def report_error(request, error: DomainError, form=None) -> None:
    """Show every message of a refusal: on the form field it names (or the form's top), else as a
    message at the top of the page."""
    for message in error.messages:
        if form is not None:
            field = error.field if error.field in getattr(form, "fields", {}) else None
            form.add_error(field, message)
        else:
            messages.error(request, message)
