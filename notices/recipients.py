"""Who should be told: users chosen by role and jurisdiction, always checked with accounts.access."""

from __future__ import annotations

from accounts.access import PERMISSIONS, can
from accounts.models import Role, User


def users_who_may(action: str, group, *, roles: set[str] | None = None) -> list[User]:
    """Active users of the group's ward who may do `action` on `group` (optionally only some roles).

    System administrators are left out: they keep the system, not the election's work.
    """
    allowed = set(PERMISSIONS.get(action, set())) - {Role.ADMIN}
    if roles is not None:
        allowed &= set(roles)
    users = User.objects.filter(is_active=True, ward_id=group.ward_id, role__in=allowed).order_by("pk")
    return [user for user in users if can(user, action, group)]


def area_committee_members(group) -> list[User]:
    """The Party committee members whose assigned area includes the group."""
    return list(
        User.objects.filter(
            is_active=True, role=Role.COMMITTEE_MEMBER, ward_id=group.ward_id, assigned_groups=group
        ).order_by("pk")
    )
