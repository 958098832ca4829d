"""The election plan: for each group, the official in charge, the committee member, the venue and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, require
from accounts.models import Role, User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError
from elections.models import Campaign, GroupElection, Stage
from elections.services._common import in_users_ward
from elections.workflow import stage_reached

OFFICIAL_ROLES = (Role.WARD_OFFICIAL, Role.FRONT_OFFICIAL, Role.CHAIRMAN)


@dataclass
class PlanRow:
    group_election_id: int
    official_in_charge_id: int | None
    committee_member_id: int | None
    planned_venue: str
    planned_at: datetime | None


def official_choices(ward_id: int):
    return User.objects.filter(ward_id=ward_id, role__in=OFFICIAL_ROLES, is_active=True).order_by(
        "full_name", "username"
    )


def committee_member_choices(ward_id: int):
    return User.objects.filter(ward_id=ward_id, role=Role.COMMITTEE_MEMBER, is_active=True).order_by(
        "full_name", "username"
    )


def _name(user_id: int | None, users: dict[int, User]) -> str:
    if user_id is None:
        return ""
    return users[user_id].display_name


def conference_locked(ge: GroupElection) -> bool:
    """The conference of round 1 is history once held; a re-vote gets its date from its own service."""
    return (
        ge.round > 1
        or ge.stage in (Stage.NO_WINNER, Stage.REVOTE_SCHEDULED)
        or stage_reached(ge.stage, Stage.CONFERENCE_HELD)
    )


def plan_update(*, campaign: Campaign, actor: User, rows: list[PlanRow]) -> int:
    """Save the plan rows that changed; every row is checked first, so nothing is half-saved.

    Returns the number of groups whose plan changed.
    """
    require(actor, Action.MANAGE_CAMPAIGN)
    if not in_users_ward(actor, campaign.ward):
        raise DomainError(_("You may only plan the election of your own ward."))
    officials = {u.pk: u for u in official_choices(campaign.ward_id)}
    members = {u.pk: u for u in committee_member_choices(campaign.ward_id)}
    with transaction.atomic():
        elections = {
            ge.pk: ge
            for ge in GroupElection.objects.select_for_update()
            .filter(campaign=campaign, pk__in=[r.group_election_id for r in rows])
            .select_related("group")
        }
        problems = []
        planned = []
        for row in rows:
            ge = elections.get(row.group_election_id)
            if ge is None:
                problems.append(_("A row of the plan is not a group of this campaign."))
                continue
            group = ge.group.name
            if row.official_in_charge_id is not None and row.official_in_charge_id not in officials:
                problems.append(_("%(group)s: the official in charge must be a ward official.") % {"group": group})
            if row.committee_member_id is not None and row.committee_member_id not in members:
                problems.append(
                    _("%(group)s: the committee member must be a Party committee member of the ward.")
                    % {"group": group}
                )
            venue = (row.planned_venue or "").strip()
            if len(venue) > 255:
                problems.append(_("%(group)s: the venue is too long (255 characters at most).") % {"group": group})
            moving = venue != ge.planned_venue or row.planned_at != ge.planned_at
            if moving and conference_locked(ge):
                problems.append(
                    _(
                        "%(group)s: the conference has already been held; its venue and time can no longer be "
                        "changed here (a re-vote is scheduled from the group's page)."
                    )
                    % {"group": group}
                )
            elif row.planned_at is not None and timezone.localdate(row.planned_at) != campaign.election_day:
                problems.append(
                    _(
                        "%(group)s: the conference date (%(date)s) must be the election day of the campaign "
                        "(%(day)s); a later conference is a re-vote."
                    )
                    % {
                        "group": group,
                        "date": f"{timezone.localdate(row.planned_at):%d/%m/%Y}",
                        "day": f"{campaign.election_day:%d/%m/%Y}",
                    }
                )
            planned.append((ge, row, venue))
        if problems:
            raise DomainError(*problems)
        changed_count = 0
        for ge, row, venue in planned:
            before = {
                "official_in_charge": _name(ge.official_in_charge_id, officials),
                "committee_member": _name(ge.committee_member_id, members),
                "planned_venue": ge.planned_venue,
                "planned_at": ge.planned_at,
            }
            after = {
                "official_in_charge": _name(row.official_in_charge_id, officials),
                "committee_member": _name(row.committee_member_id, members),
                "planned_venue": venue,
                "planned_at": row.planned_at,
            }
            changed = [k for k in after if before[k] != after[k]]
            if not changed:
                continue
            old_member_id = ge.committee_member_id
            ge.official_in_charge_id = row.official_in_charge_id
            ge.committee_member_id = row.committee_member_id
            ge.planned_venue = venue
            ge.planned_at = row.planned_at
            ge.save(update_fields=["official_in_charge", "committee_member", "planned_venue", "planned_at"])
            audit_log(
                actor=actor,
                obj=ge,
                event=Event.PLAN_UPDATED,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
                group=ge.group,
            )
            if old_member_id != row.committee_member_id:
                _move_area(ge=ge, old_id=old_member_id, new_id=row.committee_member_id, members=members, actor=actor)
            changed_count += 1
    return changed_count


def _move_area(
    *, ge: GroupElection, old_id: int | None, new_id: int | None, members: dict[int, User], actor: User
) -> None:
    """The committee member of the plan follows the group: it is in their area (directive point 5)."""
    if old_id is not None and old_id in members:
        members[old_id].assigned_groups.remove(ge.group)
        audit_log(
            actor=actor,
            obj=members[old_id],
            event=Event.AREA_UNASSIGNED,
            before={"group": ge.group.name},
            after={},
            group=ge.group,
        )
    if new_id is not None:
        member = members[new_id]
        if not member.assigned_groups.filter(pk=ge.group_id).exists():
            member.assigned_groups.add(ge.group)
            audit_log(
                actor=actor, obj=member, event=Event.AREA_ASSIGNED, after={"group": ge.group.name}, group=ge.group
            )
