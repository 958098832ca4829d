"""`{% candidate_section group_election user as section %}` for the group card other pages include."""

from django import template

from accounts.access import Action, can
from accounts.models import User
from elections.candidates import selectors, services
from elections.models import GroupElection

register = template.Library()


@register.simple_tag
def candidate_section(group_election: GroupElection, user: User) -> dict:
    group = group_election.group
    summary = selectors.group_summary(group_election)
    return {
        "summary": summary,
        "can_nominate": can(user, Action.NOMINATE, group) and group_election.stage in services.EDITABLE_STAGES,
        "can_print": can(user, Action.PRINT_PAPERS, group),
        "can_print_ballots": can(user, Action.PRINT_BALLOTS, group),
        "can_receive": can(user, Action.RECEIVE_COMPLAINT, group),
    }
