"""The notices of election day: the invitation to the conference (GIẤY MỜI, Decree 59 form 01), as PDF bytes
for downloads and batch printing alike. The re-vote notice is the count's (`elections.count.papers`)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from config.errors import DomainError
from elections.conference.models import Conference, TeamMember
from elections.conference.papers import ELECTORATE_WORDS, venue_line
from elections.models import Campaign, GroupElection
from papers.cache import render_cached_pdf
from papers.templatetags.papers import person_title
from residents import selectors as register

#: Invitations to an A4 page (each an A5 half, cut along the dashed line).
INVITATIONS_PER_PAGE = 2


def _team_head(group_election: GroupElection) -> TeamMember | None:
    return group_election.team_members.filter(role="head").select_related("resident").order_by("id").first()


def chairman_name(ward) -> str:
    chairman = User.objects.filter(ward_id=ward.pk, role=Role.CHAIRMAN, is_active=True).order_by("pk").first()
    return chairman.full_name if chairman else ""


def electorate_words(group_election: GroupElection, conference: Conference | None = None) -> dict:
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
        "words": electorate_words(group_election, conference),
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
    return render_cached_pdf(
        template_name="conference/invitation_paper.html",
        context=invitation_context(group_election, household=household),
    )
