"""Small helpers shared by the election services."""

from __future__ import annotations

from django.db import models

from accounts.access import visible_wards
from accounts.models import User
from residents.models import Ward


def in_users_ward(user: User, ward: Ward) -> bool:
    return visible_wards(user).filter(pk=ward.pk).exists()


def apply(obj: models.Model, data: dict, allowed: list[str]) -> list[str]:
    """Set the allowed fields present in `data`; return the names that actually changed."""
    changed = []
    for name in allowed:
        if name not in data:
            continue
        field = obj._meta.get_field(name)
        assert isinstance(field, models.Field)  # a field of the model itself, never a reverse relation
        current = getattr(obj, field.attname)
        new = data[name]
        new_raw = new.pk if isinstance(new, models.Model) else new
        if current != new_raw:
            setattr(obj, field.attname, new_raw)
            changed.append(name)
    return changed
