"""Reads for election day: always scoped by the user, quorum computed by `elections.rules`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import (
    ELECTION_DAY_ACTIONS,
    Action,
    can,
    can_by_role,
    require_at_sitting,
    seat_exists,
    visible_groups,
)
from accounts.models import User
from elections.conference.models import (
    Attendance,
    Conference,
    CountBoardMember,
    Elector,
    TeamDecision,
    TeamMember,
    TeamRole,
)
from elections.models import GroupElection
from elections.rules import ProfileRules, has_quorum, percent_of_electorate
from residents.names import fold


def group_elections_for(user: User) -> QuerySet[GroupElection]:
    """The group elections of current campaigns this user may see."""
    return (
        GroupElection.objects.filter(group__in=visible_groups(user), campaign__is_current=True)
        .select_related("group", "campaign", "campaign__legal_profile")
        .order_by("group__ward", "group__code")
    )


def group_election_for_user_or_404(user: User, pk, *, action: str | None = None) -> GroupElection:
    """A group election the user may see (and, with `action`, act on); otherwise 404."""
    group_election = (
        GroupElection.objects.filter(pk=pk, group__in=visible_groups(user))
        .select_related("group", "group__ward", "group__party_cell", "campaign", "campaign__legal_profile")
        .first()
    )
    if group_election is None or (action and not can(user, action, group_election.group)):
        raise Http404(_("Not found."))
    return group_election


# The sitting's pages show its group, ward and Party cell, the campaign's legal profile, the official in charge.
CONFERENCE_JOINS = (
    "group_election__group__ward",
    "group_election__group__party_cell",
    "group_election__campaign__legal_profile",
    "group_election__official_in_charge",
)
# Check-in at the door: the group (its name; its ward for the audit log), nothing more (the quorum rule: a column).
CHECK_IN_JOINS = ("group_election__group",)


def _conferences(user: User, pk, *, action: str | None, joins) -> QuerySet[Conference]:
    conferences = Conference.objects.filter(pk=pk, group_election__group__in=visible_groups(user))
    conferences = conferences.select_related(*joins).order_by()  # one row by its key: no default ordering to plan
    if action in ELECTION_DAY_ACTIONS:
        conferences = conferences.annotate(seated=seat_exists(user, action))  # the place, read with the sitting
    return conferences


def _found_or_404(conferences: QuerySet[Conference], user: User, action: str | None) -> Conference:
    """The one sitting of `conferences` (from `_conferences`), or 404; an election-day action the user's role
    allows but their place does not (no longer on the team or the board) is refused with 403 and the reason."""
    conference = next(iter(conferences[:1]), None)
    if action in ELECTION_DAY_ACTIONS and conference is not None:
        # Found among the visible groups: a role without the action gets 404; a place lost, 403 and the reason.
        if not can_by_role(user, action, None):
            raise Http404(_("Not found."))
        require_at_sitting(user, action, conference, seated=conference.seated)  # type: ignore[attr-defined]  # annotated by _conferences
        return conference
    if conference is None or (action and not can(user, action, conference.group_election.group)):
        raise Http404(_("Not found."))
    return conference


def conference_for_user_or_404(user: User, pk, *, action: str | None = None, joins=CONFERENCE_JOINS) -> Conference:
    """A conference of a group the user may see (and, with `action`, act on); otherwise 404.

    An election-day action the user's role allows but their place does not (no longer on the team or the
    board) is refused with 403 and the reason. `joins`: the relations the caller shows."""
    return _found_or_404(_conferences(user, pk, action=action, joins=joins), user, action)


def _count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of `queryset` as a column of the outer query (a correlated subquery: no GROUP BY outside)."""
    counted = queryset.order_by().annotate(n=Func("pk", function="COUNT", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(counted), 0)


def _checkin_conferences(user: User, pk) -> QuerySet[Conference]:
    return _conferences(user, pk, action=Action.CHECK_IN, joins=CHECK_IN_JOINS).annotate(
        quorum_percent=F("group_election__campaign__legal_profile__quorum_percent"),
        n_checked_in=_count(Attendance.objects.filter(conference=OuterRef("pk"))),
        n_electors=_count(Elector.objects.filter(group_election=OuterRef("group_election_id"))),
    )


def checkin_conference_or_404(user: User, pk) -> Conference:
    """The sitting for check-in at the door, in one query: its group and quorum rule (`quorum_percent`), the
    user's place on its team (`seated`), the number checked in (`n_checked_in`) and on the list (`n_electors`)."""
    return _found_or_404(_checkin_conferences(user, pk), user, Action.CHECK_IN)


# What a check-in reads of the sitting and its group (the status, the quorum; the group's name and ward).
_TOGGLE_COLUMNS = (
    "sequence",
    "status",
    "electorate_size",
    "head_count",
    "present_at_vote",
    "group_election__group__name",
    "group_election__group__ward",
)
# What the row of an elector shows, and its audit entry names.
_ELECTOR_COLUMNS = ("id", "group_election_id", "number", "household_number", "full_name", "address")


def checkin_target_or_404(user: User, pk, elector_pk) -> tuple[Conference, Elector]:
    """The sitting (as `checkin_conference_or_404`) and one elector on its list, in one query; otherwise 404.

    The elector carries `attendance`: its check-in at this sitting (the row's key only), or None."""
    conferences = (
        _checkin_conferences(user, pk)
        .only(*_TOGGLE_COLUMNS)
        .annotate(
            on_list=FilteredRelation("group_election__electors", condition=Q(group_election__electors__pk=elector_pk))
        )
    )
    conferences = conferences.annotate(
        **{f"elector_{name}": F(f"on_list__{name}") for name in _ELECTOR_COLUMNS},
        attendance_pk=Subquery(
            Attendance.objects.filter(conference=OuterRef("pk"), elector_id=elector_pk).order_by().values("pk")[:1]
        ),
    )
    conference = _found_or_404(conferences, user, Action.CHECK_IN)
    if conference.elector_id is None:  # type: ignore[attr-defined]  # annotated above
        raise Http404(_("Not found."))
    # The columns read above (listed in the model's field order, as `from_db` takes them); no other is read.
    elector = Elector.from_db(
        conference._state.db, list(_ELECTOR_COLUMNS), [getattr(conference, f"elector_{n}") for n in _ELECTOR_COLUMNS]
    )
    attendance_pk = conference.attendance_pk  # type: ignore[attr-defined]  # annotated above
    attendance = None
    if attendance_pk is not None:
        keys = [attendance_pk, conference.pk, elector.pk]
        attendance = Attendance.from_db(conference._state.db, ["id", "conference_id", "elector_id"], keys)
        attendance.conference, attendance.elector = conference, elector
    elector.attendance = attendance  # type: ignore[attr-defined]  # what the check-in row reads, not a field
    return conference, elector


def checkin_quorum(conference: Conference, *, change: int = 0) -> QuorumStatus:
    """The quorum of a sitting from `checkin_conference_or_404`'s counts (`change`: check-ins since)."""
    return quorum_from(
        conference,
        electorate=conference.n_electors,  # type: ignore[attr-defined]  # the counts annotated by _checkin_conferences
        checked_in=conference.n_checked_in + change,  # type: ignore[attr-defined]
        rules=ProfileRules(quorum_percent=conference.quorum_percent),  # type: ignore[attr-defined]
    )


def current_conference(group_election: GroupElection) -> Conference | None:
    """The sitting in progress or due, else the latest one."""
    conferences = list(group_election.conferences.order_by("-sequence"))
    for conference in conferences:
        if conference.is_active:
            return conference
    return conferences[0] if conferences else None


def electorate_size(group_election: GroupElection) -> int:
    return Elector.objects.filter(group_election=group_election).count()


def conference_electorate(conference: Conference) -> int:
    """The frozen size once the conference opened, else the frozen list of the election."""
    if conference.electorate_size is not None:
        return conference.electorate_size
    return electorate_size(conference.group_election)


def checked_in_count(conference: Conference) -> int:
    return Attendance.objects.filter(conference=conference).count()


def present_count(conference: Conference) -> int:
    """Those present: frozen when the vote opened; else the head count if entered; else those checked in."""
    if conference.present_at_vote is not None:
        return conference.present_at_vote
    if conference.head_count is not None:
        return conference.head_count
    return checked_in_count(conference)


def quorum_minimum(*, electorate: int, percent: Decimal) -> int:
    """The fewest people present that make strictly more than `percent` of the electorate."""
    return math.floor(Fraction(percent) * electorate / 100) + 1


@dataclass(frozen=True)
class QuorumStatus:
    electorate: int
    present: int
    checked_in: int
    head_count: int | None
    percent: Decimal
    reached: bool
    needed: int  # present needed for a quorum
    missing: int  # how many more must come


def quorum_from(conference: Conference, *, electorate: int, checked_in: int, rules) -> QuorumStatus:
    """The quorum of a sitting from already counted figures (for lists: no query per row)."""
    if conference.present_at_vote is not None:
        present = conference.present_at_vote
    elif conference.head_count is not None:
        present = conference.head_count
    else:
        present = checked_in
    if conference.electorate_size is not None:
        electorate = conference.electorate_size
    needed = quorum_minimum(electorate=electorate, percent=rules.quorum_percent)
    return QuorumStatus(
        electorate=electorate,
        present=present,
        checked_in=checked_in,
        head_count=conference.head_count,
        percent=percent_of_electorate(present, electorate),
        reached=electorate > 0 and has_quorum(electorate=electorate, present=present, rules=rules),
        needed=needed,
        missing=max(0, needed - present),
    )


def quorum_status(conference: Conference) -> QuorumStatus:
    return quorum_from(
        conference,
        electorate=conference_electorate(conference),
        checked_in=checked_in_count(conference),
        rules=conference.group_election.campaign.legal_profile.rules(),
    )


def index_rows(group_elections: list[GroupElection]) -> list[dict]:
    """One row per group election: team size, electorate, sittings, the current one and its quorum.

    A fixed number of queries whatever the number of groups.
    """
    ids = [ge.pk for ge in group_elections]
    electorates = dict(
        Elector.objects.filter(group_election_id__in=ids)
        .values("group_election_id")
        .annotate(n=Count("id"))
        .values_list("group_election_id", "n")
    )
    teams = dict(
        TeamMember.objects.filter(group_election_id__in=ids)
        .values("group_election_id")
        .annotate(n=Count("id"))
        .values_list("group_election_id", "n")
    )
    sittings: dict[int, list[Conference]] = {}
    for conference in (
        Conference.objects.filter(group_election_id__in=ids)
        .annotate(n_checked=Count("attendances"))
        .order_by("sequence")
    ):
        sittings.setdefault(conference.group_election_id, []).append(conference)
    rows = []
    for ge in group_elections:
        conferences = sittings.get(ge.pk, [])
        current = next((c for c in reversed(conferences) if c.is_active), conferences[-1] if conferences else None)
        quorum = None
        if current is not None:
            current.group_election = ge
            quorum = quorum_from(
                current,
                electorate=electorates.get(ge.pk, 0),
                checked_in=current.n_checked,  # type: ignore[attr-defined]  # annotated above
                rules=ge.campaign.legal_profile.rules(),
            )
        rows.append(
            {
                "group_election": ge,
                "group": ge.group,
                "team_size": teams.get(ge.pk, 0),
                "electorate": electorates.get(ge.pk, 0),
                "sittings": conferences,
                "current": current,
                "quorum": quorum,
            }
        )
    return rows


def elector_search(conference: Conference, query: str, *, limit: int = 20) -> list[Elector]:
    """Electors of the conference's election matching a name (accent-insensitive) or a number.

    Digits match the household number or the number on the list, the household first; words match
    the folded name, each word anywhere ("nguyen a" finds "Nguyễn Văn A"). Each row carries `present_here`.
    """
    electors = Elector.objects.filter(group_election_id=conference.group_election_id)
    query = (query or "").strip()
    if not query:
        return []
    order: list[str | Case] = ["number"]
    if query.isdigit():
        stripped = query.lstrip("0") or "0"
        household = Q(household_number=query) | Q(household_number__regex=rf"^0*{stripped}$")
        electors = electors.filter(household | Q(number=int(query)))
        # "007" is the household 007 first (typed as written, then padded otherwise), the list number 7 after.
        order = [
            Case(
                When(household_number=query, then=Value(0)),
                When(household, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            "number",
        ]
    else:
        words = fold(query).split()
        if not words:
            return []
        for word in words:
            electors = electors.filter(name_folded__contains=word)
    electors = electors.annotate(
        present_here=Count("attendances", filter=Q(attendances__conference=conference))
    ).order_by(*order)[:limit]
    return list(electors)


def recent_checkins(conference: Conference, *, limit: int = 5) -> list[Attendance]:
    return list(
        Attendance.objects.filter(conference=conference)
        .select_related("elector")
        .order_by("-checked_in_at", "-id")[:limit]
    )


_TEAM_ORDER: dict[str, int] = {TeamRole.HEAD: 0, TeamRole.SECRETARY: 1, TeamRole.MEMBER: 2}


def team_members(group_election: GroupElection) -> list[TeamMember]:
    members = TeamMember.objects.filter(group_election=group_election).select_related("resident", "user")
    return sorted(members, key=lambda m: (_TEAM_ORDER.get(m.role, 9), m.id))


def board_members(conference: Conference) -> list[CountBoardMember]:
    members = CountBoardMember.objects.filter(conference=conference).select_related("resident", "user")
    return sorted(members, key=lambda m: (0 if m.role == "head" else 1, m.id))


def group_section(*, group_election: GroupElection, user: User) -> dict:
    """Everything the group-election page shows about election day, for one group."""
    conferences = list(group_election.conferences.order_by("sequence"))
    current = next((c for c in reversed(conferences) if c.is_active), conferences[-1] if conferences else None)
    group = group_election.group
    return {
        "group_election": group_election,
        "team": team_members(group_election),
        "team_decision": TeamDecision.objects.filter(group_election=group_election).first(),
        "conferences": conferences,
        "current": current,
        "quorum": quorum_status(current) if current else None,
        "electorate": electorate_size(group_election),
        "can_manage_team": can(user, Action.MANAGE_TEAM, group),
        "can_check_in": can(user, Action.CHECK_IN, group),
        "can_enter_count": can(user, Action.ENTER_COUNT, group),
        "can_print": can(user, Action.PRINT_PAPERS, group),
    }
