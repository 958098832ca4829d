"""The outgoing leader's end-of-term report (directive 13-CV/ĐU, point 2) and its review history.

One report per group election, about the campaign's outgoing term (e.g. 2018-2020). The
figures the register knows (households, residents, voters, Party members) are never typed:
at the end of the term they are counted from the register and frozen when the report is
submitted; at the start of the term they come from the group's accepted report of the
previous campaign when there is one, otherwise the group enters them once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The narrative sections of the report, in the order of the printed paper.
RESULT_AREAS = [
    "security_order",
    "environment_hygiene",
    "emulation",
    "policies_rules",
    "contributions_funds",
    "welfare",
]
NARRATIVE_FIELDS = ["situation", *RESULT_AREAS, "shortcomings", "causes", "lessons", "proposals"]
FIGURES = ["households", "residents", "voters", "party_members"]


class TermReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        REVIEWED = "reviewed", _("Reviewed, awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted by the ward")

    class StartSource(models.TextChoices):
        SNAPSHOT = "snapshot", _("From the accepted report of the previous term")
        GROUP = "group", _("Provided by the group")

    group_election = models.OneToOneField(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="term_report",
        verbose_name=_("group election"),
    )
    term_label = models.CharField(_("term reported on"), max_length=20, help_text=_("e.g. 2018-2020"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    leader_term = models.ForeignKey(
        "residents.LeaderTerm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outgoing leader's term"),
    )
    leader_name = models.CharField(
        _("outgoing leader"),
        max_length=150,
        blank=True,
        help_text=_("Taken from the register of group leaders; typed only when the register does not know them."),
    )
    report_date = models.DateField(_("date of the report"), null=True, blank=True)

    situation = models.TextField(_("situation of the group"), blank=True)
    security_order = models.TextField(_("security and order"), blank=True)
    environment_hygiene = models.TextField(_("environment and hygiene"), blank=True)
    emulation = models.TextField(_("emulation movements"), blank=True)
    policies_rules = models.TextField(_("carrying out policies and local rules"), blank=True)
    contributions_funds = models.TextField(_("contributions and funds"), blank=True)
    welfare = models.TextField(_("welfare"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    causes = models.TextField(_("causes of the shortcomings"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    proposals = models.TextField(_("directions and proposals for the new term"), blank=True)

    # Start of the term: from a snapshot (the previous report) or entered once by the group.
    start_source = models.CharField(
        _("start-of-term figures"), max_length=10, choices=StartSource.choices, default=StartSource.GROUP
    )
    start_households = models.PositiveIntegerField(_("households at the start of the term"), null=True, blank=True)
    start_residents = models.PositiveIntegerField(_("residents at the start of the term"), null=True, blank=True)
    start_voters = models.PositiveIntegerField(_("voters at the start of the term"), null=True, blank=True)
    start_party_members = models.PositiveIntegerField(
        _("Party members at the start of the term"), null=True, blank=True
    )
    # End of the term: counted from the register, frozen at each submission.
    end_households = models.PositiveIntegerField(_("households at the end of the term"), null=True, blank=True)
    end_residents = models.PositiveIntegerField(_("residents at the end of the term"), null=True, blank=True)
    end_voters = models.PositiveIntegerField(_("voters at the end of the term"), null=True, blank=True)
    end_party_members = models.PositiveIntegerField(_("Party members at the end of the term"), null=True, blank=True)
    end_counted_on = models.DateField(_("end-of-term figures counted on"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("end-of-term report")
        verbose_name_plural = _("end-of-term reports")
        ordering = ["group_election__campaign", "group_election__group__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "reviewed", "accepted"]),
                name="termreport_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, end_households__isnull=False),
                name="termreport_submitted_has_time_and_figures",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["reviewed", "accepted"]) | Q(reviewed_at__isnull=False),
                name="termreport_reviewed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="termreport_accepted_has_time_and_actor",
            ),
        ]

    def __str__(self) -> str:
        return _("End-of-term report %(term)s, %(group)s") % {
            "term": self.term_label,
            "group": self.group_election.group.name,
        }

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def start_figures(self) -> dict[str, int | None]:
        return {name: getattr(self, f"start_{name}") for name in FIGURES}

    def end_figures(self) -> dict[str, int | None]:
        return {name: getattr(self, f"end_{name}") for name in FIGURES}


class TermReportStep(models.Model):
    """One step of a report's review, with its comment: the history a returned report keeps."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed by the cell secretary")
        ACCEPTED = "accepted", _("Accepted by the ward")
        RETURNED = "returned", _("Returned for changes")

    report = models.ForeignKey(TermReport, on_delete=models.CASCADE, related_name="steps", verbose_name=_("report"))
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=TermReport.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=TermReport.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["report", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="returned") | ~Q(comment=""),
                name="termreportstep_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y %H:%M})"
