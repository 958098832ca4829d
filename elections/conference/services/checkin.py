"""The frozen electorate and check-in at the door.

The electorate is copied from the register when the group's lists are posted, so later
changes to the register (a move, a death) never change who may vote on the day. Check-in
is idempotent: a double tap, or two phones marking the same household, gives one row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.access import Action
from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError
from elections.conference.models import Attendance, Conference, Elector
from elections.conference.selectors import conference_electorate
from elections.conference.services.team import refuse_unless_seated
from elections.models import GroupElection
from residents.names import fold
from residents.selectors import electorate_rows

CHECK_IN_STATUSES = (Conference.Status.SCHEDULED, Conference.Status.OPEN)


def _value(row, *names, default=None):
    """A field of an electorate row, whether the row is a mapping or an object."""
    for name in names:
        if isinstance(row, dict):
            if name in row:
                return row[name]
        elif hasattr(row, name):
            return getattr(row, name)
    return default


def electorate_freeze(*, group_election: GroupElection, actor: User | None) -> int:
    """Copy the group's electorate from the register into Elector rows; returns their number.

    Done once, when the lists are posted; re-votes and later sittings reuse it.
    """
    with transaction.atomic():
        locked = (
            GroupElection.objects.select_for_update(of=("self",))
            .select_related("group", "campaign")
            .get(pk=group_election.pk)
        )
        existing = Elector.objects.filter(group_election=locked).count()
        if existing:
            return existing
        campaign = locked.campaign
        rows = list(electorate_rows(locked.group, mode=campaign.electorate_mode, on_date=campaign.election_day))
        electors = []
        for index, row in enumerate(rows, start=1):
            household = _value(row, "household")
            resident = _value(row, "resident")
            name = str(_value(row, "name", "full_name", default="") or (resident.full_name if resident else "")).strip()
            household_number = _value(row, "household_number", default=None)
            if household_number is None:
                household_number = household.number if household is not None else ""
            address = _value(row, "address", default="") or (household.address if household is not None else "")
            electors.append(
                Elector(
                    group_election=locked,
                    number=_value(row, "number", default=index) or index,
                    household=household,
                    household_number=household_number or "",
                    resident=resident,
                    full_name=name,
                    name_folded=fold(name),
                    birth_date=_value(row, "birth_date", default=None),
                    gender=str(_value(row, "gender", default="") or "")[:1],
                    residence=str(_value(row, "residence", "residence_status", default="") or "")[:20],
                    address=(address or "")[:255],
                )
            )
        Elector.objects.bulk_create(electors)
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.ELECTORATE_FROZEN,
            after={"electorate_mode": campaign.electorate_mode, "size": len(electors)},
            group=locked.group,
        )
    return len(electors)


def _check_open_for_check_in(conference: Conference) -> None:
    if conference.status not in CHECK_IN_STATUSES:
        raise DomainError(
            _("Check-in is closed: sitting %(seq)s is “%(status)s”.")
            % {"seq": conference.sequence, "status": Conference.Status(conference.status).label}
        )


def _check_elector(conference: Conference, elector: Elector) -> None:
    if elector.group_election_id != conference.group_election_id:
        raise DomainError(_("This person is not on the electorate of this group."))


# `present=UNREAD`: the caller has not read the elector's check-in at this sitting; the service reads it.
UNREAD = object()


def attendance_mark(
    *, conference: Conference, elector: Elector, actor: User | None, seated: bool | None = None, present=UNREAD
) -> tuple[Attendance, bool]:
    """Mark one elector present. Returns (row, created); marking twice is harmless.

    At the door the caller has read, with the sitting (`selectors.checkin_target_or_404`), the actor's place
    (`seated`) and the elector's check-in (`present`: the row, or None): nothing is read again, and a check-in
    is the row and its audit entry."""
    _check_elector(conference, elector)
    _check_open_for_check_in(conference)
    refuse_unless_seated(actor=actor, action=Action.CHECK_IN, conference=conference, seated=seated)
    if present is UNREAD:
        present = Attendance.objects.filter(conference=conference, elector=elector).first()
    if present is not None:
        return present, False
    try:
        # The row and its audit entry commit together.
        with transaction.atomic():
            attendance = Attendance.objects.create(
                conference=conference, elector=elector, checked_in_by=actor if getattr(actor, "pk", None) else None
            )
            audit_log(
                actor=actor,
                obj=attendance,
                event=Event.CHECKED_IN,
                after={"elector": elector.number, "name": elector.full_name},
                group=conference.group_election.group,
            )
    except IntegrityError:
        # Another tap (or another phone) got there first: same result, one row.
        return Attendance.objects.get(conference=conference, elector=elector), False
    return attendance, True


def attendance_undo(
    *, conference: Conference, elector: Elector, actor: User | None, seated: bool | None = None, present=UNREAD
) -> bool:
    """Remove a check-in made by mistake. Returns whether there was one (`seated`, `present`: as for
    `attendance_mark`)."""
    _check_elector(conference, elector)
    _check_open_for_check_in(conference)
    refuse_unless_seated(actor=actor, action=Action.CHECK_IN, conference=conference, seated=seated)
    if present is UNREAD:
        present = Attendance.objects.filter(conference=conference, elector=elector).first()
    if present is None:
        return False
    with transaction.atomic():
        # By its key and owners: a row another phone removed meanwhile is no undo of ours, and no audit entry.
        deleted, _rows = Attendance.objects.filter(pk=present.pk, conference=conference, elector=elector).delete()
        if not deleted:
            return False
        audit_log(
            actor=actor,
            obj=present,
            event=Event.CHECK_IN_UNDONE,
            before={"elector": elector.number, "name": elector.full_name},
            group=conference.group_election.group,
        )
    return True


def conference_set_head_count(*, conference: Conference, actor: User | None, head_count: int | None) -> Conference:
    """Enter (or clear, with None) a manual count of those present, used instead of the check-ins."""
    with transaction.atomic():
        locked = (
            Conference.objects.select_for_update(of=("self",))
            .select_related("group_election__group")
            .get(pk=conference.pk)
        )
        _check_open_for_check_in(locked)
        refuse_unless_seated(actor=actor, action=Action.CHECK_IN, conference=locked)
        if head_count is not None:
            electorate = conference_electorate(locked)
            if head_count < 0:
                raise DomainError(_("The head count cannot be negative."), field="head_count")
            if head_count > electorate:
                raise DomainError(
                    _("The head count (%(count)s) cannot exceed the electorate (%(size)s).")
                    % {"count": head_count, "size": electorate},
                    field="head_count",
                )
        before = {"head_count": locked.head_count}
        locked.head_count = head_count
        locked.save(update_fields=["head_count"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.HEAD_COUNT_SET,
            before=before,
            after={"head_count": head_count},
            group=locked.group_election.group,
        )
    return locked
