"""The posted candidate list as a plain payload for its fingerprint, and its registration.

The payload holds what the posted list prints for each candidate, in the printed order; the verify page
shows only the names and their number (as the posted list itself does).
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from elections.candidates.models import CandidateListFreeze
from elections.candidates.selectors import ballot_candidates
from elections.models import GroupElection
from verification.fingerprint import PaperVerification, paper_verification
from verification.models import PaperKind
from verification.services import paper_fingerprint_issue


def candidate_list_payload(group_election: GroupElection, freeze: CandidateListFreeze) -> dict:
    group = group_election.group
    rows = []
    for candidate in ballot_candidates(group_election):
        resident = candidate.resident
        rows.append(
            [
                resident.full_name,
                resident.birth_date,
                resident.gender,
                resident.household.address,
                bool(resident.is_party_member),
                candidate.source,
            ]
        )
    return {
        "paper": PaperKind.CANDIDATE_LIST,
        "ward": group.ward.name,
        "group": group.name,
        "term": group_election.campaign.label,
        "date": timezone.localtime(freeze.frozen_at).date(),
        "rows": rows,
    }


def candidate_list_verification(group_election: GroupElection) -> PaperVerification | None:
    """The fingerprint the posted list prints (none before the lists are posted)."""
    freeze = CandidateListFreeze.objects.filter(group_election=group_election).first()
    return paper_verification(candidate_list_payload(group_election, freeze)) if freeze else None


def candidate_list_fingerprint_issue(*, group_election: GroupElection, actor: User | None, reason: str = "") -> None:
    freeze = CandidateListFreeze.objects.filter(group_election=group_election).first()
    if freeze is None:
        return
    payload = candidate_list_payload(group_election, freeze)
    summary = [["candidates", len(payload["rows"])]] + [["name", row[0]] for row in payload["rows"]]
    paper_fingerprint_issue(
        kind=PaperKind.CANDIDATE_LIST,
        payload=payload,
        summary=summary,
        obj=group_election,
        group=group_election.group,
        paper_date=payload["date"],
        actor=actor,
        supersede_reason=reason,
    )
