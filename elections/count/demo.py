"""The counts of the demo ward, entered through the real services so that the audit log is real.

Loaded by `manage.py load_demo` right after `elections.conference.demo` (groups 01-05 have their vote open
by then), on the same clock:
- 01-04: the count entered twice (group 02 with a typo in the second entry, resolved by the ward official),
  sealed, elected with more than half of the whole electorate;
- 01-03: the recognition decision issued by the chairman (`chutich`);
- 05: the real case, 159 of 361 households for the best candidate (44.04 %): nobody elected, sealed, and a
  re-vote scheduled as a new conference within the profile's 15 days.
Idempotent: every step is skipped once done.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from accounts.models import User
from config.errors import DomainError
from elections.conference.models import Conference, Elector
from elections.count.models import Count, RecognitionDecision
from elections.count.services.figures import CountData, count_candidates, present_of
from elections.count.services.recognition import DEFAULT_RECIPIENTS, decision_issue, default_proposer
from elections.count.services.result import revote_schedule
from elections.count.services.seal import count_seal, witness_choices
from elections.count.services.tally import tally_differences, tally_resolve, tally_submit
from elections.models import Campaign, GroupElection, Stage
from residents.models import Ward

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
COUNT_GROUPS = ["01", "02", "03", "04", "05"]
# Share of the WHOLE electorate won by the leading candidate: more than half in 01-04.
LEAD_SHARE = {"01": 0.62, "02": 0.58, "03": 0.66, "04": 0.55}
# Group 05, the real case: 159 of 361 households (44.04 %) although 314 took part.
GROUP_05_LEAD = 159
TYPO_GROUP = "02"
DECISIONS = {
    "01": (5, datetime.date(2021, 1, 13)),
    "02": (6, datetime.date(2021, 1, 13)),
    "03": (7, datetime.date(2021, 1, 14)),
}
REVOTE_AT = datetime.datetime(2021, 1, 24, 8, 0, tzinfo=TZ)


def _entrants(conference: Conference) -> list[User]:
    """Two accounts seated on the sitting's count board (the right to enter the count comes with the seat;
    `elections.conference.demo` gives the board its accounts)."""
    return list(
        User.objects.filter(count_board_memberships__conference=conference, is_active=True)
        .distinct()
        .order_by("username")[:2]
    )


def _figures(conference: Conference, candidates: list, code: str) -> CountData:
    """Figures that add up: a few invalid ballots by reason, every valid ballot keeping one name."""
    electorate = conference.electorate_size or 0
    present = present_of(conference)
    issued = present
    returned = present
    invalid = {"no_stamp": 2, "all_crossed_out": 3, "added_content": 1} if code == "05" else {"all_crossed_out": 2}
    valid = returned - sum(invalid.values())
    lead = GROUP_05_LEAD if code == "05" else int(electorate * LEAD_SHARE.get(code, 0.6)) + 1
    lead = min(lead, valid)
    votes = {candidates[0].pk: lead}
    rest = valid - lead
    others = candidates[1:]
    for index, candidate in enumerate(others):
        share = rest // (len(others) - index)
        votes[candidate.pk] = share
        rest -= share
    return CountData(issued=issued, returned=returned, valid=valid, invalid_by_reason=invalid, votes=votes)


def _with_typo(data: CountData) -> CountData:
    """The second entry of the typo group: the last candidate's votes typed with two digits swapped."""
    last = list(data.votes)[-1]
    value = data.votes[last]
    text = str(value)
    swapped = int(text[:-2] + text[-1] + text[-2]) if len(text) >= 2 and text[-1] != text[-2] else value - 9
    if swapped > value or swapped < 0:
        swapped = max(0, value - 9)
    return CountData(
        issued=data.issued,
        returned=data.returned,
        valid=data.valid,
        invalid_by_reason=data.invalid_by_reason,
        votes={**data.votes, last: swapped},
    )


def _count(conference: Conference, official: User, stdout) -> None:
    group_election = conference.group_election
    code = group_election.group.code
    if Count.objects.filter(conference=conference).exists() or conference.status != Conference.Status.VOTING:
        return
    candidates = count_candidates(conference)
    if not candidates:
        stdout.write(f"  {group_election.group.name}: no candidate on the ballot, count skipped.\n")
        return
    # The leading candidate is the first introduced by the Front (the ballot is in alphabetical order).
    candidates.sort(key=lambda c: (getattr(c, "source", "") != "front", c.pk))
    entrants = _entrants(conference)
    if len(entrants) < 2:
        stdout.write(f"  {group_election.group.name}: fewer than two count-board accounts, count skipped.\n")
        return
    first, second = entrants
    data = _figures(conference, candidates, code)
    tally_submit(conference=conference, actor=first, data=data)
    result = tally_submit(conference=conference, actor=second, data=_with_typo(data) if code == TYPO_GROUP else data)
    if result.status == "mismatch":
        chosen = {d.key: d.first for d in tally_differences(conference)}
        tally_resolve(
            conference=conference,
            actor=official,
            chosen=chosen,
            note="Kiểm lại số phiếu của người ứng cử trước hai đại diện hộ gia đình chứng kiến; "
            "giữ số liệu của lần nhập thứ nhất.",
        )


def _seal(conference: Conference, official: User) -> None:
    count = Count.objects.filter(conference=conference).first()
    if count is None or count.is_sealed:
        return
    witnesses = [e for e in witness_choices(conference) if e.number > 3][:2]
    start = conference.scheduled_at
    count_seal(
        conference=conference,
        actor=official,
        witness_1=witnesses[0],
        witness_2=witnesses[1],
        count_started_at=start + datetime.timedelta(hours=1, minutes=50),
        count_ended_at=start + datetime.timedelta(hours=2, minutes=20),
        complaints="",
    )


def load(*, stdout) -> None:
    ward = Ward.objects.filter(name="Hương Xuân", is_sample=True).first()
    campaign = Campaign.objects.filter(ward=ward, is_current=True).first() if ward else None
    official = User.objects.filter(username="ubnd").first()
    chairman = User.objects.filter(username="chutich").first()
    if campaign is None or official is None:
        stdout.write("Counts: no demo campaign or user ubnd, skipped.\n")
        return
    stdout.write("Counts, results and decisions:\n")
    elections = GroupElection.objects.filter(campaign=campaign, group__code__in=COUNT_GROUPS).select_related(
        "group__ward", "campaign__legal_profile"
    )
    for group_election in elections.order_by("group__code"):
        code = group_election.group.code
        first = group_election.conferences.order_by("sequence").first()
        if first is None or not Elector.objects.filter(group_election=group_election).exists():
            stdout.write(f"  {group_election.group.name}: no conference held, skipped.\n")
            continue
        try:
            _count(first, official, stdout)
            _seal(first, official)
            group_election.refresh_from_db()
            if code == "05" and group_election.stage == Stage.NO_WINNER:
                revote_schedule(conference=first, actor=official, scheduled_at=REVOTE_AT, venue=first.venue)
                group_election.refresh_from_db()
            if (
                code in DECISIONS
                and chairman is not None
                and group_election.stage == Stage.ELECTED
                and not RecognitionDecision.objects.filter(group_election=group_election).exists()
            ):
                number, day = DECISIONS[code]
                decision_issue(
                    group_election=group_election,
                    actor=chairman,
                    number=number,
                    decision_date=day,
                    recipients="\n".join(DEFAULT_RECIPIENTS),
                    proposer=default_proposer(group_election),
                )
                group_election.refresh_from_db()
        except DomainError as error:
            stdout.write(f"  {group_election.group.name}: {'; '.join(error.messages)}\n")
            continue
        count = Count.objects.filter(conference=first).select_related("elected__resident").first()
        if count is not None:
            who = count.elected.resident.full_name if count.elected_id else "nobody elected"
            stdout.write(f"  {group_election.group.name}: {who} ({Stage(group_election.stage).label}).\n")
