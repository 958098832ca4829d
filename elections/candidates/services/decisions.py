"""Writes on candidates: approval, rejection and withdrawal before the list is posted."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, require
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.candidates.eligibility import register_problems
from elections.candidates.models import (
    Candidate,
    CandidateListFreeze,
    Complaint,
)
from elections.candidates.services.candidates import (
    STATUS_FIELDS,
    check_editable,
    lock_candidate,
    missing_criteria,
    open_complaints,
)
from elections.models import GroupElection


def approval_problems(candidate: Candidate, election: GroupElection | None = None) -> list[str]:
    """Every reason this candidate cannot be approved now (empty when they can)."""
    election = election or candidate.group_election
    profile = election.campaign.legal_profile
    name = candidate.resident.full_name
    problems: list[str] = []
    if candidate.status != Candidate.Status.UNDER_REVIEW:
        problems.append(
            _("%(name)s is “%(status)s”: only a candidate under review can be approved.")
            % {"name": name, "status": candidate.get_status_display()}
        )
    problems += register_problems(
        resident=candidate.resident,
        group=election.group,
        election_day=election.campaign.election_day,
        min_age=profile.min_candidate_age,
    )
    missing = missing_criteria(candidate)
    if missing:
        problems.append(
            _("%(name)s: these standards are not yet attested as met: %(list)s.")
            % {"name": name, "list": "; ".join(str(m) for m in missing)}
        )
    for complaint in open_complaints(candidate):
        problems.append(
            _(
                "%(name)s has an unresolved complaint (received %(date)s, handled by %(handler)s): a candidate "
                "cannot be approved or put on the ballot until it is concluded."
            )
            % {
                "name": name,
                "date": complaint.received_on.strftime("%d/%m/%Y"),
                "handler": complaint.get_handler_display(),
            }
        )
    if candidate.complaints.filter(conclusion=Complaint.Conclusion.UPHELD).exists():
        problems.append(
            _("A complaint against %(name)s was upheld: the candidate cannot be approved.") % {"name": name}
        )
    if candidate.source == Candidate.Source.FRONT:
        approved_front = (
            Candidate.objects.filter(
                group_election=election, source=Candidate.Source.FRONT, status=Candidate.Status.APPROVED
            )
            .exclude(pk=candidate.pk)
            .count()
        )
        if approved_front >= profile.max_candidates:
            problems.append(
                _("%(group)s already has %(count)s approved candidates introduced by the Front (at most %(max)s).")
                % {"group": election.group.name, "count": approved_front, "max": profile.max_candidates}
            )
    return problems


def set_status(candidate: Candidate, status: str, *, actor: User, reason: str, event: Event, note: str = "") -> None:
    before = snapshot(candidate, STATUS_FIELDS)
    candidate.status = status
    candidate.status_reason = reason
    candidate.party_member_at_vetting = candidate.resident.is_party_member
    if status in (Candidate.Status.APPROVED, Candidate.Status.REJECTED, Candidate.Status.WITHDRAWN):
        candidate.decided_by = actor
        candidate.decided_at = timezone.now()
    validate(candidate, validate_unique=False)
    candidate.save(update_fields=STATUS_FIELDS)
    audit_log(
        actor=actor,
        obj=candidate,
        event=event,
        before=before,
        after=snapshot(candidate, STATUS_FIELDS),
        group=candidate.group_election.group,
        note=note or reason,
    )


def refuse_if_frozen(election: GroupElection, candidate: Candidate) -> None:
    freeze = CandidateListFreeze.objects.filter(group_election=election).first()
    if freeze is not None:
        raise DomainError(
            _(
                "The candidate list of %(group)s was posted on %(date)s: changing %(name)s on it needs a reason "
                "and is recorded as a change after posting."
            )
            % {
                "group": election.group.name,
                "date": timezone.localtime(freeze.frozen_at).strftime("%d/%m/%Y"),
                "name": candidate.resident.full_name,
            }
        )


def approve_locked(locked: Candidate, election: GroupElection, *, actor: User, event: Event, note: str = "") -> None:
    problems = approval_problems(locked, election)
    if problems:
        raise DomainError(*problems)
    set_status(locked, Candidate.Status.APPROVED, actor=actor, reason="", event=event, note=note)


def clean_reason(reason: str, name: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason why %(name)s is %(what)s.") % {"name": name, "what": what}, field="reason")
    return reason


def candidate_approve(*, candidate: Candidate, actor: User) -> Candidate:
    require(actor, Action.APPROVE_CANDIDATES, candidate.group_election.group)
    with transaction.atomic():
        locked, election = lock_candidate(candidate)
        check_editable(election)
        refuse_if_frozen(election, locked)
        approve_locked(locked, election, actor=actor, event=Event.CANDIDATE_APPROVED)
    return locked


def candidate_reject(*, candidate: Candidate, reason: str, actor: User) -> Candidate:
    require(actor, Action.APPROVE_CANDIDATES, candidate.group_election.group)
    with transaction.atomic():
        locked, election = lock_candidate(candidate)
        check_editable(election)
        reason = clean_reason(reason, locked.resident.full_name, _("rejected"))
        if locked.status not in (Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW, Candidate.Status.APPROVED):
            raise DomainError(
                _("%(name)s is already “%(status)s”.")
                % {"name": locked.resident.full_name, "status": locked.get_status_display()}
            )
        if locked.status == Candidate.Status.APPROVED:
            refuse_if_frozen(election, locked)
        set_status(locked, Candidate.Status.REJECTED, actor=actor, reason=reason, event=Event.CANDIDATE_REJECTED)
    return locked


def candidate_withdraw(*, candidate: Candidate, reason: str, actor: User) -> Candidate:
    """The candidate steps down (or the nominator withdraws the nomination)."""
    group = candidate.group_election.group
    if not (can(actor, Action.NOMINATE, group) or can(actor, Action.APPROVE_CANDIDATES, group)):
        require(actor, Action.APPROVE_CANDIDATES, group)
    with transaction.atomic():
        locked, election = lock_candidate(candidate)
        check_editable(election)
        reason = clean_reason(reason, locked.resident.full_name, _("withdrawn"))
        if not locked.is_active:
            raise DomainError(
                _("%(name)s is already “%(status)s”.")
                % {"name": locked.resident.full_name, "status": locked.get_status_display()}
            )
        if locked.status == Candidate.Status.APPROVED:
            refuse_if_frozen(election, locked)
        set_status(locked, Candidate.Status.WITHDRAWN, actor=actor, reason=reason, event=Event.CANDIDATE_WITHDRAWN)
    return locked
