"""What every stage of a group's election stands on, checked against the records themselves.

Used after every step of the stateful test of the stage machine and on the loaded demo ward.
"""

from __future__ import annotations

from decimal import Decimal

from audit.models import AuditEntry
from elections.conference.models import Conference
from elections.count.models import Count, CountOutcome, RecognitionDecision
from elections.models import GroupElection, Stage
from elections.rules import election_outcome
from elections.workflow import STAGE_RANK, TRANSITIONS


def _latest_sitting(ge: GroupElection) -> Conference | None:
    return Conference.objects.filter(group_election=ge).order_by("-sequence").first()


def _count_of(conference: Conference | None) -> Count | None:
    return Count.objects.filter(conference=conference).first() if conference is not None else None


def _assert_result_by_law(count: Count, ge: GroupElection) -> None:
    """The outcome a count records is what the law gives for its (possibly corrected) figures."""
    rules = ge.campaign.legal_profile.rules()
    votes = {v.candidate_id: v.votes for v in count.votes.all()}
    outcome = election_outcome(electorate=count.electorate, votes=votes, rules=rules)
    assert (count.outcome, count.elected_id) == (outcome.reason, outcome.elected), count
    if count.elected_id is not None:
        # Strictly more than the profile's share of the WHOLE electorate.
        assert Decimal(votes[count.elected_id]) * 100 > rules.winning_percent * count.electorate


def assert_stage_has_its_evidence(ge: GroupElection) -> None:
    ge = GroupElection.objects.select_related("campaign__legal_profile").get(pk=ge.pk)
    latest = _latest_sitting(ge)
    count = _count_of(latest)
    for sealed in Count.objects.filter(conference__group_election=ge, sealed_at__isnull=False):
        _assert_result_by_law(sealed, ge)
    decision = RecognitionDecision.objects.filter(group_election=ge).first()
    if ge.stage == Stage.CONFERENCE_HELD:
        assert latest is not None and latest.status == Conference.Status.VOTING and latest.vote_opened_at
        assert latest.present_at_vote * 2 > latest.electorate_size  # the quorum when the vote opened
    if ge.stage == Stage.COUNTED:
        assert count is not None and not count.is_sealed and latest.status == Conference.Status.COUNTED
    if ge.stage in (Stage.ELECTED, Stage.RECOGNISED):
        assert count is not None and count.is_sealed, "elected without a sealed count"
        assert count.outcome == CountOutcome.ELECTED and count.elected_id is not None
    if ge.stage == Stage.RECOGNISED:
        assert decision is not None, "recognised without a decision"
        assert decision.candidate_id == count.elected_id
    else:
        assert decision is None, "a decision but the group is not recognised"
    if ge.stage == Stage.NO_WINNER:
        assert count is not None and count.is_sealed and count.outcome != CountOutcome.ELECTED
    if ge.stage == Stage.REVOTE_SCHEDULED:
        # The last sealed count elected nobody; a re-vote sitting follows it; the current one has not voted.
        last_sealed = (
            Count.objects.filter(conference__group_election=ge, sealed_at__isnull=False)
            .order_by("-conference__sequence")
            .first()
        )
        assert last_sealed is not None and last_sealed.outcome != CountOutcome.ELECTED
        assert Conference.objects.filter(previous=last_sealed.conference_id, is_revote=True).exists()
        assert count is None and latest.status in (Conference.Status.SCHEDULED, Conference.Status.OPEN)
    if STAGE_RANK[ge.stage] < STAGE_RANK[Stage.CONFERENCE_HELD] and ge.stage not in (
        Stage.NO_WINNER,
        Stage.REVOTE_SCHEDULED,
    ):
        assert not Count.objects.filter(conference__group_election=ge).exists()


def assert_history_follows_the_table(ge: GroupElection) -> None:
    """Every stage change is logged and is a transition of the table; none goes backwards except into the
    re-vote cycle (nobody elected, then the re-vote); the group is at the last logged stage."""
    changes = AuditEntry.objects.filter(
        event="stage_changed", object_type="elections.groupelection", object_id=str(ge.pk)
    ).order_by("pk")
    stage = None
    for entry in changes:
        before, after = entry.before["stage"], entry.after["stage"]
        assert stage is None or before == stage, (stage, before)
        transition = TRANSITIONS[after]
        assert before in transition.sources, (before, after)
        if STAGE_RANK[after] < STAGE_RANK[before]:
            assert transition.revote_cycle, (before, after)
        stage = after
    current = GroupElection.objects.values_list("stage", flat=True).get(pk=ge.pk)
    assert stage is None or current == stage, (current, stage)
