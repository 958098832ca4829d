"""What the conference's papers print (the team decision, the posted voter list), as a plain payload for
their fingerprint, and its registration. The count's papers (count record, minutes, decision) are in
`elections.count.fingerprints`.

A payload holds exactly the figures and names the paper prints (dates, hours as "HH:MM"; percentages as
printed), built from the records rather than from the template context, so that re-wording a paper
does not change its fingerprint and changing any printed figure does. `summary` is what the public
verify page shows: key figures and the names the posted paper itself shows, nothing personal.
The fingerprints are registered by the services when the record is sealed, issued or posted
(`*_fingerprint_issue`), and printed on the papers (`*_verification`).
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from elections.conference.models import Elector, TeamDecision
from elections.models import GroupElection
from residents.fingerprints import voter_list_payload
from verification.fingerprint import PaperVerification, paper_verification
from verification.models import PaperKind
from verification.services import paper_fingerprint_issue


def where(group_election: GroupElection) -> dict:
    group = group_election.group
    return {"ward": group.ward.name, "group": group.name, "term": group_election.campaign.label}


# ---------------------------------------------------------------- the decision forming the team


def team_decision_payload(decision: TeamDecision) -> dict:
    members = decision.group_election.team_members.order_by("role", "id")
    return {
        "paper": PaperKind.TEAM_DECISION,
        **where(decision.group_election),
        "number": decision.number,
        "date": decision.signed_on,
        "signer": [decision.signer_title, decision.signer_name],
        "members": [[m.role, m.full_name, m.affiliation] for m in members],
    }


def team_decision_verification(group_election: GroupElection) -> PaperVerification | None:
    decision = TeamDecision.objects.filter(group_election=group_election).first()
    return paper_verification(team_decision_payload(decision)) if decision else None


def team_decision_fingerprint_issue(*, group_election: GroupElection, actor: User | None, reason: str) -> None:
    """Register the team decision as it now prints (after it is recorded, and after each change of the
    decision or of the team, which supersedes the previous version)."""
    decision = TeamDecision.objects.filter(group_election=group_election).select_related("group_election").first()
    if decision is None:
        return
    paper_fingerprint_issue(
        kind=PaperKind.TEAM_DECISION,
        payload=team_decision_payload(decision),
        summary=[["number", decision.number], ["members", decision.group_election.team_members.count()]],
        obj=decision,
        group=group_election.group,
        paper_date=decision.signed_on,
        actor=actor,
        supersede_reason=reason,
    )


# ---------------------------------------------------------------- the posted voter list


def _frozen_rows(group_election: GroupElection) -> list[Elector]:
    return list(Elector.objects.filter(group_election=group_election).order_by("number"))


def posted_voter_list_payload(group_election: GroupElection) -> dict | None:
    """The payload of the posted (frozen) voter list, or None before the lists are posted."""
    if group_election.list_posted_at is None:
        return None
    electors = _frozen_rows(group_election)
    if not electors:
        return None
    return voter_list_payload(
        group=group_election.group,
        term=group_election.campaign.label,
        mode=group_election.campaign.electorate_mode,
        posted_on=timezone.localtime(group_election.list_posted_at).date(),
        rows=[(e.number, e.full_name, e.gender) for e in electors],
    )


def voter_list_fingerprint_issue(*, group_election: GroupElection, actor: User | None) -> None:
    payload = posted_voter_list_payload(group_election)
    if payload is None:
        return
    paper_fingerprint_issue(
        kind=PaperKind.VOTER_LIST,
        payload=payload,
        summary=[["total", payload["total"]], ["men", payload["men"]], ["women", payload["women"]]],
        obj=group_election,
        group=group_election.group,
        paper_date=timezone.localtime(group_election.list_posted_at).date(),
        actor=actor,
    )
