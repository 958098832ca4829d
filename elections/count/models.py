"""Models of the count: the two independent entries, the accepted count, the seal, corrigenda, the decision.

The tables keep the names they had when these models lived in the `conference` app (`conference_count`,
...): `count/migrations/0001_initial.py` took them over without touching the database.

The figures of a count (ballots issued, returned, valid, invalid by reason) are plain columns so that
the database itself refuses negative numbers; votes per candidate are rows. An entry is what one member
of the count board typed; the `Count` is what was accepted (both entries agreed, or the head of the
board resolved the differences) and, once sealed, changes only through a `Corrigendum`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "INVALID_FIELDS",
    "Count",
    "CountVote",
    "Corrigendum",
    "InvalidReason",
    "CountOutcome",
    "RecognitionDecision",
    "TallyEntry",
    "TallyEntryVote",
]


class InvalidReason(models.TextChoices):
    """Why a ballot is invalid (the count board decides; practice follows the general election law)."""

    NOT_OFFICIAL_FORM = "not_official_form", _("Not the official ballot form")
    NO_STAMP = "no_stamp", _("Without the election team's stamp")
    TOO_MANY_NAMES = "too_many_names", _("More names kept than seats")
    ALL_CROSSED_OUT = "all_crossed_out", _("All names crossed out")
    ADDED_CONTENT = "added_content", _("Other names or content added")
    OTHER = "other", _("Other reason")


#: reason code -> column name on an entry or a count
INVALID_FIELDS: dict[str, str] = {reason: f"invalid_{reason}" for reason in InvalidReason.values}


class CountOutcome(models.TextChoices):
    """The result by law (codes of `elections.rules.election_outcome`)."""

    ELECTED = "elected", pgettext_lazy("result of a count", "Elected")
    TIE = "tie", _("Tie: nobody elected")
    BELOW_THRESHOLD = "below_threshold", _("Nobody reached more than half of the electorate")
    NO_CANDIDATES = "no_candidates", _("No candidates")


class CountFigures(models.Model):
    """Ballot figures shared by an entry and the accepted count (zero for a show of hands)."""

    issued = models.PositiveIntegerField(_("ballots issued"), default=0)
    returned = models.PositiveIntegerField(_("ballots returned"), default=0)
    valid = models.PositiveIntegerField(_("valid ballots"), default=0)
    invalid_not_official_form = models.PositiveIntegerField(InvalidReason.NOT_OFFICIAL_FORM.label, default=0)
    invalid_no_stamp = models.PositiveIntegerField(InvalidReason.NO_STAMP.label, default=0)
    invalid_too_many_names = models.PositiveIntegerField(InvalidReason.TOO_MANY_NAMES.label, default=0)
    invalid_all_crossed_out = models.PositiveIntegerField(InvalidReason.ALL_CROSSED_OUT.label, default=0)
    invalid_added_content = models.PositiveIntegerField(InvalidReason.ADDED_CONTENT.label, default=0)
    invalid_other = models.PositiveIntegerField(InvalidReason.OTHER.label, default=0)

    SCALAR_FIELDS = ("issued", "returned", "valid", *INVALID_FIELDS.values())

    class Meta:
        abstract = True

    def invalid_by_reason(self) -> dict[str, int]:
        return {reason: getattr(self, name) for reason, name in INVALID_FIELDS.items()}

    @property
    def invalid_total(self) -> int:
        return sum(self.invalid_by_reason().values())


class TallyEntry(CountFigures):
    """What one member of the count board entered, without seeing the other's figures."""

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="tally_entries", verbose_name=_("conference")
    )
    slot = models.PositiveSmallIntegerField(_("entry"), choices=[(1, _("First entry")), (2, _("Second entry"))])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        db_table = "conference_tallyentry"
        verbose_name = _("count entry")
        verbose_name_plural = _("count entries")
        ordering = ["conference", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "slot"], name="tallyentry_unique_slot"),
            models.UniqueConstraint(fields=["conference", "entered_by"], name="tallyentry_unique_member"),
            models.CheckConstraint(condition=Q(slot__in=[1, 2]), name="tallyentry_slot_1_or_2"),
        ]

    def __str__(self) -> str:
        return _("Entry %(slot)s of %(conference)s") % {"slot": self.slot, "conference": self.conference}


class TallyEntryVote(models.Model):
    entry = models.ForeignKey(TallyEntry, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate")
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        db_table = "conference_tallyentryvote"
        verbose_name = _("votes in an entry")
        verbose_name_plural = _("votes in an entry")
        ordering = ["entry", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "candidate"], name="tallyentryvote_unique_candidate"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"


class Count(CountFigures):
    """The accepted count of one conference, and the result by law computed from it."""

    class Method(models.TextChoices):
        AGREED = "agreed", _("Both entries agreed")
        RESOLVED = "resolved", _("Differences resolved by the head of the count board")

    conference = models.OneToOneField(
        "conference.Conference", on_delete=models.PROTECT, related_name="count", verbose_name=_("conference")
    )
    voting_method = models.CharField(_("voting method"), max_length=10)
    electorate = models.PositiveIntegerField(_("electorate"))
    present = models.PositiveIntegerField(_("voters present"))
    method = models.CharField(_("accepted because"), max_length=10, choices=Method.choices)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)
    # [{"field": ..., "first": n, "second": n, "chosen": n}] for the differing fields.
    resolution = models.JSONField(_("resolved differences"), default=list, blank=True)
    outcome = models.CharField(_("result"), max_length=20, choices=CountOutcome.choices)
    elected = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("elected"),
    )
    witness_1 = models.ForeignKey(
        "conference.Elector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first witness"),
    )
    witness_2 = models.ForeignKey(
        "conference.Elector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second witness"),
    )
    complaints = models.TextField(_("complaints raised during the count"), blank=True)
    count_started_at = models.DateTimeField(_("count began at"), null=True, blank=True)
    count_ended_at = models.DateTimeField(_("count ended at"), null=True, blank=True)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sealed by"),
    )

    class Meta:
        db_table = "conference_count"
        verbose_name = _("count")
        verbose_name_plural = _("counts")
        ordering = ["conference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=models.F("electorate")), name="count_present_le_electorate"
            ),
            models.CheckConstraint(condition=Q(issued__lte=models.F("present")), name="count_issued_le_present"),
            models.CheckConstraint(condition=Q(returned__lte=models.F("issued")), name="count_returned_le_issued"),
            models.CheckConstraint(
                condition=Q(outcome="elected", elected__isnull=False)
                | (~Q(outcome="elected") & Q(elected__isnull=True)),
                name="count_elected_iff_outcome_elected",
            ),
            models.CheckConstraint(
                condition=Q(witness_1__isnull=True) | ~Q(witness_1=models.F("witness_2")),
                name="count_two_different_witnesses",
            ),
        ]

    def __str__(self) -> str:
        return _("Count of %(conference)s") % {"conference": self.conference}

    @property
    def is_sealed(self) -> bool:
        return self.sealed_at is not None

    @property
    def is_secret_ballot(self) -> bool:
        return self.voting_method != "hands"


class CountVote(models.Model):
    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate")
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        db_table = "conference_countvote"
        verbose_name = _("votes for a candidate")
        verbose_name_plural = _("votes for candidates")
        ordering = ["count", "id"]
        constraints = [models.UniqueConstraint(fields=["count", "candidate"], name="countvote_unique_candidate")]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"


class Corrigendum(models.Model):
    """A correction of a sealed count by a ward official; the original figures are kept here."""

    count = models.ForeignKey(Count, on_delete=models.PROTECT, related_name="corrigenda", verbose_name=_("count"))
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("corrected by")
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)
    # {"issued": n, ..., "invalid_by_reason": {...}, "votes": {"<candidate pk>": n}} before and after.
    original = models.JSONField(_("original figures"))
    corrected = models.JSONField(_("corrected figures"))
    outcome_before = models.CharField(_("result before"), max_length=20, choices=CountOutcome.choices)
    outcome_after = models.CharField(_("result after"), max_length=20, choices=CountOutcome.choices)

    class Meta:
        db_table = "conference_corrigendum"
        verbose_name = _("corrigendum")
        verbose_name_plural = _("corrigenda")
        ordering = ["count", "number"]
        constraints = [models.UniqueConstraint(fields=["count", "number"], name="corrigendum_unique_number")]

    def __str__(self) -> str:
        return _("Corrigendum %(number)s") % {"number": self.number}


class RecognitionDecision(models.Model):
    """The chairman's decision recognising the elected leader (Decree 30 form 1.2)."""

    group_election = models.OneToOneField(
        "elections.GroupElection",
        on_delete=models.PROTECT,
        related_name="recognition_decision",
        verbose_name=_("group election"),
    )
    campaign = models.ForeignKey(
        "elections.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name=_("campaign")
    )
    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.PROTECT, related_name="+", verbose_name=_("conference")
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="+", verbose_name=_("recognised leader")
    )
    number = models.PositiveIntegerField(_("decision number"))
    decision_date = models.DateField(_("decision date"))
    proposer = models.CharField(_("on the proposal of"), max_length=255)
    recipients = models.TextField(_("recipients"), help_text=_("One per line; “Lưu: VT.” is added at the end."))
    authority = models.CharField(_("decision authority"), max_length=20)
    signer_name = models.CharField(_("signed by"), max_length=150)
    leader_term = models.ForeignKey(
        "residents.LeaderTerm", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        db_table = "conference_recognitiondecision"
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="recognitiondecision_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="recognitiondecision_number_positive"),
        ]

    def __str__(self) -> str:
        return self.number_display

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}/QĐ-UBND"
