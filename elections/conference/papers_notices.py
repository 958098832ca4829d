"""The notices of election day: the invitation to the conference (GIẤY MỜI, Decree 59 form 01) and the
re-vote notice (THÔNG BÁO bầu lại). Each returns PDF bytes, for downloads and batch printing alike."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from config.errors import DomainError
from elections.conference.models import Conference, TeamMember
from elections.conference.models_count import Count, CountOutcome
from elections.conference.papers import ELECTORATE_WORDS, venue_line
from elections.conference.selectors_count import vote_rows
from elections.models import Campaign, GroupElection
from papers.pdf import render_pdf
from papers.templatetags.papers import person_title
from residents import selectors as register

#: Invitations to an A4 page (each an A5 half, cut along the dashed line).
INVITATIONS_PER_PAGE = 2


def _team_head(group_election: GroupElection) -> TeamMember | None:
    return group_election.team_members.filter(role="head").select_related("resident").order_by("id").first()


def _chairman_name(ward) -> str:
    chairman = User.objects.filter(ward_id=ward.pk, role=Role.CHAIRMAN, is_active=True).order_by("pk").first()
    return chairman.full_name if chairman else ""


def _words(group_election: GroupElection, conference: Conference | None = None) -> dict:
    mode = (conference.electorate_mode if conference else "") or group_election.campaign.electorate_mode
    return ELECTORATE_WORDS.get(mode, ELECTORATE_WORDS[Campaign.Electorate.ALL_VOTERS])


def sitting_to_invite_to(group_election: GroupElection) -> tuple[datetime.datetime, str, Conference | None]:
    """When and where the next sitting meets: the scheduled sitting, else the plan's date and venue."""
    conference = group_election.conferences.filter(status=Conference.Status.SCHEDULED).order_by("-sequence").first()
    if conference is not None:
        return timezone.localtime(conference.scheduled_at), conference.venue, conference
    if group_election.planned_at and group_election.planned_venue:
        return timezone.localtime(group_election.planned_at), group_election.planned_venue, None
    raise DomainError(
        _("%(group)s has no conference scheduled and no date and venue in the plan: no invitation to print.")
        % {"group": group_election.group.name}
    )


def _invitees(group_election: GroupElection, *, household=None) -> list[dict]:
    """One invitation per household (household representatives) or per voter, from the posted list (or the
    register while the list is not posted); only the given household's when one is given."""
    campaign = group_election.campaign
    mode = register.electorate_mode(campaign)
    rows = register.frozen_electorate_rows(group_election) if group_election.list_posted_at else []
    if not rows:
        rows = register.electorate_rows(group_election.group, mode=mode, on_date=register.reference_date(campaign))
    if household is not None:
        rows = [row for row in rows if row.household is not None and row.household.pk == household.pk]
    people = []
    for row in rows:
        number = row.household_number or (row.household.number if row.household else "")
        people.append(
            {
                "name": row.name,
                "title": person_title(row.gender, capital=False),
                "household_number": number,
                "address": row.address,
            }
        )
    if not people:
        if household is not None:
            raise DomainError(_("This household has no one on the group's electorate: no invitation to print."))
        raise DomainError(_("The group has no voters on the register."))
    return people


def invitation_context(group_election: GroupElection, *, household=None) -> dict:
    when, venue, conference = sitting_to_invite_to(group_election)
    group = group_election.group
    ward = group.ward
    campaign = group_election.campaign
    head = _team_head(group_election)
    people = _invitees(group_election, household=household)
    household_reps = (
        conference.electorate_mode if conference and conference.electorate_mode else campaign.electorate_mode
    ) == Campaign.Electorate.HOUSEHOLD_REPS
    return {
        "group_election": group_election,
        "group": group,
        "ward": ward,
        "campaign": campaign,
        "conference": conference,
        "is_revote": bool(conference and conference.is_revote),
        "words": _words(group_election, conference),
        "household_reps": household_reps,
        "when": when,
        "venue": venue_line(venue, group),
        "head_name": head.full_name if head else "",
        "head_title": person_title(getattr(head.resident, "gender", "") if head else "", capital=True),
        "report_leader": _outgoing_leader(group_election),
        "sheets": [people[i : i + INVITATIONS_PER_PAGE] for i in range(0, len(people), INVITATIONS_PER_PAGE)],
        "count": len(people),
        "doc_date": _invitation_date(group_election, conference, when),
        "place": ward.name,
        "pdf_title": f"Giấy mời dự hội nghị bầu Tổ trưởng {group.name}",
    }


def _invitation_date(group_election: GroupElection, conference: Conference | None, when) -> datetime.date:
    """Invitations go out when the sitting is set (or the lists are posted), never on or after its day."""
    if conference is not None:
        sent = timezone.localtime(conference.created_at).date()
    elif group_election.list_posted_at:
        sent = timezone.localtime(group_election.list_posted_at).date()
    else:
        sent = timezone.localdate()
    return min(sent, when.date() - datetime.timedelta(days=1))


def _outgoing_leader(group_election: GroupElection) -> str:
    report = getattr(group_election, "term_report", None)
    return report.leader_name if report is not None and report.leader_name else ""


def invitation_pdf(group_election: GroupElection, *, household=None) -> bytes:
    """GIẤY MỜI to the conference: one per household (or per voter), two to an A4 page."""
    return render_pdf(
        template_name="conference/invitation_paper.html",
        context=invitation_context(group_election, household=household),
    )


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
        "words": _words(group_election, revote),
        "when": when,
        "venue": venue_line(revote.venue, group),
        "revote_due": group_election.revote_due,
        "cell": group.party_cell,
        "signer_name": _chairman_name(ward),
        "committee_signs": group_election.campaign.legal_profile.decision_authority == "committee",
        # Dated the day the re-vote was set (no later than the re-vote itself).
        "doc_date": min(timezone.localtime(revote.created_at).date(), when.date()),
        "place": ward.name,
        "pdf_title": f"Thông báo bầu lại Tổ trưởng {group.name}",
    }


def revote_notice_pdf(group_election: GroupElection) -> bytes:
    """THÔNG BÁO về việc tổ chức bầu lại Tổ trưởng tổ dân phố (the new date set by the People's Committee)."""
    return render_pdf(
        template_name="conference/revote_notice_paper.html", context=revote_notice_context(group_election)
    )
