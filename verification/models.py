"""The fingerprints of the papers printed from sealed, issued or posted records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperKind(models.TextChoices):
    COUNT_RECORD = "count_record", _("Count record")
    MINUTES = "minutes", _("Conference minutes")
    RECOGNITION_DECISION = "recognition_decision", _("Recognition decision")
    TEAM_DECISION = "team_decision", _("Decision forming the election team")
    VOTER_LIST = "voter_list", _("Posted voter list")
    CANDIDATE_LIST = "candidate_list", _("Posted candidate list")


class PaperFingerprint(models.Model):
    """One version of one paper: its fingerprint and the key figures the verify page shows.

    Only the current version of a paper has `superseded_at` empty; a corrigendum (or a change of the
    record) supersedes it with the date and the reason. The key figures are those the posted paper itself
    prints: never birth dates, addresses or anything else personal.
    """

    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    kind = models.CharField(_("paper"), max_length=30, choices=PaperKind.choices)
    ward = models.ForeignKey("residents.Ward", on_delete=models.PROTECT, related_name="+", verbose_name=_("ward"))
    group = models.ForeignKey(
        "residents.ResidentialGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    paper_date = models.DateField(_("date of the paper"), null=True, blank=True)
    # [[key, value], ...]: the key figures in the order the paper prints them (see publicview's labels).
    summary = models.JSONField(_("key figures"), default=list)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_reason = models.TextField(_("reason superseded"), blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("superseded by")
    )

    class Meta:
        verbose_name = _("paper fingerprint")
        verbose_name_plural = _("paper fingerprints")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(superseded_at__isnull=True) | ~models.Q(superseded_reason=""),
                name="paperfingerprint_superseded_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.fingerprint[:16]}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None
