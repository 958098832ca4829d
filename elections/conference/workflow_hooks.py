"""Election day's part of the stage machine (imported by ConferenceConfig.ready).

The stages from "Conference held" on are entered only by this app's services (see the owners in
`elections.workflow.TABLE`); the preconditions below check, on every such move, that the record the
stage stands for is really there: the vote opened, the count accepted, the count sealed with its
result, the re-vote's sitting, the decision.
"""

from django.utils.translation import gettext as _

from elections.calendar import register_step_check
from elections.conference.fingerprints import voter_list_fingerprint_issue
from elections.conference.models import Conference, TeamDecision
from elections.conference.models_count import Count, CountOutcome, RecognitionDecision
from elections.models import Stage
from elections.workflow import register_on_enter, register_precondition


@register_on_enter(Stage.LISTS_POSTED)
def freeze_electorate(*, group_election, actor) -> None:
    """The voter list posted is the electorate of the day: freeze it now."""
    from elections.conference.services.checkin import electorate_freeze

    electorate_freeze(group_election=group_election, actor=actor)
    voter_list_fingerprint_issue(group_election=group_election, actor=actor)


@register_precondition(Stage.CONFERENCE_HELD)
def vote_opened_with_quorum(group_election):
    """The group counts as having held its conference only once a sitting opened the vote (with a quorum)."""
    if not Conference.objects.filter(group_election=group_election, status=Conference.Status.VOTING).exists():
        return _("The conference has not opened the vote: record the sitting, its quorum and the count board first.")
    return None


def _latest_count(group_election) -> Count | None:
    """The count of the group's latest sitting (the one that voted), if it has one."""
    latest = Conference.objects.filter(group_election=group_election).order_by("-sequence").first()
    return Count.objects.filter(conference=latest).first() if latest is not None else None


@register_precondition(Stage.COUNTED)
def count_accepted(group_election):
    if _latest_count(group_election) is None:
        return _("No count is accepted: the two entries of the count must agree, or their differences be resolved.")
    return None


@register_precondition(Stage.ELECTED)
def sealed_count_elects(group_election):
    count = _latest_count(group_election)
    if count is None or not count.is_sealed or count.outcome != CountOutcome.ELECTED or count.elected_id is None:
        return _("No sealed count elects a leader for this group.")
    return None


@register_precondition(Stage.NO_WINNER)
def sealed_count_elects_nobody(group_election):
    count = _latest_count(group_election)
    if count is None or not count.is_sealed or count.outcome == CountOutcome.ELECTED:
        return _("No sealed count of this group elects nobody.")
    return None


@register_precondition(Stage.REVOTE_SCHEDULED)
def revote_sitting_scheduled(group_election):
    latest = Conference.objects.filter(group_election=group_election).order_by("-sequence").first()
    previous = latest.previous if latest is not None and latest.is_revote else None
    count = Count.objects.filter(conference=previous).first() if previous is not None else None
    sealed_without_winner = count is not None and count.is_sealed and count.outcome != CountOutcome.ELECTED
    if not sealed_without_winner or latest.status != Conference.Status.SCHEDULED:
        return _("No re-vote sitting is scheduled after a sealed count that elected nobody.")
    return None


@register_precondition(Stage.RECOGNISED)
def decision_issued(group_election):
    if not RecognitionDecision.objects.filter(group_election=group_election).exists():
        return _("The recognition decision has not been issued.")
    return None


@register_step_check("team_decision")
def team_decided(group_elections):
    """The election-team step of the calendar is done once the chairman's decision is recorded."""
    return TeamDecision.objects.filter(group_election__in=[ge.pk for ge in group_elections]).values_list(
        "group_election_id", flat=True
    )
