"""The moves of a group's election made with a person's button, and the plan side of a re-vote.

Each goes through `group_election_transition`. The checks common to every move (the stage order,
who owns the move, the user's role, the preconditions that apps register) live in
`elections.workflow`; a service here adds only what belongs to its own move (the posting time, the
re-vote's date and venue). The later stages (conference held, counted, elected, no winner,
recognised) are owned by the services that record their evidence, in `elections.conference`.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import DomainError
from elections.models import GroupElection, Stage
from elections.rules import revote_deadline
from elections.workflow import Owner, group_election_transition, person_service


@person_service(Stage.PREPARING)
def group_election_start_preparing(*, group_election: GroupElection, actor: User, note: str = "") -> GroupElection:
    """Planned -> candidates being prepared (term report and nominations)."""
    return group_election_transition(group_election=group_election, target=Stage.PREPARING, actor=actor, note=note)


@person_service(Stage.LIST_APPROVED)
def group_election_approve_list(*, group_election: GroupElection, actor: User, note: str = "") -> GroupElection:
    """The candidate list, agreed with the Party cell, is approved."""
    return group_election_transition(group_election=group_election, target=Stage.LIST_APPROVED, actor=actor, note=note)


@person_service(Stage.LISTS_POSTED)
def group_election_post_lists(
    *, group_election: GroupElection, actor: User, posted_at: datetime | None = None, note: str = ""
) -> GroupElection:
    """The voter list and the candidate list are posted publicly; the time of posting is kept."""
    posted_at = posted_at or timezone.now()
    if posted_at > timezone.now():
        raise DomainError(_("The lists cannot be recorded as posted in the future."), field="posted_at")
    return group_election_transition(
        group_election=group_election,
        target=Stage.LISTS_POSTED,
        actor=actor,
        note=note,
        changes={"list_posted_at": posted_at},
    )


def group_election_schedule_revote(
    *, group_election: GroupElection, actor: User, at: datetime, venue: str, owner: Owner, note: str = ""
) -> GroupElection:
    """A new conference of the same election: the round goes up, the earlier one stays in the history.

    Called by the service that schedules the re-vote's sitting, with the owner the workflow gave it.
    """
    with transaction.atomic():
        locked = (
            GroupElection.objects.select_for_update()
            .select_related("campaign__legal_profile")
            .get(pk=group_election.pk)
        )
        changes = _revote_changes(locked, at=at, venue=venue)
        group_election_transition(
            group_election=locked,
            target=Stage.REVOTE_SCHEDULED,
            actor=actor,
            note=note,
            changes=changes,
            owner=owner,
        )
    group_election.refresh_from_db()
    return group_election


def _revote_changes(group_election: GroupElection, *, at: datetime, venue: str) -> dict:
    venue = (venue or "").strip()
    problems = []
    if not venue:
        problems.append(_("Give the venue of the re-vote."))
    previous_day = timezone.localdate(group_election.planned_at) if group_election.planned_at else None
    previous_day = previous_day or group_election.campaign.election_day
    day = timezone.localdate(at)
    if day <= previous_day:
        problems.append(
            _("The re-vote (%(day)s) must be after the conference that elected nobody (%(previous)s).")
            % {"day": f"{day:%d/%m/%Y}", "previous": f"{previous_day:%d/%m/%Y}"}
        )
    due = group_election.revote_due or revote_deadline(
        conference_day=previous_day, rules=group_election.campaign.legal_profile.rules()
    )
    if day > due:
        problems.append(
            _("The re-vote (%(day)s) must be held by %(due)s under the legal profile.")
            % {"day": f"{day:%d/%m/%Y}", "due": f"{due:%d/%m/%Y}"}
        )
    if problems:
        raise DomainError(*problems)
    # The round goes up on entering the stage (workflow_hooks), whichever service schedules the re-vote.
    return {"planned_at": at, "planned_venue": venue, "revote_due": due}
