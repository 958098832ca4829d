"""The ward register: wards, Party cells, residential groups, households, residents, leaders.

Counts that can be derived (households, voters aged 18+) are computed from these rows,
never stored a second time.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VOTING_AGE = 18


class Ward(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("Without the word 'phường', e.g. Hương Xuân."))
    kind = models.CharField(_("kind of unit"), max_length=20, default="phường")
    district = models.CharField(_("district / town"), max_length=100)
    province = models.CharField(_("province / city"), max_length=100)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("ward")
        verbose_name_plural = _("wards")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "district", "province"], name="ward_unique_name_in_district"),
        ]

    def __str__(self) -> str:
        return f"{self.kind.capitalize()} {self.name}"

    @property
    def upper_name(self) -> str:
        return f"{self.kind} {self.name}".upper()


class PartyCell(models.Model):
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="party_cells", verbose_name=_("ward"))
    name = models.CharField(_("name"), max_length=150)
    secretary = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cell secretary"),
    )

    class Meta:
        verbose_name = _("Party cell")
        verbose_name_plural = _("Party cells")
        ordering = ["ward", "name"]
        constraints = [models.UniqueConstraint(fields=["ward", "name"], name="partycell_unique_name_in_ward")]

    def __str__(self) -> str:
        return self.name


class ResidentialGroup(models.Model):
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="groups", verbose_name=_("ward"))
    code = models.CharField(_("code"), max_length=20, help_text=_("Unique in the ward, e.g. 05."))
    name = models.CharField(_("name"), max_length=150)
    party_cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("Party cell"),
    )
    area_notes = models.TextField(_("address / area notes"), blank=True)

    class Meta:
        verbose_name = _("residential group")
        verbose_name_plural = _("residential groups")
        ordering = ["ward", "code"]
        constraints = [models.UniqueConstraint(fields=["ward", "code"], name="group_unique_code_in_ward")]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="households", verbose_name=_("residential group")
    )
    number = models.CharField(_("household number"), max_length=30)
    address = models.CharField(_("address"), max_length=255, blank=True)
    head = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["group", "number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="household_unique_number_in_group")]

    def __str__(self) -> str:
        return f"{_('Household')} {self.number}"


class ResidentQuerySet(models.QuerySet):
    def present(self):
        """Those who live in the group now (not moved away, not deceased)."""
        return self.filter(status="present")


class Resident(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Residence(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        TEMPORARY = "temporary", _("Temporary")

    class Status(models.TextChoices):
        PRESENT = "present", _("Lives in the group")
        MOVED_AWAY = "moved_away", _("Moved away")
        DECEASED = "deceased", _("Deceased")

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="residents", verbose_name=_("household")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    identity_number = models.CharField(_("identity number"), max_length=20, blank=True)
    residence_status = models.CharField(
        _("residence status"), max_length=10, choices=Residence.choices, default=Residence.PERMANENT
    )
    is_party_member = models.BooleanField(_("Party member"), default=False)
    party_cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Party cell"),
    )
    party_admission_date = models.DateField(_("Party admission date"), null=True, blank=True)
    # Who moved away or died stays on record (candidacies, teams, posted lists refer to them), out of
    # every count and list of the living register (`Resident.objects.present()`).
    status = models.CharField(
        _("status in the register"), max_length=12, choices=Status.choices, default=Status.PRESENT, db_index=True
    )
    left_on = models.DateField(_("left the register on"), null=True, blank=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["household", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_party_member=True) | (Q(party_cell__isnull=True) & Q(party_admission_date__isnull=True)),
                name="resident_party_details_only_for_members",
            ),
            models.CheckConstraint(
                condition=Q(is_party_member=False) | Q(party_cell__isnull=False),
                name="resident_party_member_has_cell",
            ),
            models.CheckConstraint(condition=~Q(full_name=""), name="resident_name_not_empty"),
            models.CheckConstraint(
                condition=(Q(status="present") & Q(left_on__isnull=True))
                | (~Q(status="present") & Q(left_on__isnull=False)),
                name="resident_left_on_iff_gone",
            ),
        ]
        indexes = [models.Index(fields=["birth_date"]), models.Index(fields=["identity_number"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_present(self) -> bool:
        return self.status == self.Status.PRESENT

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def voting_birth_cutoff(on: date) -> date:
    """Latest birth date of a person who is a voter (18 or over) on the given day."""
    try:
        return on.replace(year=on.year - VOTING_AGE)
    except ValueError:  # 29 February
        return on.replace(year=on.year - VOTING_AGE, day=28)


class LeaderTerm(models.Model):
    """One term of a group's leader (tổ trưởng), past or present."""

    group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="leader_terms", verbose_name=_("residential group")
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leader_terms",
        verbose_name=_("resident"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    term_label = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2018-2020"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    was_party_member = models.BooleanField(_("Party member at the time"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("group leader term")
        verbose_name_plural = _("group leader terms")
        ordering = ["group", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "term_label"], name="leaderterm_unique_term_in_group"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="leaderterm_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.term_label})"
