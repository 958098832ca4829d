"""Writing the audit log. Every service that changes an election record calls `audit_log`."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from audit.events import CODES, Event
from audit.models import AuditEntry

if TYPE_CHECKING:
    from accounts.models import User


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an object, as plain values for `before` / `after`."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        assert isinstance(field, models.Field)  # a field of the model itself, never a reverse relation
        out[name] = _plain(getattr(obj, field.attname))
    return out


def audit_log(
    *,
    actor: User | None,
    obj: models.Model | None,
    event: Event | str,
    before: dict | None = None,
    after: dict | None = None,
    group=None,
    ward=None,
    note: str = "",
    object_type: str | None = None,
) -> AuditEntry:
    """Record one change. `group` places the entry on that group's timeline.

    `event` is an `Event` (or its stored string); an unknown code is refused, so every entry has a label.
    """
    if event not in CODES:
        raise ValueError(f"Unknown audit event {event!r}: add it to audit.events.Event first.")
    if group is not None and ward is None:
        ward = group.ward_id
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        ward_id=ward if isinstance(ward, int) else getattr(ward, "pk", None),
        group=group,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        event=str(event),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note,
    )


def changed_fields(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, for a compact before -> after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
