"""Reading term reports: register figures, the conference gate, the ward's compilation. Always scoped."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.access import Action, can, visible_groups
from accounts.models import Role, User
from elections.models import Campaign, GroupElection
from elections.termreports.models import FIGURES, TermReport
from residents.models import Household, LeaderTerm, Resident, voting_birth_cutoff

# ---------------------------------------------------------------- register figures


def register_figures(*, group_id: int, campaign: Campaign) -> dict[str, int]:
    """What the register knows of a group today: households, residents, voters (18+ on election day), Party members."""
    cutoff = voting_birth_cutoff(campaign.election_day)
    people = (
        Resident.objects.present()
        .filter(household__group_id=group_id)
        .aggregate(
            residents=Count("pk"),
            voters=Count("pk", filter=Q(birth_date__lte=cutoff)),
            party_members=Count("pk", filter=Q(is_party_member=True)),
        )
    )
    return {
        "households": Household.objects.filter(group_id=group_id).count(),
        "residents": people["residents"],
        "voters": people["voters"],
        "party_members": people["party_members"],
    }


def previous_term_snapshot(*, group_election: GroupElection) -> dict[str, int] | None:
    """Start-of-term figures from the group's accepted report of the previous campaign, if the ward has one.

    The previous campaign's report froze the register at the end of *its* outgoing term, which is
    the start of the term reported on now: e.g. the 2018-2020 campaign's report (on 2016-2018)
    gives the figures of early 2018.
    """
    campaign = group_election.campaign
    if not campaign.previous_term_label:
        return None
    previous = (
        TermReport.objects.filter(
            group_election__group_id=group_election.group_id,
            group_election__campaign__ward_id=campaign.ward_id,
            group_election__campaign__label=campaign.previous_term_label,
            status=TermReport.Status.ACCEPTED,
        )
        .values(*[f"end_{name}" for name in FIGURES])
        .first()
    )
    if previous is None or any(previous[f"end_{name}"] is None for name in FIGURES):
        return None
    return {name: previous[f"end_{name}"] for name in FIGURES}


def outgoing_leader_term(*, group_election: GroupElection) -> LeaderTerm | None:
    """The register's leader of the group for the outgoing term (campaign.previous_term_label)."""
    label = group_election.campaign.previous_term_label
    if not label:
        return None
    return LeaderTerm.objects.filter(group_id=group_election.group_id, term_label=label).first()


@dataclass
class FigureRow:
    key: str
    label: str
    start: int | None
    end: int | None

    @property
    def change(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


def figure_labels() -> dict[str, str]:
    return {
        "households": pgettext("term report figure", "Households"),
        "residents": pgettext("term report figure", "Residents"),
        "voters": pgettext("term report figure", "Voters (18 or over on election day)"),
        "party_members": pgettext("term report figure", "Party members"),
    }


def report_figures(*, report: TermReport | None, group_election: GroupElection) -> dict:
    """The figures a report shows: frozen ones once submitted, the register's live count while a draft."""
    snapshot = previous_term_snapshot(group_election=group_election)
    start: Mapping[str, int | None]
    end: Mapping[str, int | None]
    if report is not None and report.end_counted_on is not None and not report.is_editable:
        end = report.end_figures()
        end_live = False
        counted_on = report.end_counted_on
    else:
        end = register_figures(group_id=group_election.group_id, campaign=group_election.campaign)
        end_live = True
        counted_on = timezone.localdate()
    if report is not None and report.start_source == TermReport.StartSource.SNAPSHOT:
        start, start_source = report.start_figures(), TermReport.StartSource.SNAPSHOT
    elif snapshot is not None and (report is None or report.is_editable):
        start, start_source = snapshot, TermReport.StartSource.SNAPSHOT
    else:
        start = report.start_figures() if report is not None else dict.fromkeys(FIGURES)
        start_source = TermReport.StartSource.GROUP
    labels = figure_labels()
    return {
        "rows": [FigureRow(key, labels[key], start.get(key), end.get(key)) for key in FIGURES],
        "start_source": start_source,
        "start_from_group": start_source == TermReport.StartSource.GROUP,
        "end_live": end_live,
        "counted_on": counted_on,
        "snapshot": snapshot,
    }


# ---------------------------------------------------------------- the conference gate


def conference_opening_blocker(group_election: GroupElection) -> str | None:
    """Why the group's conference may not be opened because of its term report, or None.

    None when the report is accepted, or when a ward official recorded an override with a reason.
    """
    if (group_election.report_override_reason or "").strip():
        return None
    status = TermReport.objects.filter(group_election_id=group_election.pk).values_list("status", flat=True).first()
    if status == TermReport.Status.ACCEPTED:
        return None
    names = {
        "group": group_election.group.name,
        "term": group_election.campaign.previous_term_label or _("the outgoing term"),
    }
    if status is None:
        return (
            _(
                "The conference of %(group)s cannot be opened: the outgoing leader's report on the %(term)s term "
                "has not been written yet."
            )
            % names
        )
    if status == TermReport.Status.DRAFT:
        return (
            _(
                "The conference of %(group)s cannot be opened: the report on the %(term)s term is still a draft "
                "(not submitted)."
            )
            % names
        )
    if status == TermReport.Status.SUBMITTED:
        return (
            _(
                "The conference of %(group)s cannot be opened: the report on the %(term)s term awaits the cell "
                "secretary's review."
            )
            % names
        )
    return (
        _(
            "The conference of %(group)s cannot be opened: the report on the %(term)s term awaits acceptance by "
            "the ward official in charge."
        )
        % names
    )


# ---------------------------------------------------------------- scoped reads


def can_read_term_reports(user: User) -> bool:
    return any(
        can(user, action)
        for action in (
            Action.WRITE_TERM_REPORT,
            Action.REVIEW_TERM_REPORT,
            Action.ACCEPT_TERM_REPORT,
            Action.VIEW_DASHBOARD,
            Action.PRINT_PAPERS,
        )
    )


def current_campaign(user: User) -> Campaign | None:
    """The current campaign of the user's ward (for an administrator without a ward: the first current one)."""
    campaigns = Campaign.objects.filter(is_current=True).select_related("ward", "legal_profile")
    if not user.ward_id:
        # Every campaign has a ward: without one, only an administrator has a current campaign.
        return campaigns.order_by("pk").first() if user.role == Role.ADMIN else None
    return campaigns.filter(ward_id=user.ward_id).first()


def group_election_for_user_or_404(user: User, pk: int) -> GroupElection:
    """A group election whose group the user may see, else 404 as if it did not exist."""
    group_election = (
        GroupElection.objects.select_related(
            "group", "group__ward", "group__party_cell", "campaign", "campaign__ward", "official_in_charge"
        )
        .filter(pk=pk, group__in=visible_groups(user))
        .first()
    )
    if group_election is None:
        raise Http404(_("Not found."))
    return group_election


def report_of(group_election: GroupElection) -> TermReport | None:
    return (
        TermReport.objects.select_related(
            "leader_term", "created_by", "submitted_by", "reviewed_by", "accepted_by", "group_election"
        )
        .filter(group_election=group_election)
        .first()
    )


def report_steps(report: TermReport):
    return report.steps.select_related("actor").order_by("at", "id")


def last_return(report: TermReport):
    """The latest comment that sent the report back to draft, while it is a draft again."""
    if not report.is_editable:
        return None
    return report.steps.filter(kind="returned").select_related("actor").order_by("-at", "-id").first()


def directive_of(campaign: Campaign):
    return campaign.directives.order_by("issued_on").first()


# ---------------------------------------------------------------- the ward's compilation


@dataclass
class CompilationRow:
    group_election: GroupElection
    report: TermReport | None
    leader: str
    households: int | None
    residents: int | None
    party_members: int | None
    figures_frozen: bool

    @property
    def group(self):
        return self.group_election.group

    @property
    def status(self) -> str:
        return self.report.status if self.report else "none"

    @property
    def status_label(self) -> str:
        if self.report is None:
            return _("Not written")
        return self.report.get_status_display()

    @property
    def overridden(self) -> bool:
        return bool((self.group_election.report_override_reason or "").strip())


@dataclass
class Compilation:
    campaign: Campaign
    rows: list[CompilationRow]
    totals: dict[str, int] = field(default_factory=dict)
    status_counts: dict[str, int] = field(default_factory=dict)
    counted_on: datetime.date | None = None

    @property
    def accepted(self) -> int:
        return self.status_counts.get(TermReport.Status.ACCEPTED, 0)


def _count_subquery(queryset, group_ref: str = "group_id"):
    counted = queryset.order_by().values(group_ref).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def ward_compilation(*, user: User, campaign: Campaign) -> Compilation:
    """Every visible group's report status and key figures, in group order, with totals.

    One query for all rows whatever the number of groups: the register counts are subqueries and
    the report is joined. Figures come from the report once submitted (frozen), else the register.
    """
    households = Household.objects.filter(group_id=OuterRef("group_id"))
    residents = Resident.objects.present().filter(household__group_id=OuterRef("group_id"))
    leader = LeaderTerm.objects.filter(group_id=OuterRef("group_id"), term_label=campaign.previous_term_label)
    elections = (
        GroupElection.objects.filter(campaign=campaign, group__in=visible_groups(user))
        .select_related("group", "term_report", "term_report__accepted_by", "term_report__reviewed_by")
        .annotate(
            live_households=_count_subquery(households, "group_id"),
            live_residents=_count_subquery(residents, "household__group_id"),
            live_party_members=_count_subquery(residents.filter(is_party_member=True), "household__group_id"),
            register_leader=Subquery(leader.values("full_name")[:1]),
        )
        .order_by("group__code")
    )
    rows = []
    totals = dict.fromkeys(["households", "residents", "party_members"], 0)
    status_counts: dict[str, int] = {}
    for ge in elections:
        report: TermReport | None = getattr(ge, "term_report", None)
        # The report whose figures are frozen (submitted and counted), else None: the register's live count.
        frozen = report if report is not None and not report.is_editable and report.end_households is not None else None
        row = CompilationRow(
            group_election=ge,
            report=report,
            leader=(report.leader_name if report and report.leader_name else ge.register_leader) or "",
            households=frozen.end_households if frozen is not None else ge.live_households,
            residents=frozen.end_residents if frozen is not None else ge.live_residents,
            party_members=frozen.end_party_members if frozen is not None else ge.live_party_members,
            figures_frozen=frozen is not None,
        )
        rows.append(row)
        for key in totals:
            totals[key] += getattr(row, key) or 0
        status_counts[row.status] = status_counts.get(row.status, 0) + 1
    return Compilation(
        campaign=campaign,
        rows=rows,
        totals=totals,
        status_counts=status_counts,
        counted_on=timezone.localdate(),
    )


# ---------------------------------------------------------------- what the user may do here


def accepting_official_other_than(*, user: User, group_election: GroupElection) -> User | None:
    """The official in charge of the group when it is someone else who may accept its report, else None.

    The report is accepted by the ward official in charge; when none is assigned (or the one assigned
    cannot accept, e.g. a Front official), any ward official may. An administrator always may.
    """
    in_charge = group_election.official_in_charge
    if in_charge is None or user.role == Role.ADMIN or in_charge.pk == user.pk:
        return None
    if not can(in_charge, Action.ACCEPT_TERM_REPORT, group_election.group):
        return None
    return in_charge


@dataclass
class ReportPermissions:
    write: bool = False
    submit: bool = False
    review: bool = False
    accept: bool = False
    send_back: bool = False
    override: bool = False
    withdraw_override: bool = False
    read: bool = False

    @property
    def any_action(self) -> bool:
        return any((self.write, self.submit, self.review, self.accept, self.send_back, self.override))


def report_permissions(*, user: User, group_election: GroupElection, report: TermReport | None) -> ReportPermissions:
    """The buttons to show a user for one group's report (the services check again when used)."""
    group = group_election.group
    if not visible_groups(user).filter(pk=group.pk).exists():
        return ReportPermissions()
    status = report.status if report is not None else None
    acceptor = can(user, Action.ACCEPT_TERM_REPORT, group) and not accepting_official_other_than(
        user=user, group_election=group_election
    )
    reviewer = can(user, Action.REVIEW_TERM_REPORT, group)
    writer = can(user, Action.WRITE_TERM_REPORT, group) and (report is None or report.is_editable)
    overrider = can(user, Action.OVERRIDE_TERM_REPORT, group)
    overridden = bool((group_election.report_override_reason or "").strip())
    return ReportPermissions(
        write=writer,
        submit=writer and report is not None,
        review=reviewer and status == TermReport.Status.SUBMITTED,
        accept=acceptor and status == TermReport.Status.REVIEWED,
        send_back=(reviewer and status == TermReport.Status.SUBMITTED)
        or (acceptor and status == TermReport.Status.REVIEWED),
        override=overrider and status != TermReport.Status.ACCEPTED and not overridden,
        withdraw_override=overrider and overridden,
        read=can_read_term_reports(user),
    )
