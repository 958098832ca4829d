"""Notices inside the product: one row per reader, with a link to the page that needs them.

The text is not stored: each kind has one translatable sentence filled from `params`, so a
reader sees it in the language they chose, whoever triggered it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    class Kind(models.TextChoices):
        DIFFICULTY_REPORTED = "difficulty_reported", _("Difficulty reported")
        COMPLAINT_RECEIVED = "complaint_received", _("Complaint received")
        TERM_REPORT_RETURNED = "term_report_returned", _("Term report returned")
        TERM_REPORT_ACCEPTED = "term_report_accepted", _("Term report accepted")
        COUNT_MISMATCH = "count_mismatch", _("The two count entries differ")
        DECISION_ISSUED = "decision_issued", _("Recognition decision issued")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        template = MESSAGES.get(self.kind)
        if template is None:
            return self.get_kind_display()
        values = dict.fromkeys(("group", "title", "candidate", "number", "fields", "comment"), "")
        values.update({k: str(v) for k, v in (self.params or {}).items()})
        return str(template) % values

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


MESSAGES = {
    Notice.Kind.DIFFICULTY_REPORTED: _("%(group)s: a difficulty was reported: “%(title)s”."),
    Notice.Kind.COMPLAINT_RECEIVED: _("%(group)s: a complaint about the candidate %(candidate)s was received."),
    Notice.Kind.TERM_REPORT_RETURNED: _("%(group)s: the term report was returned for changes: “%(comment)s”."),
    Notice.Kind.TERM_REPORT_ACCEPTED: _("%(group)s: the term report was accepted."),
    Notice.Kind.COUNT_MISMATCH: _("%(group)s: the two entries of the count differ (%(fields)s); settle them."),
    Notice.Kind.DECISION_ISSUED: _("%(group)s: recognition decision %(number)s was issued."),
}
