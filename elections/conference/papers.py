"""The printed papers of election day kept by this side: the decision forming the election team and
the conference minutes. Each returns PDF bytes, for downloads and batch printing alike."""

from __future__ import annotations

from django.utils import timezone

from elections.candidates.models import Candidate
from elections.conference import selectors
from elections.conference.count_facts import count_summary, minutes_verification
from elections.conference.fingerprints import team_decision_verification
from elections.conference.models import Conference, TeamDecision, VotingMethod
from elections.models import Campaign, GroupElection
from elections.termreports.models import TermReport
from papers.cache import render_cached_pdf
from papers.templatetags.papers import person_title
from residents.models import Resident

ELECTORATE_WORDS = {
    Campaign.Electorate.HOUSEHOLD_REPS: {
        "conference": "Hội nghị đại diện hộ gia đình",
        "unit": "hộ gia đình",
        "present": "đại diện hộ gia đình",
    },
    Campaign.Electorate.ALL_VOTERS: {"conference": "Hội nghị cử tri", "unit": "cử tri", "present": "cử tri"},
}

TEAM_ROLE_PAPER = {"head": "Tổ trưởng", "secretary": "Thư ký", "member": "Thành viên"}
# As the count record names them (PAPERS.md: "Tổ trưởng" then "Thành viên"), so both papers agree.
BOARD_ROLE_PAPER = {"head": "Tổ trưởng", "member": "Thành viên"}


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
    return render_cached_pdf(template_name="conference/team_decision_paper.html", context=context)


def venue_line(venue: str, group) -> str:
    """ "Nhà văn hóa tổ dân phố 5, Tổ dân phố 5" says the group twice: name it only when the venue does not."""
    venue = (venue or "").strip()
    if not venue:
        return group.name
    if group.name.lower() in venue.lower():
        return venue
    return f"{venue}, {group.name}"


def _genders_by_name(group_election: GroupElection) -> dict[str, str]:
    """Sex of the people the minutes name by their name only (chair, secretary): the election team's and the
    group's residents. A name borne by two people of different sex is left out (printed "ông (bà)")."""
    found: dict[str, set[str]] = {}
    people = [m.resident for m in selectors.team_members(group_election) if m.resident is not None]
    people += list(Resident.objects.filter(household__group=group_election.group).only("full_name", "gender"))
    for person in people:
        found.setdefault(person.full_name.strip().lower(), set()).add(person.gender)
    return {name: genders.pop() for name, genders in found.items() if len(genders) == 1}


def _guests(conference: Conference, *, ward, group) -> list[str]:
    """The guests of the sitting, one line each, without a title (their sex is not on record)."""
    lines = []
    if conference.guest_official:
        lines.append(f"{conference.guest_official}, cán bộ Ủy ban nhân dân {ward.kind} phụ trách {group.name.lower()}")
    if conference.guest_cell_secretary:
        cell = group.party_cell.name if group.party_cell_id else "Chi bộ"
        lines.append(f"{conference.guest_cell_secretary}, Bí thư {cell}")
    lines += [line.strip().rstrip(";.") for line in conference.other_guests.splitlines() if line.strip()]
    return lines


def minutes_context(conference: Conference) -> dict:
    """Everything BIÊN BẢN HỘI NGHỊ prints, as plain values.

    A sitting not yet opened has no figures: the paper is then a blank form, its lines to be filled by hand.
    """
    group_election = conference.group_election
    group = group_election.group
    context = _base_context(group_election)
    if conference.electorate_mode in ELECTORATE_WORDS:
        context["words"] = ELECTORATE_WORDS[conference.electorate_mode]
    blank = conference.status == Conference.Status.SCHEDULED and conference.opened_at is None
    quorum = None if blank else selectors.quorum_status(conference)
    summary = None if blank else count_summary(conference)
    votes = []
    if summary:
        votes = [{"name": name, "votes": n, "percent": _percent_vi(p)} for name, n, p in summary["votes"]]
    candidates = _candidates(group_election)
    report = _term_report(group_election)
    genders = _genders_by_name(group_election)

    def title(name: str, capital: bool = False) -> str:
        return person_title(genders.get((name or "").strip().lower(), ""), capital=capital)

    start = timezone.localtime(conference.opened_at or conference.scheduled_at)
    board = [
        {
            "member": m,
            "title": person_title(getattr(m.resident, "gender", ""), capital=True),
            "role_paper": BOARD_ROLE_PAPER.get(m.role, m.role),
        }
        for m in selectors.board_members(conference)
    ]
    context.update(
        conference=conference,
        blank=blank,
        # The header's date is the day of the sitting, as the body says it.
        doc_date=start.date() if not blank else timezone.localtime(conference.scheduled_at).date(),
        start=start,
        end=timezone.localtime(conference.ended_at) if conference.ended_at else None,
        venue=venue_line(conference.venue, group),
        quorum=quorum,
        absent=max(0, quorum.electorate - quorum.present) if quorum else None,
        quorum_percent=_percent_vi(quorum.percent) if quorum else "",
        chair_title=title(conference.chair_name),
        secretary_title=title(conference.secretary_name),
        board=board,
        voting_method_paper={VotingMethod.SECRET: "bỏ phiếu kín", VotingMethod.HANDS: "biểu quyết giơ tay"}.get(
            conference.voting_method, ""
        ),
        front_candidates=[c for c in candidates if c.source != "floor"],
        floor_candidates=[c for c in candidates if c.source == "floor"],
        report=report,
        report_title=title(report.leader_name) if report else "",
        vote_start=timezone.localtime(conference.vote_opened_at) if conference.vote_opened_at else None,
        next_sitting=Conference.objects.filter(previous=conference).first(),
        guests=_guests(conference, ward=group.ward, group=group),
        summary=summary,
        votes=votes,
        elected_title=title(summary["elected"], capital=True) if summary and summary["elected"] else "",
        pdf_title=f"Biên bản hội nghị {group.name}",
    )
    if context["next_sitting"] is not None:
        context["next_start"] = timezone.localtime(context["next_sitting"].scheduled_at)
    return context


def minutes_pdf(conference: Conference) -> bytes:
    """BIÊN BẢN HỘI NGHỊ (Decree 30 form 1.9; Decree 59 form 03)."""
    context = minutes_context(conference) | {"verification": minutes_verification(conference)}
    return render_cached_pdf(template_name="conference/minutes_paper.html", context=context)


def _candidates(group_election: GroupElection) -> list:
    return list(
        Candidate.objects.filter(group_election=group_election, status=Candidate.Status.APPROVED)
        .select_related("resident", "resident__household")
        .order_by("id")
    )


def _term_report(group_election: GroupElection):
    return TermReport.objects.filter(group_election=group_election).first()
