"""Election day's part of the stage machine (imported by ConferenceConfig.ready).

"Conference held" is entered only by this app's services (see the owners in `elections.workflow.TABLE`);
the precondition below checks, on every such move, that the vote really opened. The later stages (the
count accepted, sealed, the re-vote, the decision) are the count app's (`elections/count/workflow_hooks.py`).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from elections.calendar import register_step_check
from elections.conference.fingerprints import voter_list_fingerprint_issue
from elections.conference.models import Conference, TeamDecision
from elections.conference.services.checkin import electorate_freeze
from elections.conference.tasks import lay_out_invitations_after_commit
from elections.models import GroupElection, Stage
from elections.workflow import register_on_enter, register_precondition
from residents.tasks import lay_out_posted_lists


@register_on_enter(Stage.LISTS_POSTED)
def freeze_electorate(*, group_election: GroupElection, actor: User | None) -> None:
    """The voter list posted is the electorate of the day: freeze it now."""
    electorate_freeze(group_election=group_election, actor=actor)
    voter_list_fingerprint_issue(group_election=group_election, actor=actor)
    if settings.PAPERS_LAY_OUT_IN_ADVANCE:
        # The posted lists no longer change: the worker lays them out once, so they open at once when printed.
        group_id = group_election.group_id
        transaction.on_commit(lambda: lay_out_posted_lists.enqueue(group_id))
    lay_out_invitations_after_commit(group_election.pk)  # the invitees are the frozen electorate


@register_precondition(Stage.CONFERENCE_HELD)
def vote_opened_with_quorum(group_election):
    """The group counts as having held its conference only once a sitting opened the vote (with a quorum)."""
    if not Conference.objects.filter(group_election=group_election, status=Conference.Status.VOTING).exists():
        return _("The conference has not opened the vote: record the sitting, its quorum and the count board first.")
    return None


@register_step_check("team_decision")
def team_decided(group_elections):
    """The election-team step of the calendar is done once the chairman's decision is recorded."""
    return TeamDecision.objects.filter(group_election__in=[ge.pk for ge in group_elections]).values_list(
        "group_election_id", flat=True
    )
