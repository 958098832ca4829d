"""The election team (Tổ bầu cử) of a group and the chairman's decision that forms it.

A candidate of the group's election can never sit on the team or on the count board
(Decree 59/2023 says so outright; under the 2008 procedure the count is watched by voters
"who are not candidates", and the ward applies the same rule to the team).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.access import Action, can_by_role, sitting_refusal
from accounts.models import Role, User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.candidates.models import Candidate
from elections.conference.fingerprints import team_decision_fingerprint_issue
from elections.conference.models import TeamDecision, TeamMember, TeamRole
from elections.conference.tasks import lay_out_invitations_after_commit
from elections.models import GroupElection
from residents.names import fold

# Candidates in these states no longer stand; anyone else on the list does.
INACTIVE_CANDIDATE_STATUSES = {"rejected", "withdrawn"}

_MEMBER_FIELDS = ["resident", "full_name", "role", "affiliation", "user"]
_DECISION_FIELDS = ["number", "signed_on", "signer_name", "signer_title"]


def active_candidates(group_election: GroupElection) -> list:
    """The candidates of this election who still stand (not rejected, not withdrawn)."""
    queryset = Candidate.objects.filter(group_election=group_election)
    status_field = next((f for f in Candidate._meta.fields if f.name == "status"), None)
    if status_field is not None:
        queryset = queryset.exclude(status__in=INACTIVE_CANDIDATE_STATUSES)
    return list(queryset.select_related("resident"))


def candidate_conflict(*, group_election: GroupElection, resident=None, full_name: str = "") -> str | None:
    """Why this person cannot serve on the team or the count board because they stand; None if they may."""
    folded = fold(full_name)
    for candidate in active_candidates(group_election):
        candidate_resident = getattr(candidate, "resident", None)
        if resident is not None and candidate_resident is not None:
            if candidate_resident.pk == resident.pk:
                return _(
                    "%(name)s is a candidate in this election and cannot serve on the election team or the count board."
                ) % {"name": resident.full_name}
            continue
        # Someone entered by name only: a namesake of a candidate is refused, so that a
        # candidate cannot slip in by being typed instead of picked from the register.
        candidate_name = (
            candidate_resident.full_name if candidate_resident is not None else getattr(candidate, "full_name", "")
        )
        if folded and fold(candidate_name) == folded:
            return _(
                "%(name)s has the same name as a candidate in this election; a candidate cannot serve on the "
                "election team or the count board. Pick the person from the register if this is someone else."
            ) % {"name": full_name}
    return None


def is_team_member(*, group_election: GroupElection, resident) -> bool:
    """For the candidates app: is this resident on the group's election team? (nominating them is refused)."""
    return TeamMember.objects.filter(group_election=group_election, resident=resident).exists()


def check_venue_account(*, user: User | None, group_election: GroupElection, action: str) -> None:
    """The account a member uses at the venue must be one whose role allows `action` for exactly this group
    (the right itself comes with the seat: `accounts.access.sitting_refusal`)."""
    if user is None:
        return
    if user.role != Role.TEAM_MEMBER and action == Action.CHECK_IN:
        raise DomainError(
            _("The account %(user)s is not an election-team account.") % {"user": user.display_name}, field="user"
        )
    if not can_by_role(user, action, group_election.group):
        raise DomainError(
            _("The account %(user)s is not an election-team account of %(group)s.")
            % {"user": user.display_name, "group": group_election.group},
            field="user",
        )


def refuse_unless_seated(*, actor: User | None, action: str, conference, seated: bool | None = None) -> None:
    """Refuse an account whose role, or place on the team or the board, does not carry `action` at this
    sitting (the reason, from `accounts.access.sitting_refusal`; `seated` as read with the sitting, if it
    was). No account: a step recorded by the system itself (loading the demo), not refused."""
    if actor is None:
        return
    reason = sitting_refusal(actor, action, conference, seated=seated)
    if reason is not None:
        raise DomainError(reason)


def team_member_add(
    *,
    group_election: GroupElection,
    actor: User | None,
    role: str,
    resident=None,
    full_name: str = "",
    affiliation: str = "",
    user: User | None = None,
) -> TeamMember:
    """Appoint one person to the election team."""
    full_name = (resident.full_name if resident is not None else full_name).strip()
    if not full_name:
        raise DomainError(_("Pick a resident from the register or type the member's full name."), field="full_name")
    if resident is not None and resident.household.group_id != group_election.group_id:
        raise DomainError(
            _("%(name)s does not live in %(group)s.") % {"name": resident.full_name, "group": group_election.group},
            field="resident",
        )
    if role not in TeamRole.values:
        raise DomainError(_("Unknown role in the team."), field="role")
    check_venue_account(user=user, group_election=group_election, action=Action.CHECK_IN)
    with transaction.atomic():
        GroupElection.objects.select_for_update(of=("self",)).get(pk=group_election.pk)
        reason = candidate_conflict(group_election=group_election, resident=resident, full_name=full_name)
        if reason:
            raise DomainError(reason, field="resident" if resident is not None else "full_name")
        if (
            resident is not None
            and TeamMember.objects.filter(group_election=group_election, resident=resident).exists()
        ):
            raise DomainError(_("%(name)s is already on the team.") % {"name": full_name}, field="resident")
        if role in (TeamRole.HEAD, TeamRole.SECRETARY):
            taken = TeamMember.objects.filter(group_election=group_election, role=role).first()
            if taken is not None:
                raise DomainError(
                    _("The team already has a %(role)s: %(name)s. Remove them first.")
                    % {"role": TeamRole(role).label.lower(), "name": taken.full_name},
                    field="role",
                )
        member = TeamMember(
            group_election=group_election,
            resident=resident,
            full_name=full_name,
            role=role,
            affiliation=affiliation.strip(),
            user=user,
        )
        member_add_audited(member=member, actor=actor, event=Event.TEAM_MEMBER_ADDED, fields=_MEMBER_FIELDS)
        team_decision_fingerprint_issue(
            group_election=group_election, actor=actor, reason=_("The election team was changed.")
        )
        if role == TeamRole.HEAD:
            lay_out_invitations_after_commit(group_election.pk)  # they name the team's head
    return member


def member_add_audited(*, member, actor: User | None, event: str, fields) -> None:
    """Save a new team or count-board member, refusing a double add cleanly, and audit it (in the caller's lock)."""
    validate(member)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:
        raise DomainError(_("This member was just added by someone else.")) from exc
    group_election = member.group_election if hasattr(member, "group_election") else member.conference.group_election
    audit_log(actor=actor, obj=member, event=event, after=snapshot(member, fields), group=group_election.group)


def team_member_remove(*, member: TeamMember, actor: User | None) -> None:
    group = member.group_election.group
    before = snapshot(member, _MEMBER_FIELDS)
    with transaction.atomic():
        audit_log(actor=actor, obj=member, event=Event.TEAM_MEMBER_REMOVED, before=before, group=group)
        member.delete()
        team_decision_fingerprint_issue(
            group_election=member.group_election, actor=actor, reason=_("The election team was changed.")
        )
        if member.role == TeamRole.HEAD:
            lay_out_invitations_after_commit(member.group_election_id)


def team_decision_record(
    *,
    group_election: GroupElection,
    actor: User | None,
    number: str,
    signed_on: datetime.date,
    signer_name: str = "",
    signer_title: str = "",
) -> TeamDecision:
    """Record (or correct) the number and date of the decision forming the team."""
    number = number.strip()
    if not number:
        raise DomainError(_("Enter the decision number, e.g. 12/QĐ-UBND."), field="number")
    with transaction.atomic():
        GroupElection.objects.select_for_update(of=("self",)).get(pk=group_election.pk)
        decision = TeamDecision.objects.filter(group_election=group_election).first()
        before = snapshot(decision, _DECISION_FIELDS) if decision else None
        if decision is None:
            decision = TeamDecision(group_election=group_election, created_by=actor if actor and actor.pk else None)
        decision.number = number
        decision.signed_on = signed_on
        decision.signer_name = signer_name.strip()
        decision.signer_title = (signer_title or "CHỦ TỊCH").strip()
        validate(decision)
        decision.save()
        audit_log(
            actor=actor,
            obj=decision,
            event=Event.TEAM_DECISION_RECORDED if before is None else Event.TEAM_DECISION_CORRECTED,
            before=before,
            after=snapshot(decision, _DECISION_FIELDS),
            group=group_election.group,
        )
        team_decision_fingerprint_issue(
            group_election=group_election, actor=actor, reason=_("The decision was corrected.")
        )
    return decision
