"""Candidates of a group's election: consultation with the cell, nominations, vetting against the
standards (TT 04/2012 Art. 11), complaints and denunciations, and the frozen list once posted.

State changes go through `services.py`; these models hold the rows and the database invariants.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsultationMeeting(models.Model):
    """The Front work committee's meeting with the cell committee that agrees the candidates it introduces."""

    group_election = models.ForeignKey(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("group election"),
    )
    held_on = models.DateField(_("meeting date"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    participants = models.TextField(
        _("participants"), help_text=_("Front work committee and cell committee members present, one per line.")
    )
    agreement = models.TextField(_("agreement"), help_text=_("What the meeting agreed: the candidates introduced."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["group_election", "held_on", "id"]

    def __str__(self) -> str:
        return _("Consultation meeting of %(date)s") % {"date": self.held_on.strftime("%d/%m/%Y")}


class Candidate(models.Model):
    class Source(models.TextChoices):
        FRONT = "front", _("Introduced by the Front work committee")
        SELF = "self", _("Self-nomination")
        FLOOR = "floor", _("Nominated from the floor")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    group_election = models.ForeignKey(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("group election"),
    )
    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("resident")
    )
    source = models.CharField(_("nominated by way of"), max_length=10, choices=Source.choices)
    consultation = models.ForeignKey(
        ConsultationMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("consultation meeting"),
    )
    nomination_note = models.TextField(_("note on the nomination"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOMINATED, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The register's Party membership as the vetting saw it: read by the dashboards without the resident.
    party_member_at_vetting = models.BooleanField(_("Party member when vetted"), default=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["group_election", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group_election", "resident"], name="candidate_once_per_election"),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "withdrawn"]) | ~Q(status_reason=""),
                name="candidate_reason_when_rejected_or_withdrawn",
            ),
            models.CheckConstraint(
                condition=~Q(source="front") | Q(consultation__isnull=False),
                name="candidate_front_needs_consultation",
            ),
        ]

    def __str__(self) -> str:
        return self.resident.full_name

    @property
    def is_party_member(self) -> bool:
        """From the register, never retyped."""
        return self.resident.is_party_member

    @property
    def is_active(self) -> bool:
        return self.status not in (self.Status.REJECTED, self.Status.WITHDRAWN)


class Criterion(models.TextChoices):
    """The standards an official attests (what the register cannot prove)."""

    HEALTH = "health", _("Health, enthusiasm and sense of responsibility")
    POLITICAL_MORAL = "political_moral", _("Political and moral qualities, trusted by the people")
    PRESTIGE = "prestige", _("Prestige with the Party and the people")
    EXAMPLE = "example", _("An example, with the family, in following policy and local rules")
    CAPACITY = "capacity", _("Capacity, experience and methods to mobilise residents")


class Attestation(models.Model):
    """One criterion of one candidate, attested by a named official."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="attestations", verbose_name=_("candidate")
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    meets = models.BooleanField(_("meets the standard"))
    note = models.TextField(_("note"))
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("attested by")
    )
    official_name = models.CharField(_("official"), max_length=150)
    official_position = models.CharField(_("position"), max_length=150, blank=True)
    attested_at = models.DateTimeField(_("attested at"), auto_now=True)

    class Meta:
        verbose_name = _("attested criterion")
        verbose_name_plural = _("attested criteria")
        ordering = ["candidate", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="attestation_once_per_criterion"),
            models.CheckConstraint(condition=~Q(note=""), name="attestation_has_note"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} - {self.get_criterion_display()}"


class Complaint(models.Model):
    """A complaint or denunciation about a candidate (directive point 6)."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        DENUNCIATION = "denunciation", _("Denunciation")
        PETITION = "petition", _("Petition / feedback")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person at the office")
        LETTER = "letter", _("Letter")
        MAILBOX = "mailbox", _("Suggestion box")
        PHONE = "phone", _("Telephone")
        ONLINE = "online", _("E-mail or online portal")
        MEETING = "meeting", _("Raised at a meeting")
        FORWARDED = "forwarded", _("Forwarded by another body")

    class Handler(models.TextChoices):
        INSPECTION = "inspection", _("Inspection Committee of the Party committee")
        WARD = "ward", _("Ward People's Committee")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        INVESTIGATING = "investigating", _("Being investigated")
        CONCLUDED = "concluded", _("Concluded")

    class Conclusion(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        NOT_UPHELD = "not_upheld", _("Not upheld")
        PARTLY = "partly", _("Partly upheld")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("candidate concerned")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPLAINT)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant"), max_length=150, blank=True)
    complainant_contact = models.CharField(_("complainant's address or phone"), max_length=255, blank=True)
    content = models.TextField(_("content"))
    handler = models.CharField(_("handled by"), max_length=20, choices=Handler.choices)
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    investigation_started_at = models.DateTimeField(_("investigation started"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concluded by"),
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint or denunciation")
        verbose_name_plural = _("complaints and denunciations")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=True) | ~Q(complainant_name=""), name="complaint_named_unless_anonymous"
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | (Q(complainant_name="") & Q(complainant_contact="")),
                name="complaint_anonymous_has_no_identity",
            ),
            models.CheckConstraint(
                condition=~Q(status="concluded") | (~Q(conclusion="") & ~Q(findings="")),
                name="complaint_concluded_has_findings",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")), name="complaint_due_after_receipt"
            ),
        ]

    def __str__(self) -> str:
        return _("%(kind)s about %(name)s, received %(date)s") % {
            "kind": self.get_kind_display(),
            "name": self.candidate.resident.full_name,
            "date": self.received_on.strftime("%d/%m/%Y"),
        }

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CONCLUDED


def attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    # The stored name never comes from the uploader: a random name with the detected type's extension.
    return f"complaints/{instance.stored_name}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("complaint")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    stored_name = models.CharField(max_length=100, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["complaint", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CandidateListFreeze(models.Model):
    """Set when a group's lists are posted: from then on the approved list changes only with a reason."""

    group_election = models.OneToOneField(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="candidate_list_freeze",
        verbose_name=_("group election"),
    )
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    candidate_ids = models.JSONField(_("candidates on the posted list"), default=list)

    class Meta:
        verbose_name = _("posted candidate list")
        verbose_name_plural = _("posted candidate lists")

    def __str__(self) -> str:
        return str(self.group_election)
