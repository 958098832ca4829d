"""The one place that decides what each role may see and do.

Every list and every object page goes through `visible_groups` (what a user may see) and
`can` (what a user may do). Views never filter by role themselves: a cell secretary who
types another group's URL gets a 404 from `group_for_user_or_404`, never its data.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, TypeGuard, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, Model, OuterRef, QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role, User

if TYPE_CHECKING:
    from residents.models import ResidentialGroup, Ward

_M = TypeVar("_M", bound=Model)


@cache
def _register_model(name: str):
    """A model of the ward register (`residents`), which sits above accounts: resolved by name through the app
    registry, so accounts never imports residents. Cached: the registry does not change once apps are loaded."""
    return apps.get_model("residents", name)


class Action:
    """Things a user may do. Each maps to the roles allowed (see PERMISSIONS)."""

    VIEW_WARD = "view_ward"  # ward overview, all groups of the ward
    VIEW_PERSONAL_DATA = "view_personal_data"  # birth dates, identity numbers, Party membership and admission
    IMPORT_ROLL = "import_roll"
    EDIT_REGISTER = "edit_register"  # households and residents, moves, deaths, corrections
    EXPORT_ROLL = "export_roll"
    PRINT_PAPERS = "print_papers"  # a group's papers: lists, sheets, minutes, records, decisions
    PRINT_BALLOTS = "print_ballots"  # ballot papers (candidates' names only)
    MANAGE_CAMPAIGN = "manage_campaign"  # term, directive, plan, legal profile
    UPDATE_DIRECTIVE_TASK = "update_directive_task"  # progress notes on directive tasks
    ADVANCE_STAGE = "advance_stage"  # move a group's election between stages
    NOMINATE = "nominate"
    VET_CANDIDATE = "vet_candidate"
    APPROVE_CANDIDATES = "approve_candidates"
    RECEIVE_COMPLAINT = "receive_complaint"
    HANDLE_PARTY_COMPLAINT = "handle_party_complaint"  # complaints about Party-member candidates
    HANDLE_COMPLAINT = "handle_complaint"  # complaints about other candidates
    VIEW_COMPLAINANT = "view_complainant"
    VIEW_COMPLAINTS = "view_complaints"  # complaints about candidates: content, files, findings
    WRITE_TERM_REPORT = "write_term_report"
    REVIEW_TERM_REPORT = "review_term_report"
    ACCEPT_TERM_REPORT = "accept_term_report"
    OVERRIDE_TERM_REPORT = "override_term_report"
    MANAGE_TEAM = "manage_team"  # election team, count board
    CHECK_IN = "check_in"
    ENTER_COUNT = "enter_count"
    RESOLVE_COUNT = "resolve_count"
    CORRECT_SEALED_COUNT = "correct_sealed_count"
    SIGN_DECISION = "sign_decision"
    VIEW_DASHBOARD = "view_dashboard"
    REPORT_DIFFICULTY = "report_difficulty"
    RESPOND_DIFFICULTY = "respond_difficulty"
    VIEW_DIFFICULTIES = "view_difficulties"  # read difficulty reports and their responses
    VIEW_AUDIT = "view_audit"
    BATCH_PRINT = "batch_print"
    VIEW_SYSTEM_STATE = "view_system_state"  # the background worker's state


WARD_STAFF = {Role.WARD_OFFICIAL, Role.FRONT_OFFICIAL, Role.ADMIN}
LEADERSHIP = {Role.WARD_OFFICIAL, Role.CHAIRMAN, Role.ADMIN}

PERMISSIONS: dict[str, set[Role]] = {
    Action.VIEW_WARD: WARD_STAFF | {Role.CHAIRMAN, Role.COMMITTEE_MEMBER, Role.INSPECTION},
    Action.VIEW_PERSONAL_DATA: WARD_STAFF | {Role.CHAIRMAN, Role.CELL_SECRETARY},
    Action.IMPORT_ROLL: {Role.WARD_OFFICIAL, Role.ADMIN},
    # The register is the ward's record (civil status, residence): kept by its officials, read by cells.
    Action.EDIT_REGISTER: {Role.WARD_OFFICIAL, Role.ADMIN},
    Action.EXPORT_ROLL: WARD_STAFF | {Role.CELL_SECRETARY},
    Action.PRINT_PAPERS: WARD_STAFF | {Role.CHAIRMAN, Role.CELL_SECRETARY, Role.TEAM_MEMBER},
    # Party committee members print the ward's ballots too (issue 7); nothing with voters' data.
    Action.PRINT_BALLOTS: WARD_STAFF | {Role.CHAIRMAN, Role.CELL_SECRETARY, Role.TEAM_MEMBER, Role.COMMITTEE_MEMBER},
    Action.MANAGE_CAMPAIGN: WARD_STAFF,
    Action.UPDATE_DIRECTIVE_TASK: WARD_STAFF
    | {Role.CHAIRMAN, Role.COMMITTEE_MEMBER, Role.INSPECTION, Role.CELL_SECRETARY},
    Action.ADVANCE_STAGE: WARD_STAFF,
    Action.NOMINATE: WARD_STAFF | {Role.CELL_SECRETARY},
    Action.VET_CANDIDATE: WARD_STAFF,
    Action.APPROVE_CANDIDATES: WARD_STAFF,
    Action.RECEIVE_COMPLAINT: WARD_STAFF | {Role.INSPECTION},
    Action.HANDLE_PARTY_COMPLAINT: {Role.INSPECTION, Role.ADMIN},
    Action.HANDLE_COMPLAINT: WARD_STAFF,
    Action.VIEW_COMPLAINANT: {Role.INSPECTION, Role.CHAIRMAN, Role.WARD_OFFICIAL, Role.ADMIN},
    Action.VIEW_COMPLAINTS: WARD_STAFF | {Role.CHAIRMAN, Role.INSPECTION},
    Action.WRITE_TERM_REPORT: WARD_STAFF | {Role.CELL_SECRETARY},
    Action.REVIEW_TERM_REPORT: {Role.CELL_SECRETARY, Role.ADMIN},
    Action.ACCEPT_TERM_REPORT: {Role.WARD_OFFICIAL, Role.ADMIN},
    Action.OVERRIDE_TERM_REPORT: {Role.WARD_OFFICIAL, Role.ADMIN},
    Action.MANAGE_TEAM: WARD_STAFF,
    Action.CHECK_IN: WARD_STAFF | {Role.TEAM_MEMBER},
    Action.ENTER_COUNT: {Role.TEAM_MEMBER, Role.ADMIN},
    Action.RESOLVE_COUNT: {Role.TEAM_MEMBER, Role.WARD_OFFICIAL, Role.ADMIN},
    Action.CORRECT_SEALED_COUNT: {Role.WARD_OFFICIAL, Role.ADMIN},
    Action.SIGN_DECISION: {Role.CHAIRMAN, Role.ADMIN},
    Action.VIEW_DASHBOARD: WARD_STAFF | {Role.CHAIRMAN, Role.COMMITTEE_MEMBER, Role.INSPECTION},
    Action.REPORT_DIFFICULTY: {Role.COMMITTEE_MEMBER, Role.ADMIN},
    Action.RESPOND_DIFFICULTY: {Role.COMMITTEE_MEMBER, Role.CHAIRMAN, Role.ADMIN},
    # Ward officials are told of each report (notices) and open it from the dashboard.
    Action.VIEW_DIFFICULTIES: {Role.COMMITTEE_MEMBER, Role.CHAIRMAN, Role.WARD_OFFICIAL, Role.ADMIN},
    Action.VIEW_AUDIT: WARD_STAFF | {Role.CHAIRMAN, Role.COMMITTEE_MEMBER, Role.INSPECTION, Role.CELL_SECRETARY},
    Action.BATCH_PRINT: WARD_STAFF | {Role.CHAIRMAN, Role.COMMITTEE_MEMBER},
    Action.VIEW_SYSTEM_STATE: {Role.ADMIN},
}

# Roles whose jurisdiction is the whole ward (read access to every group of their ward).
WARD_WIDE_ROLES = {
    Role.WARD_OFFICIAL,
    Role.FRONT_OFFICIAL,
    Role.CHAIRMAN,
    Role.COMMITTEE_MEMBER,
    Role.INSPECTION,
}


def _active(user: User | None) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def visible_wards(user: User) -> QuerySet[Ward]:
    Ward = _register_model("Ward")
    if not _active(user):
        return Ward.objects.none()
    if user.role == Role.ADMIN:
        return Ward.objects.all()
    return Ward.objects.filter(pk=user.ward_id)


def visible_groups(user: User) -> QuerySet[ResidentialGroup]:
    """Every residential group this user may see, and no other."""
    groups = _register_model("ResidentialGroup").objects.all()
    if not _active(user):
        return groups.none()
    if user.role == Role.ADMIN:
        return groups
    if user.ward_id is None:
        return groups.none()
    groups = groups.filter(ward_id=user.ward_id)
    if user.role in WARD_WIDE_ROLES:
        return groups
    if user.role == Role.CELL_SECRETARY:
        return groups.filter(party_cell_id=user.party_cell_id) if user.party_cell_id else groups.none()
    if user.role == Role.TEAM_MEMBER:
        return groups.filter(pk=user.group_id) if user.group_id else groups.none()
    return groups.none()


def area_groups(user: User) -> QuerySet[ResidentialGroup]:
    """The groups a user follows personally: a committee member's assigned area, else what they see."""
    if _active(user) and user.role == Role.COMMITTEE_MEMBER:
        return visible_groups(user).filter(pk__in=user.assigned_groups.values("pk"))
    return visible_groups(user)


def visible_cells(user: User):
    PartyCell = _register_model("PartyCell")
    if not _active(user):
        return PartyCell.objects.none()
    if user.role == Role.ADMIN:
        return PartyCell.objects.all()
    cells = PartyCell.objects.filter(ward_id=user.ward_id)
    if user.role in WARD_WIDE_ROLES:
        return cells
    if user.role == Role.CELL_SECRETARY:
        return cells.filter(pk=user.party_cell_id)
    if user.role == Role.TEAM_MEMBER:
        return cells.filter(groups__pk=user.group_id)
    return cells.none()


def can_by_role(user: User | None, action: str, group: ResidentialGroup | None = None) -> bool:
    """Do this user's role and jurisdiction allow `action` (on `group`), before any election-day membership?

    For deciding whether an account may be seated on a team or a board; everything else asks `can`."""
    if not _active(user):
        return False
    if user.role not in PERMISSIONS.get(action, set()):
        return False
    if group is None:
        return True
    if action == Action.REPORT_DIFFICULTY and user.role == Role.COMMITTEE_MEMBER:
        return area_groups(user).filter(pk=group.pk).exists()
    return visible_groups(user).filter(pk=group.pk).exists()


def can(user: User | None, action: str, group: ResidentialGroup | None = None) -> bool:
    """May this user do `action`, on `group` when the action concerns one group?"""
    if not can_by_role(user, action, group):
        return False
    assert user is not None  # can_by_role has refused None
    if group is not None and user.role == Role.TEAM_MEMBER and action in ELECTION_DAY_ACTIONS:
        # Of the whole group (its pages, its buttons): a place on its team, or a seat on one of its count
        # boards. What may be done at one sitting is decided by `sitting_refusal`, seat by seat.
        if action in TEAM_ACTIONS:
            return user.team_memberships.filter(group_election__group=group).exists()
        return user.count_board_memberships.filter(conference__group_election__group=group).exists()
    return True


def require(user: User | None, action: str, group: ResidentialGroup | None = None) -> None:
    if not can(user, action, group):
        raise PermissionDenied(_("You are not allowed to do this."))


# ---- election day: rights that follow membership --------------------------------------------------
#
# For an election-team account these rights come from where the person sits today, never from the group
# named on the account: check-in, the head count and opening the sitting and the vote from a place on
# that group's election team; entering the count from a seat on that sitting's count board, settling the
# two entries and sealing from the head's seat. Removing the person from the team or the board takes the
# right away at once. Ward staff keep the team's rights by role, to record a sitting from its paper minutes.

TEAM_ACTIONS = frozenset({Action.CHECK_IN})
BOARD_ACTIONS = frozenset({Action.ENTER_COUNT, Action.RESOLVE_COUNT})
ELECTION_DAY_ACTIONS = TEAM_ACTIONS | BOARD_ACTIONS
BOARD_HEAD = "head"  # elections.conference.models.BoardRole.HEAD (this module sits below that app)


def _seated(user: User, action: str) -> QuerySet:
    """The user's places that carry `action`: team places, or (head) seats on count boards."""
    if action in TEAM_ACTIONS:
        return user.team_memberships.all()
    seats = user.count_board_memberships.all()
    return seats.filter(role=BOARD_HEAD) if action == Action.RESOLVE_COUNT else seats


def seat_exists(user: User | None, action: str) -> Exists | Value:
    """What `sitting_refusal` reads from the database, as an expression over a Conference query, so that the
    query fetching the sitting reads the place too (pass the value on as `seated=`).

    A team account: its place on the sitting's team (or seat on its board). Anyone else: true, and the query
    must then be scoped by `visible_groups(user)`, which is all `sitting_refusal` reads for them."""
    if not _active(user) or user.role != Role.TEAM_MEMBER or action not in ELECTION_DAY_ACTIONS:
        return Value(True, output_field=BooleanField())
    if action in TEAM_ACTIONS:
        return Exists(_seated(user, action).filter(group_election_id=OuterRef("group_election_id")))
    return Exists(_seated(user, action).filter(conference_id=OuterRef("pk")))


def sitting_refusal(user: User | None, action: str, conference, *, seated: bool | None = None) -> str | None:
    """Why this user may not do the election-day `action` at this sitting (a sentence to show), or None.

    `seated`: the `seat_exists` value read with the sitting (by a query scoped by `visible_groups(user)`) in
    this request; None reads it here."""
    group_election = conference.group_election
    group = group_election.group
    if not _active(user) or user.role not in PERMISSIONS.get(action, set()):
        return _("You are not allowed to do this.")
    if user.role != Role.TEAM_MEMBER or action not in ELECTION_DAY_ACTIONS:
        allowed = can_by_role(user, action, group) if seated is None else seated
        return None if allowed else _("You are not allowed to do this.")
    if (group.pk, group.ward_id) != (user.group_id, user.ward_id):  # what `visible_groups` allows them
        return _("You are not allowed to do this.")
    if seated is None:
        if action in TEAM_ACTIONS:
            seated = _seated(user, action).filter(group_election_id=group_election.pk).exists()
        else:
            seated = _seated(user, action).filter(conference_id=conference.pk).exists()
    if action in TEAM_ACTIONS:
        if seated:
            return None
        return _(
            "You are not on the election team of %(group)s (any more): check-in, the head count and opening "
            "the sitting and the vote are for its members only. Nothing was recorded. If this is a mistake, "
            "ask the ward office to add you to the team again."
        ) % {"group": group}
    if seated:
        return None
    if action == Action.RESOLVE_COUNT:
        return _(
            "Only the head of the count board of sitting %(seq)s of %(group)s (or a ward official) can settle "
            "and seal the count. Nothing was recorded."
        ) % {"seq": conference.sequence, "group": group}
    return _(
        "You are not on the count board of sitting %(seq)s of %(group)s (any more): only its members enter "
        "the count. Nothing was recorded."
    ) % {"seq": conference.sequence, "group": group}


def can_at_sitting(user: User | None, action: str, conference, *, seated: bool | None = None) -> bool:
    return sitting_refusal(user, action, conference, seated=seated) is None


def require_at_sitting(user: User | None, action: str, conference, *, seated: bool | None = None) -> None:
    """403 with the reason when this user may not do `action` at this sitting."""
    reason = sitting_refusal(user, action, conference, seated=seated)
    if reason is not None:
        raise PermissionDenied(reason)


def group_for_user_or_404(user: User, pk: int) -> ResidentialGroup:
    """The group with this pk if the user may see it; otherwise 404, as if it did not exist."""
    group = visible_groups(user).select_related("ward", "party_cell").filter(pk=pk).first()
    if group is None:
        raise Http404(_("No such residential group."))
    return group


def scoped_or_404(user: User, queryset: QuerySet[_M], pk: object, *, group_path: str) -> _M:
    """An object whose residential group (reached by `group_path`) the user may see, else 404."""
    obj = queryset.filter(pk=pk, **{f"{group_path}__in": visible_groups(user)}).first()
    if obj is None:
        raise Http404(_("Not found."))
    return obj
