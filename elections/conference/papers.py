"""The printed papers of election day kept by this side: the decision forming the election team and
the conference minutes. Each returns PDF bytes, for downloads and batch printing alike."""

from __future__ import annotations

from django.utils import timezone

from elections.conference import selectors
from elections.conference.fingerprints import minutes_verification, team_decision_verification
from elections.conference.models import Conference, TeamDecision, VotingMethod
from elections.models import Campaign, GroupElection
from reports.pdf import render_pdf

ELECTORATE_WORDS = {
    Campaign.Electorate.HOUSEHOLD_REPS: {
        "conference": "Hội nghị đại diện hộ gia đình",
        "unit": "hộ gia đình",
        "present": "đại diện hộ gia đình",
    },
    Campaign.Electorate.ALL_VOTERS: {"conference": "Hội nghị cử tri", "unit": "cử tri", "present": "cử tri"},
}

TEAM_ROLE_PAPER = {"head": "Tổ trưởng", "secretary": "Thư ký", "member": "Thành viên"}
BOARD_ROLE_PAPER = {"head": "Trưởng ban", "member": "Thành viên"}


def _legal_bases(group_election: GroupElection) -> list[str]:
    lines = [line.strip().rstrip(";.") for line in group_election.campaign.legal_profile.legal_basis.splitlines()]
    return [line for line in lines if line]


def _percent_vi(value) -> str:
    return f"{value:.2f}".replace(".", ",") + "%"


def _base_context(group_election: GroupElection) -> dict:
    group = group_election.group
    ward = group.ward
    campaign = group_election.campaign
    return {
        "group_election": group_election,
        "group": group,
        "ward": ward,
        "campaign": campaign,
        "profile": campaign.legal_profile,
        "place": ward.name,
        "words": ELECTORATE_WORDS.get(campaign.electorate_mode, ELECTORATE_WORDS[Campaign.Electorate.ALL_VOTERS]),
    }


def team_decision_pdf(group_election: GroupElection) -> bytes:
    """QUYẾT ĐỊNH thành lập Tổ bầu cử (Decree 30 form 1.2): Điều 1 members and roles, Điều 2 duties,
    Điều 3 execution; recipients; the chairman's signature."""
    context = _base_context(group_election)
    decision = TeamDecision.objects.filter(group_election=group_election).first()
    members = selectors.team_members(group_election)
    cell = group_election.group.party_cell
    context.update(
        decision=decision,
        doc_number=decision.number if decision else "",
        doc_date=decision.signed_on if decision else None,
        members=[{"member": m, "role_paper": TEAM_ROLE_PAPER.get(m.role, m.role)} for m in members],
        legal_bases=_legal_bases(group_election),
        committee_signs=group_election.campaign.legal_profile.decision_authority == "committee",
        cell=cell,
        pdf_title=f"Quyết định thành lập Tổ bầu cử {group_election.group.name}",
        verification=team_decision_verification(group_election),
    )
    return render_pdf(template_name="conference/team_decision_paper.html", context=context)


def minutes_context(conference: Conference) -> dict:
    """Everything BIÊN BẢN HỘI NGHỊ prints, as plain values."""
    from elections.conference.selectors_count import count_summary

    group_election = conference.group_election
    context = _base_context(group_election)
    if conference.electorate_mode in ELECTORATE_WORDS:
        context["words"] = ELECTORATE_WORDS[conference.electorate_mode]
    quorum = selectors.quorum_status(conference)
    summary = count_summary(conference)
    votes = []
    if summary:
        votes = [{"name": name, "votes": n, "percent": _percent_vi(p)} for name, n, p in summary["votes"]]
    candidates = _candidates(group_election)
    report = _term_report(group_election)
    context.update(
        conference=conference,
        doc_date=timezone.localtime(conference.scheduled_at).date(),
        start=timezone.localtime(conference.opened_at or conference.scheduled_at),
        end=timezone.localtime(conference.ended_at) if conference.ended_at else None,
        quorum=quorum,
        absent=max(0, quorum.electorate - quorum.present),
        quorum_percent=_percent_vi(quorum.percent),
        board=[
            {"member": m, "role_paper": BOARD_ROLE_PAPER.get(m.role, m.role)}
            for m in selectors.board_members(conference)
        ],
        voting_method_paper={VotingMethod.SECRET: "bỏ phiếu kín", VotingMethod.HANDS: "biểu quyết giơ tay"}.get(
            conference.voting_method, ""
        ),
        front_candidates=[c for c in candidates if c.source != "floor"],
        floor_candidates=[c for c in candidates if c.source == "floor"],
        report=report,
        vote_start=timezone.localtime(conference.vote_opened_at) if conference.vote_opened_at else None,
        next_sitting=Conference.objects.filter(previous=conference).first(),
        other_guests=[line.strip().rstrip(";.") for line in conference.other_guests.splitlines() if line.strip()],
        summary=summary,
        votes=votes,
        pdf_title=f"Biên bản hội nghị {group_election.group.name}",
    )
    if context["next_sitting"] is not None:
        context["next_start"] = timezone.localtime(context["next_sitting"].scheduled_at)
    return context


def minutes_pdf(conference: Conference) -> bytes:
    """BIÊN BẢN HỘI NGHỊ (Decree 30 form 1.9; Decree 59 form 03)."""
    context = minutes_context(conference) | {"verification": minutes_verification(conference)}
    return render_pdf(template_name="conference/minutes_paper.html", context=context)


def _candidates(group_election: GroupElection) -> list:
    from elections.candidates.models import Candidate

    return list(
        Candidate.objects.filter(group_election=group_election, status=Candidate.Status.APPROVED)
        .select_related("resident", "resident__household")
        .order_by("id")
    )


def _term_report(group_election: GroupElection):
    from elections.termreports.models import TermReport

    return TermReport.objects.filter(group_election=group_election).first()
