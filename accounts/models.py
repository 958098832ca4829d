"""Users: every account has one role and a jurisdiction (ward, cell, group, assigned area)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WARD_OFFICIAL = "ward_official", _("Ward official (People's Committee)")
    FRONT_OFFICIAL = "front_official", _("Fatherland Front official")
    CHAIRMAN = "chairman", _("Ward chairman")
    COMMITTEE_MEMBER = "committee_member", _("Party committee member")
    INSPECTION = "inspection", _("Inspection Committee member")
    CELL_SECRETARY = "cell_secretary", _("Party cell secretary")
    TEAM_MEMBER = "team_member", _("Election team member")
    ADMIN = "admin", _("System administrator")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True, help_text=_("As printed on papers."))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WARD_OFFICIAL)
    ward = models.ForeignKey(
        "residents.Ward", on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("ward")
    )
    party_cell = models.ForeignKey(
        "residents.PartyCell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("Party cell"),
        help_text=_("For cell secretaries: the cell whose groups they follow."),
    )
    group = models.ForeignKey(
        "residents.ResidentialGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_users",
        verbose_name=_("residential group"),
        help_text=_("For election-team members: their group."),
    )
    assigned_groups = models.ManyToManyField(
        "residents.ResidentialGroup",
        blank=True,
        related_name="committee_members",
        verbose_name=_("assigned groups"),
        help_text=_("For Party committee members: the area they follow."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="cell_secretary") | Q(party_cell__isnull=False),
                name="user_cell_secretary_has_cell",
            ),
            models.CheckConstraint(
                condition=~Q(role="team_member") | Q(group__isnull=False),
                name="user_team_member_has_group",
            ),
            models.CheckConstraint(
                condition=Q(role="admin") | Q(ward__isnull=False),
                name="user_has_ward_unless_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username
