"""Small helpers shared by the election-day views."""

from __future__ import annotations

from django.contrib import messages

from config.errors import DomainError


def report_error(request, error: DomainError, form=None) -> None:
    """Show a refused action's reasons on the form (when the field is known) or as messages."""
    for message in error.messages:
        if form is not None:
            field = error.field if error.field in getattr(form, "fields", {}) else None
            form.add_error(field, message)
        else:
            messages.error(request, message)
