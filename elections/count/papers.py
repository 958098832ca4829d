"""The printed papers of the count: BIÊN BẢN KIỂM PHIẾU, the QUYẾT ĐỊNH công nhận Tổ trưởng (and its draft)
and the THÔNG BÁO bầu lại.

Both are written in Vietnamese in their templates (they are the documents themselves); this module only
gathers plain values. Each function returns PDF bytes, for downloads and batch printing alike.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from elections.conference.models import Conference, VotingMethod
from elections.conference.papers import ELECTORATE_WORDS, venue_line
from elections.conference.papers_notices import chairman_name, electorate_words
from elections.count.fingerprints import count_record_verification, decision_verification
from elections.count.models import Count, CountOutcome, RecognitionDecision
from elections.count.selectors import count_of, invalid_rows, percent_vi, vote_rows
from elections.count.services.recognition import DEFAULT_RECIPIENTS, deciding_count, default_proposer
from elections.models import Campaign, GroupElection
from papers.cache import render_cached_pdf

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
        venue=venue_line(conference.venue, group_election.group),
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
    # Laid out once for what it prints: before the seal, again after each change of the figures; once sealed (the
    # record then carries its verification), for good.
    return render_cached_pdf(template_name="count/count_record_paper.html", context=context)


def _legal_bases(campaign: Campaign) -> list[str]:
    bases = []
    for line in campaign.legal_profile.legal_basis.splitlines():
        line = line.strip().rstrip(";.").strip()
        if not line:
            continue
        bases.append(line if line.lower().startswith("căn cứ") else f"Căn cứ {line}")
    return bases


def _decision_context(
    *, group_election: GroupElection, conference: Conference, candidate, committee_signs: bool
) -> dict:
    """What the decision and its draft share: the recognised person, the count it rests on, the legal bases."""
    context = _base(group_election)
    resident = candidate.resident
    household = resident.household
    count = count_of(conference)
    row = next((r for r in vote_rows(count) if r["candidate"].pk == candidate.pk), None) if count else None
    context.update(
        committee_signs=committee_signs,
        legal_bases=_legal_bases(group_election.campaign),
        conference=conference,
        conference_date=timezone.localtime(conference.scheduled_at).date(),
        resident=resident,
        title=_title(resident),
        address=household.address or f"hộ số {household.number}",
        row=row,
        pdf_title=f"Quyết định công nhận Tổ trưởng {group_election.group.name}",
    )
    return context


def decision_context(decision: RecognitionDecision) -> dict:
    context = _decision_context(
        group_election=decision.group_election,
        conference=decision.conference,
        candidate=decision.candidate,
        committee_signs=decision.authority == "committee",
    )
    context.update(
        decision=decision,
        doc_number=decision.number_display,
        doc_date=decision.decision_date,
        proposer=decision.proposer,
        recipients=[line for line in decision.recipients.splitlines() if line.strip()],
        is_draft=False,
    )
    return context


def recognition_decision_pdf(decision: RecognitionDecision) -> bytes:
    """QUYẾT ĐỊNH công nhận Tổ trưởng tổ dân phố (Decree 30/2020 form 1.2)."""
    context = decision_context(decision) | {"verification": decision_verification(decision)}
    # An issued decision does not change: laid out once, then served from the paper cache.
    return render_cached_pdf(template_name="count/decision_paper.html", context=context)


def draft_decision_context(group_election: GroupElection) -> dict:
    """The decision as it will read once issued, without number, date or signature, marked "DỰ THẢO"."""
    if RecognitionDecision.objects.filter(group_election=group_election).exists():
        raise DomainError(_("The recognition decision is already issued: print the decision itself."))
    count = deciding_count(group_election)
    if count is None or count.elected_id is None:
        raise DomainError(_("Nobody has been elected in a sealed count yet: there is no decision to draft."))
    context = _decision_context(
        group_election=group_election,
        conference=count.conference,
        candidate=count.elected,
        committee_signs=group_election.campaign.legal_profile.decision_authority == "committee",
    )
    context.update(
        decision=None,
        doc_number="",
        doc_date=None,
        proposer=default_proposer(group_election),
        recipients=list(DEFAULT_RECIPIENTS),
        is_draft=True,
        pdf_title=f"Dự thảo quyết định công nhận Tổ trưởng {group_election.group.name}",
    )
    return context


def draft_decision_pdf(group_election: GroupElection) -> bytes:
    """The draft (DỰ THẢO) of the recognition decision, for an elected group before the chairman issues it."""
    return render_cached_pdf(template_name="count/decision_paper.html", context=draft_decision_context(group_election))


# ---------------------------------------------------------------- the re-vote notice


def _failed_count(revote: Conference) -> Count | None:
    return (
        Count.objects.filter(
            conference__group_election=revote.group_election,
            conference__sequence__lt=revote.sequence,
            sealed_at__isnull=False,
        )
        .exclude(outcome=CountOutcome.ELECTED)
        .select_related("conference")
        .order_by("-conference__sequence")
        .first()
    )


def revote_notice_context(group_election: GroupElection) -> dict:
    revote = group_election.conferences.filter(is_revote=True).order_by("-sequence").first()
    if revote is None:
        raise DomainError(_("No re-vote has been scheduled for this group."))
    group = group_election.group
    ward = group.ward
    count = _failed_count(revote)
    rows = vote_rows(count) if count else []
    top = max(rows, key=lambda r: r["votes"]) if rows else None
    when = timezone.localtime(revote.scheduled_at)
    failed_on = timezone.localtime(count.conference.scheduled_at).date() if count else None
    return {
        "group_election": group_election,
        "group": group,
        "ward": ward,
        "campaign": group_election.campaign,
        "profile": group_election.campaign.legal_profile,
        "revote": revote,
        "count": count,
        "top": top,
        "tie": bool(count and count.outcome == CountOutcome.TIE),
        "failed_on": failed_on,
        "words": electorate_words(group_election, revote),
        "when": when,
        "venue": venue_line(revote.venue, group),
        "revote_due": group_election.revote_due,
        "cell": group.party_cell,
        "signer_name": chairman_name(ward),
        "committee_signs": group_election.campaign.legal_profile.decision_authority == "committee",
        # Dated the day the re-vote was set (no later than the re-vote itself).
        "doc_date": min(timezone.localtime(revote.created_at).date(), when.date()),
        "place": ward.name,
        "pdf_title": f"Thông báo bầu lại Tổ trưởng {group.name}",
    }


def revote_notice_pdf(group_election: GroupElection) -> bytes:
    """THÔNG BÁO về việc tổ chức bầu lại Tổ trưởng tổ dân phố (the new date set by the People's Committee)."""
    return render_cached_pdf(
        template_name="count/revote_notice_paper.html", context=revote_notice_context(group_election)
    )
