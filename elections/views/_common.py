from __future__ import annotations

from django.contrib import messages

from config.errors import DomainError


def report_error(request, error: DomainError, form=None) -> None:
    """Show every message of a refusal: on the form field it names, else at the top of the page."""
    for message in error.messages:
        if form is not None and error.field and error.field in form.fields:
            form.add_error(error.field, message)
        elif form is not None:
            form.add_error(None, message)
        else:
            messages.error(request, message)
