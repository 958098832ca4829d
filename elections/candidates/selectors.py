"""Reads of candidates and complaints. Lists for a user are always scoped by `accounts.access`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.access import Action, can, scoped_or_404, visible_groups, visible_wards
from accounts.models import User
from elections.candidates.models import Attestation, Candidate, CandidateListFreeze, Complaint, Criterion
from elections.models import Campaign, GroupElection
from residents.models import Resident, voting_birth_cutoff
from residents.names import sort_people

BALLOT_MAX_COPIES = 2000
BALLOT_SPARE_PERCENT = 5

_OPEN = ~Q(status=Complaint.Status.CONCLUDED)
_OPEN_COMPLAINT = Q(complaints__status__in=[Complaint.Status.RECEIVED, Complaint.Status.INVESTIGATING])


def _candidates_base() -> QuerySet[Candidate]:
    return Candidate.objects.select_related("resident__household__group", "resident__party_cell")


def ballot_candidates(group_election: GroupElection) -> list[Candidate]:
    """The names on the ballot: approved, not withdrawn, with no unresolved complaint, in Vietnamese
    alphabetical order of the given name (then middle and family names)."""
    candidates = (
        _candidates_base()
        .filter(group_election=group_election, status=Candidate.Status.APPROVED)
        .exclude(complaints__in=Complaint.objects.filter(_OPEN))
        .distinct()
    )
    return sort_people(candidates, key=lambda c: c.resident.full_name)


def current_campaign(user: User) -> Campaign | None:
    return (
        Campaign.objects.filter(ward__in=visible_wards(user), is_current=True)
        .select_related("ward", "legal_profile")
        .order_by("ward__name")
        .first()
    )


def group_elections_for(user: User, campaign: Campaign) -> QuerySet[GroupElection]:
    return (
        GroupElection.objects.filter(campaign=campaign, group__in=visible_groups(user))
        .select_related("group__ward", "group__party_cell", "campaign__legal_profile")
        .order_by("group__code")
    )


def group_election_candidates(group_election: GroupElection) -> list[Candidate]:
    """Every candidate of the group, active ones first, each in Vietnamese name order, with their
    attestations and the count of unresolved complaints prefetched."""
    candidates = (
        _candidates_base()
        .filter(group_election=group_election)
        .annotate(open_complaints=Count("complaints", filter=_OPEN_COMPLAINT, distinct=True))
        .prefetch_related(Prefetch("attestations", queryset=Attestation.objects.select_related("attested_by")))
    )
    ordered = sort_people(candidates, key=lambda c: c.resident.full_name)
    return sorted(ordered, key=lambda c: not c.is_active)


def attestation_rows(candidate: Candidate) -> list[tuple[str, str | Promise, Attestation | None]]:
    """(criterion, label, attestation or None) for every criterion, in the order of the standard."""
    by_criterion = {a.criterion: a for a in candidate.attestations.all()}
    return [(value, label, by_criterion.get(value)) for value, label in Criterion.choices]


@dataclass
class GroupListSummary:
    """One group's candidate list, as the group card and the ward overview show it."""

    group_election: GroupElection
    candidates: list[Candidate]
    approved: list[Candidate] = field(default_factory=list)
    pending: list[Candidate] = field(default_factory=list)
    open_complaints: int = 0
    frozen: CandidateListFreeze | None = None

    @property
    def has_party_member(self) -> bool:
        """Whether the active list (nominated, under review or approved) includes a Party member."""
        return any(c.resident.is_party_member for c in self.candidates if c.is_active)

    @property
    def approved_has_party_member(self) -> bool:
        return any(c.resident.is_party_member for c in self.approved)

    @property
    def keeps_non_member_leader(self) -> bool:
        """An approved list with no Party member: whoever wins, the leader will not be a Party member."""
        return bool(self.approved) and not self.approved_has_party_member


def summarise(group_election: GroupElection, candidates: list[Candidate]) -> GroupListSummary:
    summary = GroupListSummary(group_election=group_election, candidates=candidates)
    summary.approved = [c for c in candidates if c.status == Candidate.Status.APPROVED]
    summary.pending = [c for c in candidates if c.status in (Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW)]
    summary.open_complaints = sum(getattr(c, "open_complaints", 0) for c in candidates if c.is_active)
    return summary


def ward_overview(user: User, campaign: Campaign) -> list[GroupListSummary]:
    """Every group the user may see with its candidate list, in a fixed number of queries."""
    elections = list(group_elections_for(user, campaign).select_related("candidate_list_freeze"))
    candidates = (
        _candidates_base()
        .filter(group_election__in=elections)
        .annotate(open_complaints=Count("complaints", filter=_OPEN_COMPLAINT, distinct=True))
    )
    by_election: dict[int, list[Candidate]] = {}
    for candidate in sort_people(candidates, key=lambda c: c.resident.full_name):
        by_election.setdefault(candidate.group_election_id, []).append(candidate)
    rows = []
    for election in elections:
        summary = summarise(election, by_election.get(election.pk, []))
        summary.frozen = getattr(election, "candidate_list_freeze", None)
        rows.append(summary)
    return rows


def group_summary(group_election: GroupElection) -> GroupListSummary:
    summary = summarise(group_election, group_election_candidates(group_election))
    summary.frozen = CandidateListFreeze.objects.filter(group_election=group_election).first()
    return summary


def list_problems(group_election: GroupElection) -> list[str]:
    """Why the group's candidate list cannot be approved now (empty when it can).

    The Front introduces between the profile's minimum and maximum; self-nominations and nominations
    from the floor may stand beside them, so the maximum caps the approved Front candidates only, and
    the minimum counts every approved candidate.
    """
    profile = group_election.campaign.legal_profile
    group = group_election.group
    candidates = group_election_candidates(group_election)
    approved = [c for c in candidates if c.status == Candidate.Status.APPROVED]
    problems: list[str] = []
    if len(approved) < profile.min_candidates:
        problems.append(
            _("%(group)s has %(count)s approved candidates; at least %(min)s are needed.")
            % {"group": group.name, "count": len(approved), "min": profile.min_candidates}
        )
    front = [c for c in approved if c.source == Candidate.Source.FRONT]
    if len(front) > profile.max_candidates:
        problems.append(
            _("%(group)s has %(count)s approved candidates introduced by the Front; at most %(max)s are allowed.")
            % {"group": group.name, "count": len(front), "max": profile.max_candidates}
        )
    pending = [
        c.resident.full_name
        for c in candidates
        if c.status in (Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW)
    ]
    if pending:
        problems.append(
            _("Nominations still awaiting a decision (approve, reject or withdraw): %(names)s.")
            % {"names": ", ".join(pending)}
        )
    for candidate in approved:
        if candidate.open_complaints:  # type: ignore[attr-defined]  # annotated by group_election_candidates
            problems.append(
                _("%(name)s has an unresolved complaint: the list cannot be approved or posted until it is concluded.")
                % {"name": candidate.resident.full_name}
            )
        met = {a.criterion for a in candidate.attestations.all() if a.meets}
        missing = [str(label) for value, label in Criterion.choices if value not in met]
        if missing:
            problems.append(
                _("%(name)s: these standards are not yet attested as met: %(list)s.")
                % {"name": candidate.resident.full_name, "list": "; ".join(missing)}
            )
    return problems


# ----------------------------------------------------------------------------- residents


def nominee_choices(group_election: GroupElection) -> list[tuple[int, str]]:
    """The group's residents for the nomination select, in Vietnamese name order, each labelled with what
    the register says (birth date, address, Party member, and why they cannot stand, if so)."""
    election_day = group_election.campaign.election_day
    min_age = group_election.campaign.legal_profile.min_candidate_age
    residents = Resident.objects.present().filter(household__group=group_election.group).select_related("household")
    taken = set(Candidate.objects.filter(group_election=group_election).values_list("resident_id", flat=True))
    choices = []
    for resident in sort_people(residents):
        if resident.pk in taken:
            continue
        notes = []
        if resident.is_party_member:
            notes.append(_("Party member"))
        if resident.birth_date > election_day or resident.age_on(election_day) < min_age:
            notes.append(_("under %(age)s") % {"age": min_age})
        if resident.residence_status != Resident.Residence.PERMANENT:
            notes.append(_("temporary residence"))
        label = f"{resident.full_name} - {resident.birth_date:%d/%m/%Y} - {resident.household.address}"
        if notes:
            label += f" ({', '.join(str(n) for n in notes)})"
        choices.append((resident.pk, label))
    return choices


def electorate_size(group_election: GroupElection) -> int:
    """Households (household representatives) or residents aged 18+ on the election day (all voters)."""
    group = group_election.group
    if group_election.campaign.electorate_mode == Campaign.Electorate.ALL_VOTERS:
        cutoff = voting_birth_cutoff(group_election.campaign.election_day)
        return Resident.objects.present().filter(household__group=group, birth_date__lte=cutoff).count()
    return group.households.count()


def default_ballot_copies(group_election: GroupElection) -> int:
    """The electorate plus 5 % spare ballots, rounded up, at least 1 and at most BALLOT_MAX_COPIES."""
    size = electorate_size(group_election)
    return max(1, min(BALLOT_MAX_COPIES, math.ceil(size * (100 + BALLOT_SPARE_PERCENT) / 100)))


# ---------------------------------------------------------------------------- complaints


def visible_complaints(user: User) -> QuerySet[Complaint]:
    """Complaints in the groups the user sees, for roles that may read complaints; none for the others."""
    if not can(user, Action.VIEW_COMPLAINTS):
        return Complaint.objects.none()
    return Complaint.objects.filter(candidate__group_election__group__in=visible_groups(user)).select_related(
        "candidate__resident", "candidate__group_election__group", "candidate__group_election__campaign", "received_by"
    )


def complaint_queue(user: User, *, handler: str | None = None, show: str = "open") -> QuerySet[Complaint]:
    complaints = visible_complaints(user).annotate(attachment_count=Count("attachments"))
    if handler:
        complaints = complaints.filter(handler=handler)
    if show == "open":
        complaints = complaints.filter(_OPEN)
    elif show == "concluded":
        complaints = complaints.filter(status=Complaint.Status.CONCLUDED)
    return complaints.order_by("status", "due_on", "id")


def default_queue_handler(user: User) -> str | None:
    """The Inspection Committee sees its own queue first; the ward staff theirs; leadership sees all."""
    if can(user, Action.HANDLE_PARTY_COMPLAINT) and not can(user, Action.HANDLE_COMPLAINT):
        return Complaint.Handler.INSPECTION
    if can(user, Action.HANDLE_COMPLAINT) and not can(user, Action.HANDLE_PARTY_COMPLAINT):
        return Complaint.Handler.WARD
    return None


# ---- scoped lookups for the pages (404 outside the user's groups) ---------------------------------------


def group_election_for_user_or_404(user: User, pk: int) -> GroupElection:
    queryset = GroupElection.objects.select_related("group__ward", "group__party_cell", "campaign__legal_profile")
    return scoped_or_404(user, queryset, pk, group_path="group")


def candidate_for_user_or_404(user: User, pk: int) -> Candidate:
    queryset = Candidate.objects.select_related(
        "resident__household__group", "group_election__group__ward", "group_election__campaign__legal_profile"
    )
    return scoped_or_404(user, queryset, pk, group_path="group_election__group")


def complaint_for_user_or_404(user: User, pk: int) -> Complaint:
    complaint = visible_complaints(user).filter(pk=pk).first()
    if complaint is None:
        raise Http404(_("Not found."))
    return complaint
