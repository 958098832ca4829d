"""What the count's papers print, as a plain payload for their fingerprint, and its registration.

The count record and the minutes of a sealed count (the minutes print the count's figures, so they are
registered when the count is sealed), and the recognition decision. See `elections.conference.fingerprints`
for what a payload holds; the services register them when the count is sealed or corrected and when the
decision is issued (`*_fingerprint_issue`), and the papers print them (`*_verification`).
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from elections.conference.fingerprints import where
from elections.conference.models import Conference
from elections.count.models import Count, RecognitionDecision
from elections.count.selectors import count_of, vote_rows
from verification.fingerprint import PaperVerification, paper_verification
from verification.models import PaperKind
from verification.services import paper_fingerprint_issue


def _votes(count: Count) -> list:
    return [[row["name"], row["votes"], row["percent_text"]] for row in vote_rows(count)]


def _result_summary(count: Count) -> list:
    summary = [["electorate", count.electorate], ["present", count.present]]
    summary += [["candidate", [name, votes, percent]] for name, votes, percent in _votes(count)]
    summary.append(["outcome", count.outcome])
    if count.elected_id:
        summary.append(["elected", count.elected.resident.full_name])
    return summary


def _hour(value) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def _count_day(conference: Conference, count: Count):
    return timezone.localtime(count.count_started_at or conference.scheduled_at).date()


# ---------------------------------------------------------------- the count record


def count_record_payload(conference: Conference, count: Count | None = None) -> dict:
    count = count or count_of(conference)
    group_election = conference.group_election
    witnesses = [w.full_name for w in (count.witness_1, count.witness_2) if w is not None]
    return {
        "paper": PaperKind.COUNT_RECORD,
        **where(group_election),
        "date": _count_day(conference, count),
        # The hours printed (began, ended), as the paper writes them in local time.
        "hours": [_hour(count.count_started_at or conference.scheduled_at), _hour(count.count_ended_at)],
        "sitting": conference.sequence,
        "electorate_mode": conference.electorate_mode or group_election.campaign.electorate_mode,
        "board": [[m.role, m.full_name] for m in conference.board_members.order_by("role", "id")],
        "witnesses": witnesses,
        "electorate": count.electorate,
        "present": count.present,
        "voting_method": count.voting_method,
        "issued": count.issued,
        "returned": count.returned,
        "valid": count.valid,
        "invalid": {reason: n for reason, n in count.invalid_by_reason().items() if n},
        "votes": _votes(count),
        "outcome": count.outcome,
        "elected": count.elected.resident.full_name if count.elected_id else "",
        "corrigenda": [
            [c.number, timezone.localtime(c.corrected_at).date(), c.reason] for c in count.corrigenda.order_by("number")
        ],
    }


def count_record_verification(conference: Conference) -> PaperVerification | None:
    """The fingerprint and QR code the count record prints, once the count is sealed."""
    count = count_of(conference)
    if count is None or not count.is_sealed:
        return None
    return paper_verification(count_record_payload(conference, count))


# ---------------------------------------------------------------- the minutes


def minutes_payload(conference: Conference, count: Count | None = None) -> dict:
    count = count or count_of(conference)
    group_election = conference.group_election
    return {
        "paper": PaperKind.MINUTES,
        **where(group_election),
        "date": timezone.localtime(conference.scheduled_at).date(),
        "sitting": conference.sequence,
        "chair": conference.chair_name,
        "secretary": conference.secretary_name,
        "guests": [conference.guest_official, conference.guest_cell_secretary],
        "board": [m.full_name for m in conference.board_members.order_by("role", "id")],
        "electorate": count.electorate,
        "present": count.present,
        "voting_method": count.voting_method,
        "votes": _votes(count),
        "outcome": count.outcome,
        "elected": count.elected.resident.full_name if count.elected_id else "",
    }


def minutes_verification(conference: Conference) -> PaperVerification | None:
    count = count_of(conference)
    if count is None or not count.is_sealed:
        return None
    return paper_verification(minutes_payload(conference, count))


def count_papers_fingerprint_issue(*, conference: Conference, actor: User, reason: str = "", at=None) -> None:
    """Register the count record and the minutes of a sealed count (again after a corrigendum, which
    supersedes the earlier versions with its date and reason)."""
    count = count_of(conference)
    group = conference.group_election.group
    summary = _result_summary(count)
    common = {"obj": count, "group": group, "actor": actor, "supersede_reason": reason, "superseded_at": at}
    paper_fingerprint_issue(
        kind=PaperKind.COUNT_RECORD,
        payload=count_record_payload(conference, count),
        summary=summary,
        paper_date=_count_day(conference, count),
        **common,
    )
    paper_fingerprint_issue(
        kind=PaperKind.MINUTES,
        payload=minutes_payload(conference, count),
        summary=summary,
        paper_date=timezone.localtime(conference.scheduled_at).date(),
        **common,
    )


# ---------------------------------------------------------------- the recognition decision


def decision_payload(decision: RecognitionDecision) -> dict:
    count = count_of(decision.conference)
    row = next((r for r in vote_rows(count) if r["candidate"].pk == decision.candidate_id), None) if count else None
    return {
        "paper": PaperKind.RECOGNITION_DECISION,
        **where(decision.group_election),
        "number": decision.number_display,
        "date": decision.decision_date,
        "leader": decision.candidate.resident.full_name,
        "conference_date": timezone.localtime(decision.conference.scheduled_at).date(),
        "votes": [row["votes"], row["percent_text"]] if row else [],
        "authority": decision.authority,
        "signer": decision.signer_name,
        "proposer": decision.proposer,
        "recipients": [line for line in decision.recipients.splitlines() if line.strip()],
    }


def decision_verification(decision: RecognitionDecision) -> PaperVerification:
    return paper_verification(decision_payload(decision))


def decision_fingerprint_issue(*, decision: RecognitionDecision, actor: User) -> None:
    paper_fingerprint_issue(
        kind=PaperKind.RECOGNITION_DECISION,
        payload=decision_payload(decision),
        summary=[["number", decision.number_display], ["leader", decision.candidate.resident.full_name]],
        obj=decision,
        group=decision.group_election.group,
        paper_date=decision.decision_date,
        actor=actor,
    )
