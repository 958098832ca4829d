"""Whether a campaign's results are published on the public results page (on unless the ward turns it off)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicResults(models.Model):
    campaign = models.OneToOneField(
        "elections.Campaign", on_delete=models.CASCADE, related_name="public_results", verbose_name=_("campaign")
    )
    enabled = models.BooleanField(_("public results page on"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("public results page")
        verbose_name_plural = _("public results pages")

    def __str__(self) -> str:
        return str(self.campaign)
