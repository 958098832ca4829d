"""The count board the conference elects before the vote (never a candidate); it cannot change once the
vote has opened. Its size is checked against the legal profile when the vote opens
(`services.conference.board_bounds_problem`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import Action
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError
from elections.conference.models import BoardRole, Conference, CountBoardMember
from elections.conference.services.conference import lock_conference, status_label
from elections.conference.services.team import candidate_conflict, check_venue_account, member_add_audited

_BOARD_FIELDS = ["resident", "full_name", "role", "user"]


def count_board_member_add(
    *,
    conference: Conference,
    actor: User | None,
    role: str,
    resident=None,
    full_name: str = "",
    user: User | None = None,
) -> CountBoardMember:
    """Record one member of the count board elected by the conference (never a candidate)."""
    full_name = (resident.full_name if resident is not None else full_name).strip()
    if not full_name:
        raise DomainError(_("Pick a resident from the register or type the member's full name."), field="full_name")
    if role not in BoardRole.values:
        raise DomainError(_("Unknown role on the count board."), field="role")
    with transaction.atomic():
        locked = lock_conference(conference)
        group_election = locked.group_election
        if locked.status not in (Conference.Status.SCHEDULED, Conference.Status.OPEN):
            raise DomainError(
                _("The count board is elected before the vote; sitting %(seq)s is “%(status)s”.")
                % {"seq": locked.sequence, "status": status_label(locked)}
            )
        if resident is not None and resident.household.group_id != group_election.group_id:
            raise DomainError(
                _("%(name)s does not live in %(group)s.") % {"name": resident.full_name, "group": group_election.group},
                field="resident",
            )
        check_venue_account(user=user, group_election=group_election, action=Action.ENTER_COUNT)
        reason = candidate_conflict(group_election=group_election, resident=resident, full_name=full_name)
        if reason:
            raise DomainError(reason, field="resident" if resident is not None else "full_name")
        members = list(locked.board_members.all())
        if resident is not None and any(m.resident_id == resident.pk for m in members):
            raise DomainError(_("%(name)s is already on the count board.") % {"name": full_name}, field="resident")
        if user is not None and any(m.user_id == user.pk for m in members):
            raise DomainError(
                _("The account %(user)s is already used by another board member.") % {"user": user.display_name},
                field="user",
            )
        if role == BoardRole.HEAD:
            head = next((m for m in members if m.role == BoardRole.HEAD), None)
            if head is not None:
                raise DomainError(
                    _("The count board already has a head: %(name)s.") % {"name": head.full_name}, field="role"
                )
        high = group_election.campaign.legal_profile.count_board_max
        if high is not None and len(members) + 1 > high:
            raise DomainError(_("The count board may have at most %(high)s members.") % {"high": high})
        member = CountBoardMember(conference=locked, resident=resident, full_name=full_name, role=role, user=user)
        member_add_audited(member=member, actor=actor, event=Event.COUNT_BOARD_MEMBER_ADDED, fields=_BOARD_FIELDS)
    return member


def count_board_member_remove(*, member: CountBoardMember, actor: User | None) -> None:
    with transaction.atomic():
        locked = lock_conference(member.conference)
        if locked.status not in (Conference.Status.SCHEDULED, Conference.Status.OPEN):
            raise DomainError(_("The count board cannot change once the vote has opened."))
        audit_log(
            actor=actor,
            obj=member,
            event=Event.COUNT_BOARD_MEMBER_REMOVED,
            before=snapshot(member, _BOARD_FIELDS),
            group=locked.group_election.group,
        )
        member.delete()
