"""Writes on candidates: freezing the list when it is posted, and changing it afterwards (with a reason)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, require
from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError
from elections.candidates.fingerprints import candidate_list_fingerprint_issue
from elections.candidates.models import (
    Candidate,
    CandidateListFreeze,
)
from elections.candidates.selectors import ballot_candidates
from elections.candidates.services.candidates import (
    check_editable,
    lock_candidate,
)
from elections.candidates.services.decisions import (
    approve_locked,
    clean_reason,
    set_status,
)
from elections.models import GroupElection


def candidate_list_freeze(*, group_election: GroupElection, actor: User | None) -> CandidateListFreeze:
    """Freeze the approved list when the lists are posted (called by the workflow on entering LISTS_POSTED)."""
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
            event=Event.CANDIDATE_LIST_FROZEN,
            after={"frozen_at": freeze.frozen_at, "candidates": freeze.candidate_ids},
            group=group_election.group,
        )
        candidate_list_fingerprint_issue(group_election=group_election, actor=actor)
    return freeze


LIST_CHANGES = ("approve", "reject", "withdraw")


def candidate_list_change_after_posting(*, candidate: Candidate, change: str, reason: str, actor: User) -> Candidate:
    """Approve, reject or withdraw a candidate once the list is posted: only with a reason, always audited."""
    require(actor, Action.APPROVE_CANDIDATES, candidate.group_election.group)
    if change not in LIST_CHANGES:
        raise DomainError(_("Unknown change."), field="change")
    with transaction.atomic():
        locked, election = lock_candidate(candidate)
        check_editable(election)
        freeze = CandidateListFreeze.objects.select_for_update().filter(group_election=election).first()
        if freeze is None:
            raise DomainError(
                _("The candidate list of %(group)s has not been posted: change it the ordinary way.")
                % {"group": election.group.name}
            )
        name = locked.resident.full_name
        reason = clean_reason(reason, name, _("changed on the posted list"))
        before_status = locked.status
        if change == "approve":
            approve_locked(locked, election, actor=actor, event=Event.CANDIDATE_APPROVED, note=reason)
        else:
            if not locked.is_active:
                raise DomainError(
                    _("%(name)s is already “%(status)s”.") % {"name": name, "status": locked.get_status_display()}
                )
            status = Candidate.Status.REJECTED if change == "reject" else Candidate.Status.WITHDRAWN
            set_status(locked, status, actor=actor, reason=reason, event=Event(f"candidate_{status}"))
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.CANDIDATE_LIST_CHANGED_AFTER_POSTING,
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
