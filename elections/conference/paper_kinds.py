"""The election day's papers in batch printing (registered in ConferenceConfig.ready): the team decision, the
invitations, the ballots (one per elector of the frozen list), the minutes, the count record, the re-vote notice
and the recognition decisions."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action
from config.errors import DomainError
from elections.candidates.papers import ballot_pdf
from elections.conference.models import Conference, Elector, RecognitionDecision
from elections.conference.papers import minutes_pdf, team_decision_pdf
from elections.conference.papers_count import count_record_pdf, draft_decision_pdf, recognition_decision_pdf
from elections.conference.papers_notices import invitation_pdf, revote_notice_pdf
from papers.kinds import register_kind
from residents import selectors as residents


def _latest_conference(group_election, *, held: bool):
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
    return minutes_pdf(_latest_conference(group_election, held=True))


@register_kind("count_records", gettext_lazy("Count records"), position=110)
def _count_record(group_election, options: dict) -> bytes:
    return count_record_pdf(_latest_conference(group_election, held=True))


@register_kind(
    "revote_notices",
    gettext_lazy("Re-vote notices"),
    applies=lambda ge: ge.conferences.filter(is_revote=True).exists(),
    position=120,
)
def _revote_notice(group_election, options: dict) -> bytes:
    return revote_notice_pdf(group_election)


@register_kind(
    "draft_decisions",
    gettext_lazy("Draft recognition decisions (DỰ THẢO)"),
    applies=lambda ge: ge.stage == "elected",
    position=130,
)
def _draft_decision(group_election, options: dict) -> bytes:
    return draft_decision_pdf(group_election)


@register_kind("recognition_decisions", gettext_lazy("Recognition decisions"), position=140)
def _recognition_decision(group_election, options: dict) -> bytes:
    decision = RecognitionDecision.objects.filter(group_election=group_election).first()
    if decision is None:
        raise DomainError(_("No recognition decision has been issued."))
    return recognition_decision_pdf(decision)
