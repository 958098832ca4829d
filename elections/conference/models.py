"""Election day: the election team, the frozen electorate, the conference, attendance, the count board.

The count itself (entries, resolution, result, seal, corrigenda, the recognition decision) is the
`count` app's (`elections/count/models.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TeamRole(models.TextChoices):
    HEAD = "head", _("Head of the team")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class TeamDecision(models.Model):
    """The chairman's decision that forms a group's election team (Tổ bầu cử)."""

    group_election = models.OneToOneField(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="team_decision",
        verbose_name=_("group election"),
    )
    number = models.CharField(_("decision number"), max_length=50, help_text=_("e.g. 12/QĐ-UBND"))
    signed_on = models.DateField(_("decision date"))
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True, help_text=_("The chairman's name."))
    signer_title = models.CharField(_("signing capacity"), max_length=100, blank=True, default="CHỦ TỊCH")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("election-team decision")
        verbose_name_plural = _("election-team decisions")
        ordering = ["group_election"]

    def __str__(self) -> str:
        return self.number


class TeamMember(models.Model):
    """A member of a group's election team. Never a candidate of that election."""

    group_election = models.ForeignKey(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="team_members",
        verbose_name=_("group election"),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("resident"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER)
    affiliation = models.CharField(
        _("position / organisation"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Head of the Front work committee; Women's Union; voter representative."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("user account"),
        help_text=_("The account this member uses at the venue (check-in, count)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("election-team member")
        verbose_name_plural = _("election-team members")
        ordering = ["group_election", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_election", "resident"],
                condition=Q(resident__isnull=False),
                name="teammember_unique_resident",
            ),
            models.UniqueConstraint(fields=["group_election"], condition=Q(role="head"), name="teammember_one_head"),
            models.UniqueConstraint(
                fields=["group_election"], condition=Q(role="secretary"), name="teammember_one_secretary"
            ),
            models.CheckConstraint(condition=~Q(full_name=""), name="teammember_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Elector(models.Model):
    """One line of the electorate, frozen from the register when the lists are posted."""

    group_election = models.ForeignKey(
        "elections.GroupElection",
        on_delete=models.CASCADE,
        related_name="electors",
        verbose_name=_("group election"),
    )
    number = models.PositiveIntegerField(_("number on the list"))
    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    household_number = models.CharField(_("household number"), max_length=30, blank=True)
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    residence = models.CharField(_("residence"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("electors")
        ordering = ["group_election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group_election", "number"], name="elector_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.full_name}"


class VotingMethod(models.TextChoices):
    SECRET = "secret", _("Secret ballot")
    HANDS = "hands", _("Show of hands")


class Conference(models.Model):
    """One sitting of a group's voters' (or household representatives') conference.

    A re-vote or a sitting after an adjournment is a new Conference of the same group
    election with the next sequence number; earlier sittings are kept as history.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open (checking in)")
        VOTING = "voting", _("Voting")
        COUNTED = "counted", _("Counted")
        SEALED = "sealed", _("Sealed")
        ADJOURNED = "adjourned", _("Adjourned")

    ACTIVE_STATUSES = (Status.SCHEDULED, Status.OPEN, Status.VOTING)

    group_election = models.ForeignKey(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("group election"),
    )
    sequence = models.PositiveSmallIntegerField(_("sitting"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_sitting",
        verbose_name=_("previous sitting"),
    )
    is_revote = models.BooleanField(_("re-vote"), default=False)
    scheduled_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=255)
    chair_name = models.CharField(_("chair"), max_length=150, blank=True)
    chair_position = models.CharField(_("chair's position"), max_length=150, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=150, blank=True)
    secretary_position = models.CharField(_("secretary's position"), max_length=150, blank=True)
    guest_official = models.CharField(_("ward official in charge (guest)"), max_length=150, blank=True)
    guest_cell_secretary = models.CharField(_("Party cell secretary (guest)"), max_length=150, blank=True)
    other_guests = models.TextField(_("other guests"), blank=True, help_text=_("One per line, with position."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    voting_method = models.CharField(_("voting method"), max_length=10, choices=VotingMethod.choices, blank=True)
    electorate_mode = models.CharField(_("electorate"), max_length=20, blank=True)
    electorate_size = models.PositiveIntegerField(_("electorate size"), null=True, blank=True)
    head_count = models.PositiveIntegerField(
        _("head count"), null=True, blank=True, help_text=_("Entered instead of checking in one by one.")
    )
    present_at_vote = models.PositiveIntegerField(_("present when the vote was opened"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    vote_opened_at = models.DateTimeField(_("vote opened at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    term_report_note = models.TextField(
        _("term report"), blank=True, help_text=_("Who read the outgoing leader's report, and its gist.")
    )
    discussion = models.TextField(_("discussion"), blank=True)
    floor_nominations = models.TextField(_("nominations from the floor"), blank=True)
    opinions = models.TextField(_("opinions raised"), blank=True)
    adjourn_reason = models.TextField(_("reason for adjournment"), blank=True)
    minutes_scan = models.FileField(_("signed minutes (scan)"), upload_to="conference/minutes/%Y/", blank=True)
    minutes_scan_type = models.CharField(max_length=50, blank=True)
    minutes_scan_uploaded_at = models.DateTimeField(null=True, blank=True)
    minutes_scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["group_election", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["group_election", "sequence"], name="conference_unique_sequence"),
            models.UniqueConstraint(
                fields=["group_election"],
                condition=Q(status__in=["scheduled", "open", "voting"]),
                name="conference_one_active_per_election",
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="conference_sequence_positive"),
            models.CheckConstraint(
                condition=Q(head_count__isnull=True)
                | Q(electorate_size__isnull=True)
                | Q(head_count__lte=models.F("electorate_size")),
                name="conference_head_count_within_electorate",
            ),
        ]

    def __str__(self) -> str:
        return _("Conference %(seq)s of %(group)s") % {"seq": self.sequence, "group": self.group_election.group}

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_checking_in(self) -> bool:
        """Check-in at the door is possible until the vote opens."""
        return self.status in (self.Status.SCHEDULED, self.Status.OPEN)


class Attendance(models.Model):
    """An elector present at a conference (one row per elector and sitting)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendances")
    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="attendances")
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["conference", "elector__number"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "elector"], name="attendance_unique_elector"),
        ]

    def __str__(self) -> str:
        return str(self.elector)


class BoardRole(models.TextChoices):
    HEAD = "head", _("Head of the count board")
    MEMBER = "member", _("Member")


class CountBoardMember(models.Model):
    """A member of the count board elected by one conference. Never a candidate."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="board_members", verbose_name=_("conference")
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="count_board_memberships",
        verbose_name=_("resident"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role on the board"), max_length=10, choices=BoardRole.choices, default=BoardRole.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="count_board_memberships",
        verbose_name=_("user account"),
        help_text=_("The account this member uses to enter the count."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("count board member")
        verbose_name_plural = _("count board members")
        ordering = ["conference", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "resident"],
                condition=Q(resident__isnull=False),
                name="boardmember_unique_resident",
            ),
            models.UniqueConstraint(
                fields=["conference", "user"], condition=Q(user__isnull=False), name="boardmember_unique_user"
            ),
            models.UniqueConstraint(fields=["conference"], condition=Q(role="head"), name="boardmember_one_head"),
            models.CheckConstraint(condition=~Q(full_name=""), name="boardmember_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"
