"""The count's part of the stage machine (imported by CountConfig.ready).

The stages from "Counted" on are entered only by the count's services (see the owners in
`elections.workflow.TABLE`); the preconditions below check, on every such move, that the record the
stage stands for is really there: the count accepted, the count sealed with its result, the re-vote's
sitting, the decision.
"""

from django.utils.translation import gettext as _

from elections.conference.models import Conference
from elections.count.models import Count, CountOutcome, RecognitionDecision
from elections.models import Stage
from elections.workflow import register_precondition


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
