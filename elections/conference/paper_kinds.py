"""The election day's papers in batch printing (registered in ConferenceConfig.ready): the team decision, the
invitations, the ballots (one per elector of the frozen list) and the minutes. The count's papers (count record,
re-vote notice, decisions) are registered by the count app (`elections/count/paper_kinds.py`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action
from config.errors import DomainError
from elections.candidates.papers import ballot_pdf
from elections.conference.models import Conference, Elector
from elections.conference.papers import minutes_pdf, team_decision_pdf
from elections.conference.papers_notices import invitation_pdf
from papers.kinds import register_kind
from residents import selectors as residents


def latest_conference(group_election, *, held: bool):
    conferences = Conference.objects.filter(group_election=group_election).order_by("-sequence")
    if held:
        conferences = conferences.exclude(status__in=Conference.ACTIVE_STATUSES)
    conference = conferences.first()
    if conference is None:
        if held:
            raise DomainError(_("No conference has been held yet."))
        raise DomainError(_("No conference has been scheduled yet."))
    return conference


def _electorate_count(group_election) -> int:
    """One ballot per elector: the frozen list once posted, else the register today."""
    frozen = Elector.objects.filter(group_election=group_election).count()
    if frozen:
        return frozen
    campaign = group_election.campaign
    rows = residents.electorate_rows(
        group_election.group, mode=residents.electorate_mode(campaign), on_date=residents.reference_date(campaign)
    )
    return len(rows)


@register_kind("team_decisions", gettext_lazy("Decisions forming the election teams"), position=70)
def _team_decision(group_election, options: dict) -> bytes:
    return team_decision_pdf(group_election)


@register_kind("invitations", gettext_lazy("Invitations to the conference"), position=80)
def _invitations(group_election, options: dict) -> bytes:
    return invitation_pdf(group_election)


@register_kind(
    "ballots", gettext_lazy("Ballot papers"), takes_copies=True, actions=(Action.PRINT_BALLOTS,), position=90
)
def _ballots(group_election, options: dict) -> bytes:
    copies = options.get("copies") or _electorate_count(group_election)
    if not copies:
        raise DomainError(_("The group has no voters on the register, so no ballot count is known."))
    return ballot_pdf(group_election, copies)


@register_kind("minutes", gettext_lazy("Conference minutes"), position=100)
def _minutes(group_election, options: dict) -> bytes:
    return minutes_pdf(latest_conference(group_election, held=True))
