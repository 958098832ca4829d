"""Small helpers shared by the election services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from accounts.access import visible_wards
from config.errors import DomainError


def validate(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """full_clean(), turning every problem into a DomainError that names the field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        messages = []
        field = None
        for name, errors in exc.message_dict.items():
            if name == "__all__":
                messages.extend(errors)
                continue
            field = field or name
            label = obj._meta.get_field(name).verbose_name
            messages.extend(f"{str(label)[:1].upper()}{str(label)[1:]}: {error}" for error in errors)
        raise DomainError(*messages, field=field) from exc


def in_users_ward(user, ward) -> bool:
    return visible_wards(user).filter(pk=ward.pk).exists()


def apply(obj: models.Model, data: dict, allowed: list[str]) -> list[str]:
    """Set the allowed fields present in `data`; return the names that actually changed."""
    changed = []
    for name in allowed:
        if name not in data:
            continue
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname)
        new = data[name]
        new_raw = new.pk if isinstance(new, models.Model) else new
        if current != new_raw:
            setattr(obj, field.attname, new_raw)
            changed.append(name)
    return changed
