"""The candidates' printed papers: the candidate list for posting and the ballot (phiếu bầu).

Both take a group election and return PDF bytes, so the batch printer can call them as well as the views.
"""

from __future__ import annotations

from io import BytesIO

import pikepdf
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from elections.candidates.fingerprints import candidate_list_verification
from elections.candidates.models import Candidate, CandidateListFreeze, ConsultationMeeting
from elections.candidates.selectors import BALLOT_MAX_COPIES, ballot_candidates
from elections.models import GroupElection, Stage
from papers.cache import render_cached_pdf
from papers.templatetags.papers import person_title
from residents.names import sort_people

# Until the list is approved there is nothing to print.
_NOT_PRINTABLE = {Stage.PLANNED, Stage.PREPARING}

SOURCE_NOTES = {
    Candidate.Source.FRONT: "BCTMT giới thiệu",
    Candidate.Source.SELF: "Tự ứng cử",
    Candidate.Source.FLOOR: "Đề cử tại hội nghị",
}


def _printable(group_election: GroupElection) -> list[Candidate]:
    group = group_election.group
    if group_election.stage in _NOT_PRINTABLE:
        raise DomainError(
            _("The candidate list of %(group)s is not approved yet: nothing to print.") % {"group": group.name}
        )
    candidates = ballot_candidates(group_election)
    if not candidates:
        raise DomainError(
            _("%(group)s has no approved candidate without an unresolved complaint: nothing to print.")
            % {"group": group.name}
        )
    return candidates


def _common_context(group_election: GroupElection) -> dict:
    group = group_election.group
    ward = group.ward
    return {
        "group_election": group_election,
        "group": group,
        "term": group_election.campaign.label,
        "superior_body": f"UBND {ward.upper_name}",
        "group_upper": group.name.upper(),
        "place": ward.name,
        "election_day": group_election.campaign.election_day,
    }


def _election_day(group_election: GroupElection):
    """The day of the group's conference: as planned for this group, else the ward's common election day."""
    if group_election.round == 1 and group_election.planned_at:
        return timezone.localtime(group_election.planned_at).date()
    return group_election.campaign.election_day


def candidate_list_pdf(group_election: GroupElection) -> bytes:
    """DANH SÁCH NGƯỜI ỨNG CỬ for posting, names in Vietnamese alphabetical order of the given name."""
    candidates = _printable(group_election)
    freeze = CandidateListFreeze.objects.filter(group_election=group_election).first()
    rows = [
        {
            "candidate": c,
            "resident": c.resident,
            "address": c.resident.household.address,
            "party_member": c.resident.is_party_member,
            "source_note": SOURCE_NOTES.get(c.source, ""),
        }
        for c in candidates
    ]
    head = group_election.team_members.filter(role="head").order_by("id").first()
    revote = group_election.conferences.filter(is_revote=True).exclude(status="adjourned").order_by("-sequence").first()
    doc_date = timezone.localtime(freeze.frozen_at).date() if freeze else None
    if revote is not None:
        # A re-vote's list announces the re-vote, dated the day the re-vote was set.
        doc_date = timezone.localtime(revote.created_at).date()
    context = _common_context(group_election) | {
        "rows": rows,
        "count": len(rows),
        "doc_date": doc_date,
        "revote": revote,
        "election_day": timezone.localtime(revote.scheduled_at).date() if revote else _election_day(group_election),
        "election_time": timezone.localtime(revote.scheduled_at) if revote else None,
        "venue": revote.venue if revote else group_election.planned_venue,
        "team_head": head.full_name if head else "",
        "pdf_title": f"Danh sách người ứng cử - {group_election.group.name}",
        "verification": candidate_list_verification(group_election),
    }
    return render_cached_pdf(template_name="candidates/papers/candidate_list.html", context=context)


def ballots_per_page(candidate_count: int) -> int:
    """Three short ballots to an A4 page, two medium ones, one long one."""
    if candidate_count <= 3:
        return 3
    if candidate_count <= 8:
        return 2
    return 1


def _sheet(context: dict, count: int) -> bytes:
    return render_cached_pdf(template_name="candidates/papers/ballot.html", context=context | {"ballots": range(count)})


def ballot_pdf(group_election: GroupElection, copies: int) -> bytes:
    """`copies` identical ballots, several to an A4 page with cut lines between them.

    One sheet is rendered and its page repeated, so printing 2,000 ballots takes as long as printing 3.
    """
    if not 1 <= copies <= BALLOT_MAX_COPIES:
        raise DomainError(
            _("The number of ballots must be between 1 and %(max)s.") % {"max": BALLOT_MAX_COPIES}, field="copies"
        )
    candidates = _printable(group_election)
    context = _common_context(group_election) | {
        "candidates": candidates,
        "pdf_title": f"Phiếu bầu Tổ trưởng - {group_election.group.name}",
    }
    per_page = ballots_per_page(len(candidates))
    full = pikepdf.Pdf.open(BytesIO(_sheet(context, per_page)))
    while per_page > 1 and len(full.pages) > 1:
        per_page -= 1
        full = pikepdf.Pdf.open(BytesIO(_sheet(context, per_page)))
    sheets, rest = divmod(copies, per_page)
    # pikepdf (qpdf) repeats the sheet's page as shallow copies sharing its content: milliseconds for 2,000 ballots.
    out = pikepdf.Pdf.new()
    for _i in range(sheets):
        out.pages.append(full.pages[0])
    if rest:
        last = pikepdf.Pdf.open(BytesIO(_sheet(context, rest)))
        out.pages.extend(last.pages)
    out.docinfo["/Title"] = context["pdf_title"]
    data = BytesIO()
    out.save(data, min_version=full.pdf_version)
    return data.getvalue()


def _with_titles(text: str, people: list) -> str:
    """ "ông (bà) Nguyễn Ngọc Huệ" -> "bà Nguyễn Ngọc Huệ" for the people whose sex is on record."""
    for person in people:
        title = person_title(person.gender)
        for before in ("ông (bà) ", "Ông (bà) ", "ông (Bà) ", "Ông (Bà) "):
            proper = title.capitalize() if before[0].isupper() else title
            text = text.replace(f"{before}{person.full_name}", f"{proper} {person.full_name}")
    return text


def consultation_minutes_context(meeting: ConsultationMeeting) -> dict:
    group_election = meeting.group_election
    group = group_election.group
    ward = group.ward
    candidates = list(
        meeting.candidates.select_related("resident__household").exclude(status=Candidate.Status.WITHDRAWN)
    )
    candidates = sort_people(candidates, key=lambda c: c.resident.full_name) if candidates else []
    people = [c.resident for c in candidates]
    cell = group.party_cell
    if cell is not None and cell.secretary is not None:
        people.append(cell.secretary)
    participants = [
        _with_titles(line.strip().rstrip(";."), people) for line in meeting.participants.splitlines() if line.strip()
    ]
    head = group_election.team_members.filter(role="head").order_by("id").first()
    front_head = head.full_name if head is not None and "mặt trận" in head.affiliation.lower() else ""
    return _common_context(group_election) | {
        "meeting": meeting,
        "front_head": front_head,
        "ward": ward,
        "cell": cell,
        "participants": participants,
        "agreement": _with_titles(meeting.agreement.strip(), people),
        "candidates": candidates,
        "profile": group_election.campaign.legal_profile,
        "venue": meeting.venue,
        "doc_date": meeting.held_on,
        "pdf_title": f"Biên bản hội nghị hiệp thương - {group.name}",
    }


def consultation_minutes_pdf(meeting: ConsultationMeeting) -> bytes:
    """BIÊN BẢN hội nghị hiệp thương thống nhất danh sách người ứng cử (Decree 59/2023 form 05 by structure)."""
    return render_cached_pdf(
        template_name="candidates/papers/consultation_minutes.html", context=consultation_minutes_context(meeting)
    )


def latest_consultation(group_election: GroupElection) -> ConsultationMeeting:
    meeting = ConsultationMeeting.objects.filter(group_election=group_election).order_by("-held_on", "-id").first()
    if meeting is None:
        raise DomainError(
            _("No consultation meeting on the candidate list has been recorded for %(group)s.")
            % {"group": group_election.group.name}
        )
    return meeting
