"""The scan of the signed paper minutes, kept with the sitting's record (PDF or JPEG, size-limited)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError
from elections.conference.models import Conference
from elections.conference.services.conference import lock_conference

MAGIC_TYPES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def detect_scan_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes of a file, or None when not PDF/JPEG."""
    for magic, content_type, extension in MAGIC_TYPES:
        if head.startswith(magic):
            return content_type, extension
    return None


def conference_minutes_upload(*, conference: Conference, actor: User | None, uploaded: UploadedFile) -> Conference:
    """Keep the scan of the signed paper minutes with the record (PDF or JPEG, size-limited)."""
    limit = settings.MAX_ATTACHMENT_BYTES
    size = uploaded.size
    assert size is not None  # Django's upload handlers always measure the file
    if size > limit:
        raise DomainError(
            _("The scan is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.1f}"},
            field="scan",
        )
    if size == 0:
        raise DomainError(_("The file is empty."), field="scan")
    uploaded.seek(0)
    kind = detect_scan_type(uploaded.read(8))
    uploaded.seek(0)
    if kind is None:
        raise DomainError(_("The scan must be a PDF or a JPEG image; this file is neither."), field="scan")
    content_type, extension = kind
    with transaction.atomic():
        locked = lock_conference(conference)
        if locked.status in (Conference.Status.SCHEDULED, Conference.Status.OPEN):
            raise DomainError(
                _("The signed minutes can be uploaded once the vote has opened or the sitting was adjourned.")
            )
        before = {"minutes_scan": locked.minutes_scan.name or ""}
        group = locked.group_election.group
        name = f"bien-ban-hoi-nghi-to-{group.code}-lan-{locked.sequence}.{extension}"
        locked.minutes_scan.save(name, uploaded, save=False)
        locked.minutes_scan_type = content_type
        locked.minutes_scan_uploaded_at = timezone.now()
        locked.minutes_scan_uploaded_by = actor if getattr(actor, "pk", None) else None
        locked.save(
            update_fields=["minutes_scan", "minutes_scan_type", "minutes_scan_uploaded_at", "minutes_scan_uploaded_by"]
        )
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.CONFERENCE_MINUTES_UPLOADED,
            before=before,
            after={"minutes_scan": locked.minutes_scan.name, "type": content_type, "size": uploaded.size},
            group=group,
        )
    return locked
