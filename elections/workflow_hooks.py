"""What the elections app itself adds to the stage machine (imported by ElectionsConfig.ready)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from elections.models import GroupElection, Stage
from elections.rules import revote_deadline
from elections.workflow import register_on_enter, register_precondition


@register_precondition(Stage.PREPARING)
def plan_is_complete(group_election: GroupElection) -> str | None:
    """Candidates are prepared under a plan: someone in charge, a venue and a time."""
    missing = []
    if not group_election.official_in_charge_id:
        missing.append(_("the ward official in charge"))
    if not group_election.planned_venue:
        missing.append(_("the conference venue"))
    if not group_election.planned_at:
        missing.append(_("the conference date and time"))
    if not missing:
        return None
    return _("The plan of %(group)s is incomplete: set %(missing)s on the plan page first.") % {
        "group": group_election.group.name,
        "missing": ", ".join(missing),
    }


@register_on_enter(Stage.NO_WINNER)
def set_revote_due(*, group_election: GroupElection, actor) -> None:
    """The re-vote limit runs from the conference that elected nobody."""
    campaign = group_election.campaign
    day = timezone.localdate(group_election.planned_at) if group_election.planned_at else campaign.election_day
    group_election.revote_due = revote_deadline(conference_day=day, rules=campaign.legal_profile.rules())
    group_election.save(update_fields=["revote_due"])


@register_on_enter(Stage.REVOTE_SCHEDULED)
def next_round(*, group_election: GroupElection, actor) -> None:
    """A re-vote is a new conference of the same election; the earlier one stays in the history."""
    group_election.round += 1
    group_election.save(update_fields=["round"])
