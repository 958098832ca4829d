"""Writes on candidates: vetting against the standards (attestations)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import Action, require
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.candidates.models import (
    Attestation,
    Candidate,
    Criterion,
)
from elections.candidates.services.candidates import (
    check_editable,
    lock_candidate,
)
from elections.candidates.services.decisions import (
    set_status,
)


def candidate_start_review(*, candidate: Candidate, actor: User) -> Candidate:
    require(actor, Action.VET_CANDIDATE, candidate.group_election.group)
    with transaction.atomic():
        locked, election = lock_candidate(candidate)
        check_editable(election)
        if locked.status != Candidate.Status.NOMINATED:
            raise DomainError(
                _("%(name)s is “%(status)s”: only a nominated candidate can be taken under review.")
                % {"name": locked.resident.full_name, "status": locked.get_status_display()}
            )
        set_status(locked, Candidate.Status.UNDER_REVIEW, actor=actor, reason="", event=Event.CANDIDATE_REVIEW_STARTED)
    return locked


def candidate_attest(
    *,
    candidate: Candidate,
    criterion: str,
    meets: bool,
    note: str,
    actor: User,
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
        locked, election = lock_candidate(candidate)
        check_editable(election)
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
        validate(attestation, validate_unique=False)
        attestation.save()
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.CANDIDATE_CRITERION_ATTESTED,
            before=before,
            after={
                "criterion": criterion,
                **snapshot(attestation, ["meets", "note", "official_name", "official_position"]),
            },
            group=election.group,
        )
        if locked.status == Candidate.Status.NOMINATED:
            set_status(
                locked, Candidate.Status.UNDER_REVIEW, actor=actor, reason="", event=Event.CANDIDATE_REVIEW_STARTED
            )
    return attestation


def candidate_attest_all(
    *,
    candidate: Candidate,
    entries: list[tuple[str, bool, str]],
    actor: User,
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
