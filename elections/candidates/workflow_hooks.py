"""What the candidates app adds to the stage machine of `elections.workflow`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User
from elections.candidates.models import Candidate, Complaint
from elections.candidates.selectors import list_problems
from elections.candidates.services import candidate_list_freeze
from elections.models import GroupElection, Stage
from elections.workflow import register_on_enter, register_precondition


@register_precondition(Stage.LIST_APPROVED)
def candidate_list_ready(group_election: GroupElection) -> str | None:
    """Enough approved candidates (not too many from the Front), none with an unresolved complaint,
    every standard attested, no nomination left undecided."""
    problems = list_problems(group_election)
    return " ".join(problems) if problems else None


@register_precondition(Stage.LISTS_POSTED)
def candidate_list_postable(group_election: GroupElection) -> str | None:
    """The list is still approvable and nobody on it has an open complaint."""
    problems = list_problems(group_election)
    open_on_list = (
        Complaint.objects.filter(
            candidate__group_election=group_election,
            candidate__status__in=[
                Candidate.Status.NOMINATED,
                Candidate.Status.UNDER_REVIEW,
                Candidate.Status.APPROVED,
            ],
        )
        .exclude(status=Complaint.Status.CONCLUDED)
        .select_related("candidate__resident")
    )
    for complaint in open_on_list:
        message = _(
            "%(name)s has an unresolved complaint: the list cannot be approved or posted until it is concluded."
        ) % {"name": complaint.candidate.resident.full_name}
        if message not in problems:
            problems.append(message)
    return " ".join(problems) if problems else None


@register_on_enter(Stage.LISTS_POSTED)
def freeze_candidate_list(*, group_election: GroupElection, actor: User | None) -> None:
    candidate_list_freeze(group_election=group_election, actor=actor)
