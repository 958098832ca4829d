"""Complaints and denunciations about candidates (directive point 6): receipt, investigation, conclusion."""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, require
from accounts.models import Role, User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.candidates.models import Candidate, Complaint, ComplaintAttachment
from notices.models import Notice
from notices.recipients import users_who_may
from notices.services import notice_send

# Days the handler has by default; the receiving official can set another due date.
DEFAULT_HANDLING_DAYS = 10

# What an attachment may be, recognised by its first bytes (never by the name the uploader gave).
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)

_COMPLAINT_FIELDS = ["status", "findings", "conclusion", "concluded_by", "concluded_at", "investigation_started_at"]

logger = logging.getLogger(__name__)


def handler_for(candidate: Candidate) -> str:
    """The Inspection Committee handles complaints about Party members; the ward handles the others."""
    return Complaint.Handler.INSPECTION if candidate.resident.is_party_member else Complaint.Handler.WARD


def handle_action(complaint: Complaint) -> str:
    return (
        Action.HANDLE_PARTY_COMPLAINT if complaint.handler == Complaint.Handler.INSPECTION else Action.HANDLE_COMPLAINT
    )


def can_handle(user: User, complaint: Complaint) -> bool:
    return can(user, handle_action(complaint), complaint.candidate.group_election.group)


def default_due_on(received_on: date) -> date:
    return received_on + timedelta(days=DEFAULT_HANDLING_DAYS)


def detect_attachment_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None when it is not PDF, JPEG or PNG."""
    for magic, content_type, ext in _SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def _size(upload: UploadedFile) -> int:
    assert upload.size is not None  # Django's upload handlers always measure the file
    return upload.size


def _validate_upload(upload: UploadedFile) -> tuple[str, str]:
    name = upload.name or "?"
    size = _size(upload)
    if size > settings.MAX_ATTACHMENT_BYTES:
        raise DomainError(
            _("The file “%(name)s” is %(size)s KB; at most %(max)s KB is allowed.")
            % {"name": name, "size": (size + 1023) // 1024, "max": settings.MAX_ATTACHMENT_BYTES // 1024},
            field="attachments",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    detected = detect_attachment_type(head)
    if detected is None:
        raise DomainError(
            _("The file “%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name).")
            % {"name": name},
            field="attachments",
        )
    return detected


def _store_attachment(*, complaint: Complaint, upload: UploadedFile, actor: User) -> ComplaintAttachment:
    content_type, ext = _validate_upload(upload)
    attachment = ComplaintAttachment(
        complaint=complaint,
        stored_name=f"{uuid.uuid4().hex}.{ext}",
        original_name=(upload.name or "tep")[:255],
        content_type=content_type,
        size=_size(upload),
        uploaded_by=actor,
    )
    attachment.file.save(attachment.stored_name, upload, save=False)
    attachment.save()
    audit_log(
        actor=actor,
        obj=complaint,
        event=Event.COMPLAINT_ATTACHMENT_ADDED,
        after={
            "attachment": attachment.pk,
            "name": attachment.original_name,
            "type": content_type,
            "size": upload.size,
        },
        group=complaint.candidate.group_election.group,
    )
    return attachment


def complaint_receive(
    *,
    candidate: Candidate,
    received_on: date,
    channel: str,
    content: str,
    actor: User,
    kind: str = Complaint.Kind.COMPLAINT,
    is_anonymous: bool = False,
    complainant_name: str = "",
    complainant_contact: str = "",
    due_on: date | None = None,
    attachments: list[UploadedFile] | tuple = (),
) -> Complaint:
    """Register a complaint or denunciation; the handler follows from the candidate's Party membership."""
    group = candidate.group_election.group
    require(actor, Action.RECEIVE_COMPLAINT, group)
    complainant_name = complainant_name.strip()
    complainant_contact = complainant_contact.strip()
    if is_anonymous:
        complainant_name = complainant_contact = ""
    elif not complainant_name:
        raise DomainError(
            _("Write the complainant's name, or tick “anonymous” when the sender is not known."),
            field="complainant_name",
        )
    if received_on > timezone.localdate():
        raise DomainError(_("The date received cannot be in the future."), field="received_on")
    due_on = due_on or default_due_on(received_on)
    if due_on < received_on:
        raise DomainError(_("The due date cannot be before the date received."), field="due_on")
    for upload in attachments:
        _validate_upload(upload)
    with transaction.atomic():
        candidate = Candidate.objects.select_related("resident", "group_election__group").get(pk=candidate.pk)
        complaint = Complaint(
            candidate=candidate,
            kind=kind,
            received_on=received_on,
            channel=channel,
            is_anonymous=is_anonymous,
            complainant_name=complainant_name,
            complainant_contact=complainant_contact,
            content=content.strip(),
            handler=handler_for(candidate),
            due_on=due_on,
            received_by=actor,
        )
        validate(complaint)
        complaint.save()
        audit_log(
            actor=actor,
            obj=complaint,
            event=Event.COMPLAINT_RECEIVED,
            # The complainant's identity stays out of the log: the log is readable by more roles.
            after={
                **snapshot(
                    complaint, ["candidate", "kind", "received_on", "channel", "is_anonymous", "handler", "due_on"]
                ),
                "candidate_name": candidate.resident.full_name,
            },
            group=group,
        )
        for upload in attachments:
            _store_attachment(complaint=complaint, upload=upload, actor=actor)
        _notify_received(complaint=complaint, group=group, actor=actor)
    return complaint


def _notify_received(*, complaint: Complaint, group, actor: User) -> None:
    """The ward officials hear of every complaint; the Inspection Committee of those about Party members."""
    recipients = users_who_may(Action.VIEW_COMPLAINTS, group, roles={Role.WARD_OFFICIAL})
    if complaint.handler == Complaint.Handler.INSPECTION:
        recipients += users_who_may(Action.HANDLE_PARTY_COMPLAINT, group)
    notice_send(
        recipients=recipients,
        kind=Notice.Kind.COMPLAINT_RECEIVED,
        url=reverse("candidates:complaint", args=[complaint.pk]),
        params={"group": group.name, "candidate": complaint.candidate.resident.full_name},
        actor=actor,
    )


def complaint_attach(*, complaint: Complaint, upload: UploadedFile, actor: User) -> ComplaintAttachment:
    group = complaint.candidate.group_election.group
    if not (can(actor, Action.RECEIVE_COMPLAINT, group) or can_handle(actor, complaint)):
        require(actor, Action.RECEIVE_COMPLAINT, group)
    if complaint.status == Complaint.Status.CONCLUDED:
        raise DomainError(_("This complaint is concluded: no more files can be added."))
    with transaction.atomic():
        return _store_attachment(complaint=complaint, upload=upload, actor=actor)


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update()
        .select_related("candidate__resident", "candidate__group_election__group")
        .get(pk=complaint.pk)
    )


def complaint_start_investigation(*, complaint: Complaint, actor: User, note: str = "") -> Complaint:
    require(actor, handle_action(complaint), complaint.candidate.group_election.group)
    with transaction.atomic():
        locked = _lock(complaint)
        if locked.status != Complaint.Status.RECEIVED:
            raise DomainError(
                _("This complaint is “%(status)s”: only a received complaint can be taken up.")
                % {"status": locked.get_status_display()}
            )
        before = snapshot(locked, _COMPLAINT_FIELDS)
        locked.status = Complaint.Status.INVESTIGATING
        locked.investigation_started_at = timezone.now()
        locked.save(update_fields=["status", "investigation_started_at"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.COMPLAINT_INVESTIGATION_STARTED,
            before=before,
            after=snapshot(locked, _COMPLAINT_FIELDS),
            group=locked.candidate.group_election.group,
            note=note,
        )
    return locked


def complaint_conclude(*, complaint: Complaint, findings: str, conclusion: str, actor: User) -> Complaint:
    """The handler's conclusion. Only the Inspection Committee concludes complaints about Party members."""
    require(actor, handle_action(complaint), complaint.candidate.group_election.group)
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("Write the findings of the investigation."), field="findings")
    if conclusion not in Complaint.Conclusion.values:
        raise DomainError(_("Choose the conclusion: upheld, not upheld or partly upheld."), field="conclusion")
    with transaction.atomic():
        locked = _lock(complaint)
        if locked.status == Complaint.Status.CONCLUDED:
            raise DomainError(_("This complaint is already concluded."))
        before = snapshot(locked, _COMPLAINT_FIELDS)
        if locked.investigation_started_at is None:
            locked.investigation_started_at = timezone.now()
        locked.status = Complaint.Status.CONCLUDED
        locked.findings = findings
        locked.conclusion = conclusion
        locked.concluded_by = actor
        locked.concluded_at = timezone.now()
        validate(locked)
        locked.save(update_fields=_COMPLAINT_FIELDS)
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.COMPLAINT_CONCLUDED,
            before=before,
            after=snapshot(locked, _COMPLAINT_FIELDS),
            group=locked.candidate.group_election.group,
        )
    logger.info(
        "Complaint %s about candidate %s (group election %s) concluded: %s.",
        locked.pk,
        locked.candidate_id,
        locked.candidate.group_election_id,
        conclusion,
    )
    return locked
