"""The printed papers of the count: BIÊN BẢN KIỂM PHIẾU and the QUYẾT ĐỊNH công nhận Tổ trưởng.

Both are written in Vietnamese in their templates (they are the documents themselves); this module only
gathers plain values. Each function returns PDF bytes, for downloads and batch printing alike.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from elections.conference.fingerprints import count_record_verification, decision_verification
from elections.conference.models import Conference, VotingMethod
from elections.conference.models_count import CountOutcome, RecognitionDecision
from elections.conference.papers import ELECTORATE_WORDS
from elections.conference.selectors_count import count_of, invalid_rows, percent_vi, vote_rows
from elections.models import Campaign, GroupElection
from reports.pdf import render_pdf

#: Roles on the count board as the count record prints them (PAPERS.md: "Tổ trưởng" then "Thành viên").
BOARD_ROLE_RECORD = {"head": "Tổ trưởng", "member": "Thành viên"}


def _title(resident) -> str:
    """ "ông" or "bà", as the papers address a person; "ông (bà)" when the gender is not known."""
    gender = getattr(resident, "gender", "")
    return {"M": "ông", "F": "bà"}.get(gender, "ông (bà)")


def _base(group_election: GroupElection, electorate_mode: str = "") -> dict:
    group = group_election.group
    campaign = group_election.campaign
    mode = electorate_mode or campaign.electorate_mode
    return {
        "group_election": group_election,
        "group": group,
        "ward": group.ward,
        "campaign": campaign,
        "profile": campaign.legal_profile,
        "place": group.ward.name,
        "words": ELECTORATE_WORDS.get(mode, ELECTORATE_WORDS[Campaign.Electorate.ALL_VOTERS]),
    }


def count_record_context(conference: Conference) -> dict:
    group_election = conference.group_election
    count = count_of(conference)
    if count is None:
        raise DomainError(_("The count record is printed once the count is accepted."))
    context = _base(group_election, conference.electorate_mode)
    board = []
    for member in conference.board_members.select_related("resident").order_by("role", "id"):
        board.append(
            {
                "name": member.full_name,
                "title": _title(member.resident).capitalize(),
                "role": BOARD_ROLE_RECORD.get(member.role, member.role),
                "is_head": member.role == "head",
            }
        )
    witnesses = []
    for witness in (count.witness_1, count.witness_2):
        if witness is not None:
            resident = witness.resident
            witnesses.append({"name": witness.full_name, "title": _title(resident).capitalize(), "elector": witness})
    rows = vote_rows(count)
    elected = next((row for row in rows if row["elected"]), None)
    started = count.count_started_at or conference.scheduled_at
    ended = timezone.localtime(count.count_ended_at) if count.count_ended_at else None
    started = timezone.localtime(started)
    corrigenda = list(count.corrigenda.select_related("corrected_by"))
    context.update(
        conference=conference,
        count=count,
        doc_date=started.date(),
        started=started,
        ended=ended,
        ended_same_day=ended is not None and ended.date() == started.date(),
        board=board,
        head=next((m for m in board if m["is_head"]), None),
        members=[m for m in board if not m["is_head"]],
        witnesses=witnesses,
        secret=count.voting_method != VotingMethod.HANDS,
        invalid=[row for row in invalid_rows(count) if row["n"]],
        rows=rows,
        elected=elected,
        outcome=count.outcome,
        tie=count.outcome == CountOutcome.TIE,
        winning_percent=percent_vi(group_election.campaign.legal_profile.winning_percent).replace(",00", ""),
        corrigenda=[
            {"number": c.number, "date": timezone.localtime(c.corrected_at).date(), "reason": c.reason}
            for c in corrigenda
        ],
        pdf_title=f"Biên bản kiểm phiếu {group_election.group.name}",
    )
    return context


def count_record_pdf(conference: Conference) -> bytes:
    """BIÊN BẢN KIỂM PHIẾU (NQLT 09/2008 Art. 8; Decree 59/2023 form 02)."""
    context = count_record_context(conference) | {"verification": count_record_verification(conference)}
    return render_pdf(template_name="conference/count_record_paper.html", context=context)


def _legal_bases(decision: RecognitionDecision) -> list[str]:
    bases = []
    for line in decision.campaign.legal_profile.legal_basis.splitlines():
        line = line.strip().rstrip(";.").strip()
        if not line:
            continue
        bases.append(line if line.lower().startswith("căn cứ") else f"Căn cứ {line}")
    return bases


def decision_context(decision: RecognitionDecision) -> dict:
    group_election = decision.group_election
    context = _base(group_election)
    resident = decision.candidate.resident
    household = resident.household
    count = count_of(decision.conference)
    row = next((r for r in vote_rows(count) if r["candidate"].pk == decision.candidate_id), None) if count else None
    recipients = [line for line in decision.recipients.splitlines() if line.strip()]
    context.update(
        decision=decision,
        doc_number=decision.number_display,
        doc_date=decision.decision_date,
        committee_signs=decision.authority == "committee",
        legal_bases=_legal_bases(decision),
        conference=decision.conference,
        conference_date=timezone.localtime(decision.conference.scheduled_at).date(),
        resident=resident,
        title=_title(resident),
        address=household.address or f"hộ số {household.number}",
        row=row,
        recipients=recipients,
        pdf_title=f"Quyết định công nhận Tổ trưởng {group_election.group.name}",
    )
    return context


def recognition_decision_pdf(decision: RecognitionDecision) -> bytes:
    """QUYẾT ĐỊNH công nhận Tổ trưởng tổ dân phố (Decree 30/2020 form 1.2)."""
    context = decision_context(decision) | {"verification": decision_verification(decision)}
    return render_pdf(template_name="conference/decision_paper.html", context=context)
