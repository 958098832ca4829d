"""What every write on candidates shares: the stages in which the list may change, and the locks."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from config.errors import DomainError
from elections.candidates.models import Candidate, CandidateListFreeze, Complaint, Criterion
from elections.models import GroupElection, Stage

# Stages in which the candidates of a group may still change. From the conference on, the list is history.
EDITABLE_STAGES = {
    Stage.PLANNED,
    Stage.PREPARING,
    Stage.LIST_APPROVED,
    Stage.LISTS_POSTED,
    Stage.NO_WINNER,
    Stage.REVOTE_SCHEDULED,
}

STATUS_FIELDS = ["status", "status_reason", "decided_by", "decided_at", "party_member_at_vetting"]


def check_editable(group_election: GroupElection) -> None:
    if group_election.stage not in EDITABLE_STAGES:
        raise DomainError(
            _("%(group)s is at the stage “%(stage)s”: its candidates can no longer be changed.")
            % {"group": group_election.group.name, "stage": Stage(group_election.stage).label}
        )


def lock_election(group_election: GroupElection) -> GroupElection:
    """Serialise every change to one group's candidates (counts of approved candidates depend on it)."""
    return (
        GroupElection.objects.select_for_update()
        .select_related("group__ward", "campaign__legal_profile")
        .get(pk=group_election.pk)
    )


def lock_candidate(candidate: Candidate) -> tuple[Candidate, GroupElection]:
    election = lock_election(candidate.group_election)
    locked = Candidate.objects.select_for_update().select_related("resident__household__group").get(pk=candidate.pk)
    locked.group_election = election
    return locked, election


def is_frozen(group_election: GroupElection) -> bool:
    return CandidateListFreeze.objects.filter(group_election=group_election).exists()


def open_complaints(candidate: Candidate):
    return candidate.complaints.exclude(status=Complaint.Status.CONCLUDED)


def missing_criteria(candidate: Candidate) -> list[str | Promise]:
    """Labels of the criteria not yet attested as met."""
    met = {a.criterion for a in candidate.attestations.all() if a.meets}
    return [label for value, label in Criterion.choices if value not in met]
