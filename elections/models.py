"""The election campaign of a ward: legal profile, term, directive and its tasks, each group's election."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from elections.rules import PERCENT_BELOW, PERCENT_FIELDS, PERCENT_MIN, RULE_FIELDS, ProfileRules


class LegalProfile(models.Model):
    """The rules of one legal regime, as data. Unconfirmed figures are editable by the ward.

    One column per field of `elections.rules.ProfileRules` (`RULE_FIELDS`; a test holds them equal); the
    percentage bounds of the constraint are the rules' own, which the service checks with the same helper.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.TextField(
        _("legal basis"),
        help_text=_("One legal basis per line, as cited in decisions, without “Căn cứ” and the closing semicolon."),
    )
    plan_days_before = models.PositiveSmallIntegerField(_("plan and announcement: days before"), default=20)
    candidate_list_days_before = models.PositiveSmallIntegerField(_("candidate list agreed: days before"), default=15)
    team_decision_days_before = models.PositiveSmallIntegerField(_("election-team decisions: days before"), default=10)
    posting_days_before = models.PositiveSmallIntegerField(_("lists posted: days before"), default=7)
    quorum_percent = models.DecimalField(
        # xgettext:no-python-format
        _("quorum: more than (% of electorate)"),
        max_digits=5,
        decimal_places=2,
        default=50,
    )
    winning_percent = models.DecimalField(
        # xgettext:no-python-format
        _("winner: more than (% of whole electorate)"),
        max_digits=5,
        decimal_places=2,
        default=50,
    )
    revote_within_days = models.PositiveSmallIntegerField(_("re-vote within (days)"), default=15)
    recognition_working_days = models.PositiveSmallIntegerField(_("recognition within (working days)"), default=5)
    min_candidates = models.PositiveSmallIntegerField(_("candidates introduced: at least"), default=1)
    max_candidates = models.PositiveSmallIntegerField(_("candidates introduced: at most"), default=2)
    min_candidate_age = models.PositiveSmallIntegerField(_("minimum candidate age"), default=21)
    count_board_min = models.PositiveSmallIntegerField(_("count board: at least"), null=True, blank=True)
    count_board_max = models.PositiveSmallIntegerField(_("count board: at most"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term length (months)"), default=30)
    decision_authority = models.CharField(
        _("decision authority"),
        max_length=20,
        choices=[("chairman", _("The chairman")), ("committee", _("The People's Committee"))],
        default="chairman",
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Which figures are not confirmed, and sources."))

    class Meta:
        verbose_name = _("legal profile")
        verbose_name_plural = _("legal profiles")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_candidates__lte=models.F("max_candidates")), name="profile_candidates_range"
            ),
            models.CheckConstraint(
                condition=Q(
                    **{f"{name}__gte": PERCENT_MIN for name in PERCENT_FIELDS},
                    **{f"{name}__lt": PERCENT_BELOW for name in PERCENT_FIELDS},
                ),
                name="profile_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def rules(self) -> ProfileRules:
        """The plain-value rules for `elections.rules` functions."""
        return ProfileRules(**{name: getattr(self, name) for name in RULE_FIELDS})


class Campaign(models.Model):
    """One election term of a ward (e.g. 2021-2023), run as a campaign."""

    class Electorate(models.TextChoices):
        ALL_VOTERS = "all_voters", _("All voters")
        HOUSEHOLD_REPS = "household_reps", _("One representative per household")

    ward = models.ForeignKey(
        "residents.Ward", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("ward")
    )
    label = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2021-2023"))
    previous_term_label = models.CharField(_("outgoing term"), max_length=20, blank=True, help_text=_("e.g. 2018-2020"))
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    election_day = models.DateField(_("election day"))
    electorate_mode = models.CharField(
        _("electorate mode"), max_length=20, choices=Electorate.choices, default=Electorate.HOUSEHOLD_REPS
    )
    legal_profile = models.ForeignKey(
        LegalProfile, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("legal profile")
    )
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("election campaign")
        verbose_name_plural = _("election campaigns")
        ordering = ["ward", "-election_day"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "label"], name="campaign_unique_label_in_ward"),
            models.UniqueConstraint(
                fields=["ward"], condition=Q(is_current=True), name="campaign_one_current_per_ward"
            ),
            models.CheckConstraint(condition=Q(term_end__gt=models.F("term_start")), name="campaign_term_order"),
        ]

    def __str__(self) -> str:
        return _("Election of group leaders, term %(label)s") % {"label": self.label}


class Body(models.TextChoices):
    """Bodies a directive task can be assigned to."""

    UBND = "ubnd", _("Ward People's Committee")
    FRONT = "front", _("Fatherland Front and mass organisations")
    CELLS = "cells", _("Residential-area cell committees")
    COMMITTEE_MEMBERS = "committee_members", _("Party committee members")
    INSPECTION = "inspection", _("Inspection Committee")
    ALL = "all", _("All cells, government, Front and mass organisations")


class Directive(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="directives", verbose_name=_("campaign")
    )
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["campaign", "issued_on"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="directive_unique_number")]

    def __str__(self) -> str:
        return self.number


class DirectiveTask(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("directive")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    summary = models.CharField(_("summary"), max_length=255)
    text = models.TextField(_("text"))
    bodies = models.JSONField(_("assigned to"), default=list, help_text=_("Codes of the bodies responsible."))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        verbose_name = _("directive task")
        verbose_name_plural = _("directive tasks")
        ordering = ["directive", "number"]
        constraints = [models.UniqueConstraint(fields=["directive", "number"], name="directivetask_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.summary}"

    @property
    def body_labels(self) -> list[str]:
        labels = dict(Body.choices)
        return [labels.get(code, code) for code in self.bodies]


class DirectiveTaskProgress(models.Model):
    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="progress", verbose_name=_("task"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    note = models.TextField(_("progress note"))
    status_after = models.CharField(_("status"), max_length=20, choices=DirectiveTask.Status.choices)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["task", "at"]

    def __str__(self) -> str:
        return f"{self.task.number}: {self.note[:50]}"


class Stage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Candidates being prepared")
    LIST_APPROVED = "list_approved", _("Candidate list approved")
    LISTS_POSTED = "lists_posted", _("Lists posted")
    CONFERENCE_HELD = "conference_held", _("Conference held")
    COUNTED = "counted", _("Counted")
    ELECTED = "elected", _("Elected")
    NO_WINNER = "no_winner", _("No winner")
    REVOTE_SCHEDULED = "revote_scheduled", _("Re-vote scheduled")
    RECOGNISED = "recognised", _("Recognised by decision")


class GroupElection(models.Model):
    """The election of one residential group's leader within a campaign, and its plan."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="group_elections", verbose_name=_("campaign")
    )
    group = models.ForeignKey(
        "residents.ResidentialGroup",
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("residential group"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PLANNED, db_index=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), null=True, blank=True)
    official_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_in_charge",
        verbose_name=_("ward official in charge"),
    )
    committee_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_followed",
        verbose_name=_("Party committee member for the area"),
    )
    planned_venue = models.CharField(_("conference venue"), max_length=255, blank=True)
    planned_at = models.DateTimeField(_("conference date and time"), null=True, blank=True)
    list_posted_at = models.DateTimeField(_("lists posted at"), null=True, blank=True)
    # A re-vote is a new conference of the same election: the round goes up, the history stays.
    round = models.PositiveSmallIntegerField(_("conference round"), default=1)
    revote_due = models.DateField(_("re-vote due by"), null=True, blank=True)
    report_override_reason = models.TextField(_("reason to open without an accepted report"), blank=True)
    report_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("group election")
        verbose_name_plural = _("group elections")
        ordering = ["campaign", "group__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "group"], name="groupelection_unique_group")]

    def __str__(self) -> str:
        return f"{self.group} - {self.campaign.label}"


class DifficultyReport(models.Model):
    """A difficulty or obstacle reported by a Party committee member (directive point 5)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Being handled")
        RESOLVED = "resolved", _("Resolved")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="difficulties", verbose_name=_("campaign")
    )
    group = models.ForeignKey(
        "residents.ResidentialGroup",
        on_delete=models.PROTECT,
        related_name="difficulties",
        verbose_name=_("residential group"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("difficulty report")
        verbose_name_plural = _("difficulty reports")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return self.title


class DifficultyResponse(models.Model):
    report = models.ForeignKey(
        DifficultyReport, on_delete=models.CASCADE, related_name="responses", verbose_name=_("difficulty report")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    text = models.TextField(_("response"))
    status_after = models.CharField(_("status"), max_length=20, choices=DifficultyReport.Status.choices)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["report", "at"]

    def __str__(self) -> str:
        return self.text[:50]
