"""Registering the fingerprint of a paper when its record is sealed, issued or posted (audited)."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone

from audit.events import Event
from audit.services import audit_log
from config.errors import validate
from verification.fingerprint import fingerprint
from verification.models import PaperFingerprint


def paper_fingerprint_issue(
    *,
    kind: str,
    payload: dict,
    summary: list,
    obj: models.Model,
    group,
    paper_date: datetime.date | None,
    actor,
    supersede_reason: str = "",
    superseded_at: datetime.datetime | None = None,
) -> PaperFingerprint:
    """The fingerprint of `obj`'s paper of `kind` as it now stands becomes the current one.

    Earlier current versions of the same paper are superseded (at `superseded_at`, for
    `supersede_reason`); issuing the same figures again changes nothing. A version that comes back
    (a correction undone) is current again.
    """
    value = fingerprint(payload)
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    with transaction.atomic():
        current = list(
            PaperFingerprint.objects.select_for_update().filter(
                object_type=object_type, object_id=object_id, kind=kind, superseded_at__isnull=True
            )
        )
        if any(row.fingerprint == value for row in current):
            return next(row for row in current if row.fingerprint == value)
        row = PaperFingerprint.objects.select_for_update().filter(fingerprint=value).first()
        if row is None:
            row = PaperFingerprint(fingerprint=value, kind=kind, object_type=object_type, object_id=object_id)
        row.ward_id = group.ward_id
        row.group = group
        row.paper_date = paper_date
        row.summary = summary
        row.superseded_at = None
        row.superseded_reason = ""
        row.superseded_by = None
        validate(row)
        row.save()
        reason = supersede_reason.strip() or "—"
        at = superseded_at or timezone.now()
        for old in current:
            old.superseded_at = at
            old.superseded_reason = reason
            old.superseded_by = row
            old.save(update_fields=["superseded_at", "superseded_reason", "superseded_by"])
        audit_log(
            actor=actor,
            obj=obj,
            event=Event.PAPER_FINGERPRINT_ISSUED,
            after={"paper": kind, "fingerprint": value, "superseded": [old.fingerprint for old in current]},
            group=group,
            note=supersede_reason,
        )
    return row
