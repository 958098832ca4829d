"""Writes on candidates: consultation, nomination, vetting, status changes, the posted list."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, require
from audit.services import audit_log, snapshot
from config.errors import DomainError
from elections.candidates.eligibility import register_problems
from elections.candidates.fingerprints import candidate_list_fingerprint_issue
from elections.candidates.models import (
    Attestation,
    Candidate,
    CandidateListFreeze,
    Complaint,
    ConsultationMeeting,
    Criterion,
)
from elections.models import GroupElection, Stage
from residents.models import Resident

# Stages in which the candidates of a group may still change. From the conference on, the list is history.
EDITABLE_STAGES = {
    Stage.PLANNED,
    Stage.PREPARING,
    Stage.LIST_APPROVED,
    Stage.LISTS_POSTED,
    Stage.NO_WINNER,
    Stage.REVOTE_SCHEDULED,
}

_STATUS_FIELDS = ["status", "status_reason", "decided_by", "decided_at", "party_member_at_vetting"]


def _check_editable(group_election: GroupElection) -> None:
    if group_election.stage not in EDITABLE_STAGES:
        raise DomainError(
            _("%(group)s is at the stage “%(stage)s”: its candidates can no longer be changed.")
            % {"group": group_election.group.name, "stage": Stage(group_election.stage).label}
        )


def _lock_election(group_election: GroupElection) -> GroupElection:
    """Serialise every change to one group's candidates (counts of approved candidates depend on it)."""
    return (
        GroupElection.objects.select_for_update()
        .select_related("group__ward", "campaign__legal_profile")
        .get(pk=group_election.pk)
    )


def _lock_candidate(candidate: Candidate) -> tuple[Candidate, GroupElection]:
    election = _lock_election(candidate.group_election)
    locked = Candidate.objects.select_for_update().select_related("resident__household__group").get(pk=candidate.pk)
    locked.group_election = election
    return locked, election


def is_frozen(group_election: GroupElection) -> bool:
    return CandidateListFreeze.objects.filter(group_election=group_election).exists()


def open_complaints(candidate: Candidate):
    return candidate.complaints.exclude(status=Complaint.Status.CONCLUDED)


# --------------------------------------------------------------------------- consultation


def consultation_record(
    *, group_election: GroupElection, held_on: date, participants: str, agreement: str, venue: str = "", actor
) -> ConsultationMeeting:
    """Record the Front work committee's meeting with the cell committee on the candidates to introduce."""
    require(actor, Action.NOMINATE, group_election.group)
    with transaction.atomic():
        election = _lock_election(group_election)
        _check_editable(election)
        if held_on > election.campaign.election_day:
            raise DomainError(_("The meeting date cannot be after the election day."), field="held_on")
        meeting = ConsultationMeeting(
            group_election=election,
            held_on=held_on,
            venue=venue.strip(),
            participants=participants.strip(),
            agreement=agreement.strip(),
            recorded_by=actor,
        )
        meeting.full_clean()
        meeting.save()
        audit_log(
            actor=actor,
            obj=meeting,
            event="consultation_recorded",
            after=snapshot(meeting, ["held_on", "venue", "participants", "agreement"]),
            group=election.group,
        )
    return meeting


# ----------------------------------------------------------------------------- nomination


def candidate_nominate(
    *,
    group_election: GroupElection,
    resident: Resident,
    source: str,
    actor,
    consultation: ConsultationMeeting | None = None,
    note: str = "",
) -> Candidate:
    """Nominate a resident of the group. Refused, with the reason, when the register shows them ineligible."""
    require(actor, Action.NOMINATE, group_election.group)
    if source not in Candidate.Source.values:
        raise DomainError(_("Unknown way of nomination."), field="source")
    with transaction.atomic():
        election = _lock_election(group_election)
        _check_editable(election)
        profile = election.campaign.legal_profile
        resident = Resident.objects.select_related("household__group").get(pk=resident.pk)
        problems = register_problems(
            resident=resident,
            group=election.group,
            election_day=election.campaign.election_day,
            min_age=profile.min_candidate_age,
        )
        if problems:
            raise DomainError(*problems, field="resident")
        if Candidate.objects.filter(group_election=election, resident=resident).exists():
            raise DomainError(
                _("%(name)s is already a candidate in %(group)s.")
                % {"name": resident.full_name, "group": election.group.name},
                field="resident",
            )
        if source == Candidate.Source.FRONT:
            if consultation is None or consultation.group_election_id != election.pk:
                if ConsultationMeeting.objects.filter(group_election=election).exists():
                    message = _(
                        "A candidate introduced by the Front work committee needs the consultation meeting with "
                        "the cell committee: choose the meeting at which this person was agreed."
                    )
                else:
                    message = _(
                        "A candidate introduced by the Front work committee needs the consultation meeting with "
                        "the cell committee: record the meeting first, then choose it."
                    )
                raise DomainError(message, field="consultation")
            active_front = (
                Candidate.objects.filter(group_election=election, source=Candidate.Source.FRONT)
                .exclude(status__in=[Candidate.Status.REJECTED, Candidate.Status.WITHDRAWN])
                .count()
            )
            if active_front >= profile.max_candidates:
                raise DomainError(
                    _(
                        "The Front work committee introduces at most %(max)s candidates; %(group)s already has "
                        "%(count)s. Withdraw one first, or record this person as a self-nomination or a "
                        "nomination from the floor."
                    )
                    % {"max": profile.max_candidates, "group": election.group.name, "count": active_front},
                    field="source",
                )
        else:
            consultation = None
        candidate = Candidate(
            group_election=election,
            resident=resident,
            source=source,
            consultation=consultation,
            nomination_note=note.strip(),
            nominated_by=actor,
            party_member_at_vetting=resident.is_party_member,
        )
        candidate.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError as exc:  # a parallel nomination of the same person
            raise DomainError(
                _("%(name)s is already a candidate in %(group)s.")
                % {"name": resident.full_name, "group": election.group.name},
                field="resident",
            ) from exc
        audit_log(
            actor=actor,
            obj=candidate,
            event="candidate_nominated",
            after={
                "resident": resident.pk,
                "full_name": resident.full_name,
                "source": source,
                "consultation": consultation.pk if consultation else None,
                "party_member": resident.is_party_member,
            },
            group=election.group,
            note=note.strip(),
        )
    return candidate


# -------------------------------------------------------------------------------- vetting


def candidate_start_review(*, candidate: Candidate, actor) -> Candidate:
    require(actor, Action.VET_CANDIDATE, candidate.group_election.group)
    with transaction.atomic():
        locked, election = _lock_candidate(candidate)
        _check_editable(election)
        if locked.status != Candidate.Status.NOMINATED:
            raise DomainError(
                _("%(name)s is “%(status)s”: only a nominated candidate can be taken under review.")
                % {"name": locked.resident.full_name, "status": locked.get_status_display()}
            )
        _set_status(locked, Candidate.Status.UNDER_REVIEW, actor=actor, reason="", event="candidate_review_started")
    return locked


def candidate_attest(
    *,
    candidate: Candidate,
    criterion: str,
    meets: bool,
    note: str,
    actor,
    official_name: str = "",
    official_position: str = "",
) -> Attestation:
    """A named official attests one standard the register cannot prove. A nominated candidate goes under review."""
    require(actor, Action.VET_CANDIDATE, candidate.group_election.group)
    if criterion not in Criterion.values:
        raise DomainError(_("Unknown criterion."), field="criterion")
    if not note.strip():
        raise DomainError(
            _("Write a note: on what the attestation of “%(criterion)s” rests.")
            % {"criterion": Criterion(criterion).label},
            field="note",
        )
    with transaction.atomic():
        locked, election = _lock_candidate(candidate)
        _check_editable(election)
        if locked.status not in (Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW):
            raise DomainError(
                _("%(name)s is “%(status)s”: criteria are attested only while the candidate is being vetted.")
                % {"name": locked.resident.full_name, "status": locked.get_status_display()}
            )
        existing = Attestation.objects.filter(candidate=locked, criterion=criterion).first()
        before = snapshot(existing, ["meets", "note", "official_name", "official_position"]) if existing else None
        attestation = existing or Attestation(candidate=locked, criterion=criterion)
        attestation.meets = meets
        attestation.note = note.strip()
        attestation.attested_by = actor
        attestation.official_name = (official_name or actor.display_name).strip()
        attestation.official_position = (official_position or actor.position).strip()
        attestation.full_clean(validate_unique=False)
        attestation.save()
        audit_log(
            actor=actor,
            obj=locked,
            event="candidate_criterion_attested",
            before=before,
            after={
                "criterion": criterion,
                **snapshot(attestation, ["meets", "note", "official_name", "official_position"]),
            },
            group=election.group,
        )
        if locked.status == Candidate.Status.NOMINATED:
            _set_status(locked, Candidate.Status.UNDER_REVIEW, actor=actor, reason="", event="candidate_review_started")
    return attestation


def candidate_attest_all(
    *,
    candidate: Candidate,
    entries: list[tuple[str, bool, str]],
    actor,
    official_name: str = "",
    official_position: str = "",
) -> list[Attestation]:
    """Several standards attested from one screen: each (criterion, meets, note) that differs from what is
    recorded is attested and audited; one refusal and none is saved."""
    recorded = {a.criterion: a for a in candidate.attestations.all()}
    attested = []
    with transaction.atomic():
        for criterion, meets, note in entries:
            existing = recorded.get(criterion)
            if existing and existing.meets == meets and existing.note == note.strip():
                continue
            attested.append(
                candidate_attest(
                    candidate=candidate,
                    criterion=criterion,
                    meets=meets,
                    note=note,
                    actor=actor,
                    official_name=official_name,
                    official_position=official_position,
                )
            )
    return attested


def missing_criteria(candidate: Candidate) -> list[str]:
    """Labels of the criteria not yet attested as met."""
    met = {a.criterion for a in candidate.attestations.all() if a.meets}
    return [label for value, label in Criterion.choices if value not in met]


# ------------------------------------------------------------------------- status changes


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


def _set_status(candidate: Candidate, status: str, *, actor, reason: str, event: str, note: str = "") -> None:
    before = snapshot(candidate, _STATUS_FIELDS)
    candidate.status = status
    candidate.status_reason = reason
    candidate.party_member_at_vetting = candidate.resident.is_party_member
    if status in (Candidate.Status.APPROVED, Candidate.Status.REJECTED, Candidate.Status.WITHDRAWN):
        candidate.decided_by = actor
        candidate.decided_at = timezone.now()
    candidate.full_clean(validate_unique=False)
    candidate.save(update_fields=_STATUS_FIELDS)
    audit_log(
        actor=actor,
        obj=candidate,
        event=event,
        before=before,
        after=snapshot(candidate, _STATUS_FIELDS),
        group=candidate.group_election.group,
        note=note or reason,
    )


def _refuse_if_frozen(election: GroupElection, candidate: Candidate) -> None:
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


def _approve(locked: Candidate, election: GroupElection, *, actor, event: str, note: str = "") -> None:
    problems = approval_problems(locked, election)
    if problems:
        raise DomainError(*problems)
    _set_status(locked, Candidate.Status.APPROVED, actor=actor, reason="", event=event, note=note)


def _clean_reason(reason: str, name: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason why %(name)s is %(what)s.") % {"name": name, "what": what}, field="reason")
    return reason


def candidate_approve(*, candidate: Candidate, actor) -> Candidate:
    require(actor, Action.APPROVE_CANDIDATES, candidate.group_election.group)
    with transaction.atomic():
        locked, election = _lock_candidate(candidate)
        _check_editable(election)
        _refuse_if_frozen(election, locked)
        _approve(locked, election, actor=actor, event="candidate_approved")
    return locked


def candidate_reject(*, candidate: Candidate, reason: str, actor) -> Candidate:
    require(actor, Action.APPROVE_CANDIDATES, candidate.group_election.group)
    with transaction.atomic():
        locked, election = _lock_candidate(candidate)
        _check_editable(election)
        reason = _clean_reason(reason, locked.resident.full_name, _("rejected"))
        if locked.status not in (Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW, Candidate.Status.APPROVED):
            raise DomainError(
                _("%(name)s is already “%(status)s”.")
                % {"name": locked.resident.full_name, "status": locked.get_status_display()}
            )
        if locked.status == Candidate.Status.APPROVED:
            _refuse_if_frozen(election, locked)
        _set_status(locked, Candidate.Status.REJECTED, actor=actor, reason=reason, event="candidate_rejected")
    return locked


def candidate_withdraw(*, candidate: Candidate, reason: str, actor) -> Candidate:
    """The candidate steps down (or the nominator withdraws the nomination)."""
    group = candidate.group_election.group
    if not (can(actor, Action.NOMINATE, group) or can(actor, Action.APPROVE_CANDIDATES, group)):
        require(actor, Action.APPROVE_CANDIDATES, group)
    with transaction.atomic():
        locked, election = _lock_candidate(candidate)
        _check_editable(election)
        reason = _clean_reason(reason, locked.resident.full_name, _("withdrawn"))
        if not locked.is_active:
            raise DomainError(
                _("%(name)s is already “%(status)s”.")
                % {"name": locked.resident.full_name, "status": locked.get_status_display()}
            )
        if locked.status == Candidate.Status.APPROVED:
            _refuse_if_frozen(election, locked)
        _set_status(locked, Candidate.Status.WITHDRAWN, actor=actor, reason=reason, event="candidate_withdrawn")
    return locked


# ------------------------------------------------------------------------ the posted list


def candidate_list_freeze(*, group_election: GroupElection, actor) -> CandidateListFreeze:
    """Freeze the approved list when the lists are posted (called by the workflow on entering LISTS_POSTED)."""
    from elections.candidates.selectors import ballot_candidates

    freeze, created = CandidateListFreeze.objects.get_or_create(
        group_election=group_election,
        defaults={
            # The posting time recorded with the move, when the move recorded one.
            "frozen_at": group_election.list_posted_at or timezone.now(),
            "frozen_by": actor if getattr(actor, "is_authenticated", False) else None,
            "candidate_ids": [c.pk for c in ballot_candidates(group_election)],
        },
    )
    if created:
        audit_log(
            actor=actor,
            obj=freeze,
            event="candidate_list_frozen",
            after={"frozen_at": freeze.frozen_at, "candidates": freeze.candidate_ids},
            group=group_election.group,
        )
        candidate_list_fingerprint_issue(group_election=group_election, actor=actor)
    return freeze


LIST_CHANGES = ("approve", "reject", "withdraw")


def candidate_list_change_after_posting(*, candidate: Candidate, change: str, reason: str, actor) -> Candidate:
    """Approve, reject or withdraw a candidate once the list is posted: only with a reason, always audited."""
    require(actor, Action.APPROVE_CANDIDATES, candidate.group_election.group)
    if change not in LIST_CHANGES:
        raise DomainError(_("Unknown change."), field="change")
    with transaction.atomic():
        locked, election = _lock_candidate(candidate)
        _check_editable(election)
        freeze = CandidateListFreeze.objects.select_for_update().filter(group_election=election).first()
        if freeze is None:
            raise DomainError(
                _("The candidate list of %(group)s has not been posted: change it the ordinary way.")
                % {"group": election.group.name}
            )
        name = locked.resident.full_name
        reason = _clean_reason(reason, name, _("changed on the posted list"))
        before_status = locked.status
        if change == "approve":
            _approve(locked, election, actor=actor, event="candidate_approved", note=reason)
        else:
            if not locked.is_active:
                raise DomainError(
                    _("%(name)s is already “%(status)s”.") % {"name": name, "status": locked.get_status_display()}
                )
            status = Candidate.Status.REJECTED if change == "reject" else Candidate.Status.WITHDRAWN
            _set_status(locked, status, actor=actor, reason=reason, event=f"candidate_{status}")
        audit_log(
            actor=actor,
            obj=locked,
            event="candidate_list_changed_after_posting",
            before={"status": before_status, "frozen_at": freeze.frozen_at},
            after={"status": locked.status, "change": change},
            group=election.group,
            note=reason,
        )
        # The public verify page shows this reason: a fixed sentence, never the official's own words
        # (which may name a complaint).
        candidate_list_fingerprint_issue(
            group_election=election, actor=actor, reason=_("The posted candidate list was changed.")
        )
    return locked
