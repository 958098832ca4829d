"""Reading the count, the result and the recognition decision, always scoped by what the user may see."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from accounts.access import Action, can, scoped_or_404, visible_groups
from accounts.models import User
from elections.conference.models import Conference, VotingMethod
from elections.count.models import (
    INVALID_FIELDS,
    Count,
    CountVote,
    InvalidReason,
    RecognitionDecision,
)
from elections.models import GroupElection
from elections.rules import add_working_days, percent_of_electorate, revote_deadline

#: Reasons for invalid ballots as printed on the Vietnamese papers (papers are not translated).
INVALID_REASON_PAPER: dict[str, str] = {
    InvalidReason.NOT_OFFICIAL_FORM: "Không phải phiếu theo mẫu quy định",
    InvalidReason.NO_STAMP: "Không có dấu của Tổ bầu cử",
    InvalidReason.TOO_MANY_NAMES: "Để số người được bầu nhiều hơn số lượng được bầu",
    InvalidReason.ALL_CROSSED_OUT: "Gạch xóa hết tên những người ứng cử",
    InvalidReason.ADDED_CONTENT: "Ghi thêm tên người ngoài danh sách hoặc ghi thêm nội dung khác",
    InvalidReason.OTHER: "Lý do khác",
}


def percent_vi(value: Decimal | None) -> str:
    """A percentage with two decimals and a decimal comma, as Vietnamese writes it: 44,04%."""
    if value is None:
        return ""
    return f"{Decimal(value).quantize(Decimal('0.01'))}".replace(".", ",") + "%"


def conference_for_user_or_404(user: User, pk: int) -> Conference:
    """A conference of a group the user may see; otherwise 404, as if it did not exist."""
    queryset = Conference.objects.select_related(
        "group_election__group__ward",
        "group_election__group__party_cell",
        "group_election__campaign__legal_profile",
    )
    return scoped_or_404(user, queryset, pk, group_path="group_election__group")


def group_election_for_user_or_404(user: User, pk: int) -> GroupElection:
    queryset = GroupElection.objects.select_related("group__ward", "campaign__legal_profile")
    return scoped_or_404(user, queryset, pk, group_path="group")


def candidate_full_name(candidate) -> str:
    resident = getattr(candidate, "resident", None)
    return resident.full_name if resident is not None else str(candidate)


def count_of(conference: Conference) -> Count | None:
    return (
        Count.objects.filter(conference=conference)
        .select_related("elected__resident", "witness_1", "witness_2", "sealed_by", "resolved_by")
        .prefetch_related(
            Prefetch("votes", queryset=CountVote.objects.select_related("candidate__resident").order_by("id"))
        )
        .first()
    )


def vote_rows(count: Count) -> list[dict]:
    """Per candidate, in ballot order: name, gender, votes, percentage of the whole electorate, elected."""
    rows = []
    for vote in count.votes.all():
        resident = vote.candidate.resident
        percent = percent_of_electorate(vote.votes, count.electorate)
        rows.append(
            {
                "candidate": vote.candidate,
                "name": resident.full_name,
                "title": "bà" if resident.gender == "F" else "ông",
                "votes": vote.votes,
                "percent": percent,
                "percent_text": percent_vi(percent),
                "elected": vote.candidate_id == count.elected_id,
            }
        )
    return rows


def invalid_rows(count: Count) -> list[dict]:
    return [
        {
            "code": reason,
            "label": InvalidReason(reason).label,
            "paper_label": INVALID_REASON_PAPER[reason],
            "n": getattr(count, name),
        }
        for reason, name in INVALID_FIELDS.items()
    ]


def count_summary(conference: Conference) -> dict | None:
    """The accepted count of a conference for the minutes, or None while it has not been accepted.

    `invalid_by_reason` is keyed by the reason as printed on the Vietnamese papers; `votes` is a list of
    (full name, votes, percentage of the whole electorate as a Decimal with two decimals).
    """
    count = count_of(conference)
    if count is None:
        return None
    rows = vote_rows(count)
    return {
        "electorate": count.electorate,
        "present": count.present,
        "voting_method": count.voting_method,
        "secret_ballot": count.voting_method != VotingMethod.HANDS,
        "issued": count.issued,
        "returned": count.returned,
        "valid": count.valid,
        "invalid": count.invalid_total,
        "invalid_by_reason": {INVALID_REASON_PAPER[r]: n for r, n in count.invalid_by_reason().items()},
        "invalid_by_code": count.invalid_by_reason(),
        "votes": [(row["name"], row["votes"], row["percent"]) for row in rows],
        "elected": candidate_full_name(count.elected) if count.elected_id else None,
        "outcome": count.outcome,
        "sealed": count.is_sealed,
        "count_ended_at": count.count_ended_at,
        "witnesses": [w.full_name for w in (count.witness_1, count.witness_2) if w is not None],
    }


def latest_conference(group_election: GroupElection) -> Conference | None:
    return group_election.conferences.order_by("-sequence").first()


def decision_of(group_election: GroupElection) -> RecognitionDecision | None:
    return (
        RecognitionDecision.objects.filter(group_election=group_election)
        .select_related("candidate__resident", "conference", "group_election__group__ward", "campaign__legal_profile")
        .first()
    )


def results_overview(user: User) -> list[dict]:
    """Every group election of the current campaign the user may see, with its latest sitting, its accepted
    count (best candidate and percentage of the electorate) and the recognition decision."""
    elections = (
        GroupElection.objects.filter(group__in=visible_groups(user), campaign__is_current=True)
        .select_related("group", "campaign__legal_profile", "recognition_decision")
        .prefetch_related(
            Prefetch(
                "conferences",
                queryset=Conference.objects.select_related("count__elected__resident").order_by("-sequence"),
            ),
            "conferences__count__votes__candidate__resident",
        )
        .order_by("group__code")
    )
    rows = []
    for election in elections:
        conferences = list(election.conferences.all())
        latest = conferences[0] if conferences else None
        # The last sitting that was counted (a re-vote just scheduled has no count yet).
        count = next((c.count for c in conferences if getattr(c, "count", None) is not None), None)
        best = None
        if count is not None:
            ranked = sorted(vote_rows(count), key=lambda row: -row["votes"])
            best = ranked[0] if ranked else None
        rows.append(
            {
                "election": election,
                "conference": latest,
                "counted": count.conference if count is not None else None,
                "count": count,
                "best": best,
                "decision": getattr(election, "recognition_decision", None),
            }
        )
    return rows


# ---------------------------------------------------------------- deadlines


def recognition_deadline(count: Count) -> datetime.date:
    """The last day for the decision: the profile's working days after the conference day."""
    rules = count.conference.group_election.campaign.legal_profile.rules()
    return add_working_days(timezone.localdate(count.conference.scheduled_at), rules.recognition_working_days)


def revote_deadline_for(conference: Conference) -> datetime.date:
    rules = conference.group_election.campaign.legal_profile.rules()
    return revote_deadline(conference_day=timezone.localdate(conference.scheduled_at), rules=rules)


# ---------------------------------------------------------------- the group page


def result_section(*, group_election: GroupElection, user: User) -> dict:
    """The result by law on the group-election page: the last counted sitting, the recognition deadline
    and decision, or the re-vote deadline."""
    count = (
        Count.objects.filter(conference__group_election=group_election)
        .select_related("conference", "elected__resident")
        .prefetch_related(Prefetch("votes", queryset=CountVote.objects.select_related("candidate__resident")))
        .order_by("-conference__sequence")
        .first()
    )
    section: dict[str, object] = {"count": count, "group_election": group_election}
    if count is None:
        return section
    rows = vote_rows(count)
    decision = decision_of(group_election)
    section |= {
        "conference": count.conference,
        "rows": rows,
        "best": max(rows, key=lambda row: row["votes"]) if rows else None,
        "decision": decision,
        "can_print": can(user, Action.PRINT_PAPERS, group_election.group),
    }
    if count.is_sealed and count.elected_id:
        deadline = recognition_deadline(count)
        section |= {
            "deadline": deadline,
            "overdue": decision is None and timezone.localdate() > deadline,
            "can_decide": decision is None and can(user, Action.SIGN_DECISION, group_election.group),
        }
    elif count.is_sealed and getattr(count.conference, "next_sitting", None) is None:
        section["revote_deadline"] = revote_deadline_for(count.conference)
    return section
