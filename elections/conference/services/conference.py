"""The conference: scheduling, opening, opening the vote, adjourning. (The count board is elected in
`services.board`; the scan of the signed minutes is kept by `services.minutes`.)

Status: scheduled -> open -> voting -> counted -> sealed (the last two by the count services),
or scheduled/open -> adjourned, which schedules the next sitting of the same election.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.access import Action
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, changed_fields, snapshot
from config.errors import DomainError, validate
from elections.conference.models import BoardRole, Conference, Elector, VotingMethod
from elections.conference.selectors import present_count
from elections.conference.services.team import (
    refuse_unless_seated,
)
from elections.conference.tasks import lay_out_invitations_after_commit
from elections.models import GroupElection, Stage
from elections.rules import has_quorum
from elections.termreports.selectors import conference_opening_blocker
from elections.workflow import evidence_owner, group_election_transition

# The group's lists must be posted before its conference can open.
# Opening the vote is what makes the conference held: the workflow gives that stage to this module alone.
_VOTE_OPENED = evidence_owner("conference_open_vote")

OPENABLE_STAGES = {Stage.LISTS_POSTED, Stage.REVOTE_SCHEDULED}
# Once a leader is elected there is no further sitting.
FINAL_STAGES = {Stage.ELECTED, Stage.RECOGNISED}

_STATUS_FIELDS = ["status", "opened_at", "vote_opened_at", "voting_method", "electorate_size", "present_at_vote"]
DETAIL_FIELDS = [
    "scheduled_at",
    "venue",
    "chair_name",
    "chair_position",
    "secretary_name",
    "secretary_position",
    "guest_official",
    "guest_cell_secretary",
    "other_guests",
    "term_report_note",
    "discussion",
    "floor_nominations",
    "opinions",
    "ended_at",
]
# Where the sitting is and when may change only before it opens.
_SCHEDULE_FIELDS = {"scheduled_at", "venue"}


def lock_conference(conference: Conference) -> Conference:
    return (
        Conference.objects.select_for_update(of=("self",))
        .select_related("group_election", "group_election__group", "group_election__campaign__legal_profile")
        .get(pk=conference.pk)
    )


def status_label(conference: Conference) -> str | Promise:
    return Conference.Status(conference.status).label


def _default_guests(group_election: GroupElection) -> dict:
    official = group_election.official_in_charge
    cell = group_election.group.party_cell
    secretary = cell.secretary if cell is not None else None
    return {
        "guest_official": official.display_name if official is not None else "",
        "guest_cell_secretary": secretary.full_name if secretary is not None else "",
    }


def conference_schedule(
    *,
    group_election: GroupElection,
    actor: User | None,
    scheduled_at: datetime.datetime,
    venue: str,
    chair_name: str = "",
    secretary_name: str = "",
    is_revote: bool = False,
    previous: Conference | None = None,
    note: str = "",
) -> Conference:
    """Schedule the next sitting of a group's conference (the first one, a re-vote, or after an adjournment)."""
    venue = (venue or "").strip()
    if not venue:
        raise DomainError(_("Enter the venue of the conference."), field="venue")
    with transaction.atomic():
        locked = (
            GroupElection.objects.select_for_update(of=("self",))
            .select_related("group", "group__party_cell")
            .get(pk=group_election.pk)
        )
        if locked.stage in FINAL_STAGES:
            raise DomainError(
                _("%(group)s has already elected its leader; no further conference can be scheduled.")
                % {"group": locked.group}
            )
        active = locked.conferences.filter(status__in=Conference.ACTIVE_STATUSES).first()
        if active is not None:
            raise DomainError(
                _("Sitting %(seq)s of this conference is still “%(status)s”: finish or adjourn it first.")
                % {"seq": active.sequence, "status": status_label(active)}
            )
        last = locked.conferences.order_by("-sequence").first()
        if previous is None:
            previous = last
        conference = Conference(
            group_election=locked,
            sequence=(last.sequence + 1) if last else 1,
            previous=previous,
            is_revote=is_revote,
            scheduled_at=scheduled_at,
            venue=venue,
            chair_name=(chair_name or (previous.chair_name if previous else "")).strip(),
            chair_position=previous.chair_position if previous else "",
            secretary_name=(secretary_name or (previous.secretary_name if previous else "")).strip(),
            secretary_position=previous.secretary_position if previous else "",
            other_guests=previous.other_guests if previous else "",
            created_by=actor if getattr(actor, "pk", None) else None,
            **_default_guests(locked),
        )
        validate(conference)
        try:
            with transaction.atomic():
                conference.save()
        except IntegrityError as exc:
            raise DomainError(_("Another sitting was scheduled at the same moment; reload the page.")) from exc
        audit_log(
            actor=actor,
            obj=conference,
            event=Event.CONFERENCE_SCHEDULED,
            after=snapshot(conference, ["sequence", "scheduled_at", "venue", "is_revote"]),
            group=locked.group,
            note=note,
        )
        lay_out_invitations_after_commit(locked.pk)  # they invite to this sitting
    return conference


def conference_update(*, conference: Conference, actor: User | None, **changes) -> Conference:
    """Correct the details of a sitting (chair, guests, agenda notes, opinions, end time)."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock_conference(conference)
        if locked.status in (Conference.Status.SEALED, Conference.Status.ADJOURNED):
            raise DomainError(
                _("Sitting %(seq)s is “%(status)s”: its details can no longer be changed.")
                % {"seq": locked.sequence, "status": status_label(locked)}
            )
        before = snapshot(locked, DETAIL_FIELDS)
        for name, value in changes.items():
            if isinstance(value, str):
                value = value.strip()
            if (
                name in _SCHEDULE_FIELDS
                and locked.status != Conference.Status.SCHEDULED
                and value != getattr(locked, name)
            ):
                raise DomainError(
                    _("The date and venue cannot change once the conference has opened; adjourn it instead."),
                    field=name,
                )
            setattr(locked, name, value)
        if locked.ended_at and locked.opened_at and locked.ended_at < locked.opened_at:
            raise DomainError(_("The end time cannot be before the conference opened."), field="ended_at")
        if not locked.venue:
            raise DomainError(_("Enter the venue of the conference."), field="venue")
        validate(locked)
        old, new = changed_fields(before, snapshot(locked, DETAIL_FIELDS))
        if new:
            locked.save(update_fields=list(new))
            audit_log(
                actor=actor,
                obj=locked,
                event=Event.CONFERENCE_UPDATED,
                before=old,
                after=new,
                group=locked.group_election.group,
            )
            if _SCHEDULE_FIELDS & set(new):
                lay_out_invitations_after_commit(locked.group_election_id)
    return locked


def conference_open(*, conference: Conference, actor: User | None, at: datetime.datetime | None = None) -> Conference:
    """The chair declares the conference open; the electorate is frozen on it.

    `at` is the time the chair opened it, when recorded afterwards from the paper minutes (default: now).
    """
    # Imported here: the term-report app is built alongside and depends on this one's peers.
    with transaction.atomic():
        locked = lock_conference(conference)
        group_election = locked.group_election
        refuse_unless_seated(actor=actor, action=Action.CHECK_IN, conference=locked)
        if locked.status != Conference.Status.SCHEDULED:
            raise DomainError(
                _("Sitting %(seq)s is “%(status)s”; only a scheduled sitting can be opened.")
                % {"seq": locked.sequence, "status": status_label(locked)}
            )
        if group_election.stage not in OPENABLE_STAGES:
            raise DomainError(
                _("The conference cannot open: the group is in stage “%(stage)s”; the lists must be posted first.")
                % {"stage": Stage(group_election.stage).label}
            )
        reason = conference_opening_blocker(group_election)
        if reason:
            raise DomainError(reason)
        size = Elector.objects.filter(group_election=group_election).count()
        if size == 0:
            raise DomainError(_("The electorate of this group is empty: the voter list was not frozen when posted."))
        if locked.head_count is not None and locked.head_count > size:
            raise DomainError(
                _("The head count (%(count)s) is larger than the electorate (%(size)s).")
                % {"count": locked.head_count, "size": size},
                field="head_count",
            )
        before = snapshot(locked, _STATUS_FIELDS)
        locked.status = Conference.Status.OPEN
        locked.opened_at = at or timezone.now()
        locked.electorate_mode = group_election.campaign.electorate_mode
        locked.electorate_size = size
        locked.save(update_fields=["status", "opened_at", "electorate_mode", "electorate_size"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.CONFERENCE_OPENED,
            before=before,
            after=snapshot(locked, _STATUS_FIELDS),
            group=group_election.group,
        )
    return locked


def board_bounds_problem(*, conference: Conference, size: int) -> str | None:
    rules = conference.group_election.campaign.legal_profile.rules()
    low, high = rules.count_board_min, rules.count_board_max
    if low is not None and size < low or high is not None and size > high:
        if low is not None and high is not None:
            return _("The count board must have %(low)s to %(high)s members; it has %(size)s.") % {
                "low": low,
                "high": high,
                "size": size,
            }
        if low is not None:
            return _("The count board must have at least %(low)s members; it has %(size)s.") % {
                "low": low,
                "size": size,
            }
        return _("The count board may have at most %(high)s members; it has %(size)s.") % {"high": high, "size": size}
    return None


def conference_open_vote(
    *, conference: Conference, actor: User | None, voting_method: str, at: datetime.datetime | None = None
) -> Conference:
    """Open the vote: only with a quorum, a voting method and a count board. The group moves to
    "Conference held"."""
    if voting_method not in VotingMethod.values:
        raise DomainError(_("Choose the voting method decided by the conference."), field="voting_method")
    with transaction.atomic():
        locked = lock_conference(conference)
        group_election = locked.group_election
        refuse_unless_seated(actor=actor, action=Action.CHECK_IN, conference=locked)
        if locked.status != Conference.Status.OPEN:
            raise DomainError(
                _("The vote cannot be opened: sitting %(seq)s is “%(status)s”, not open.")
                % {"seq": locked.sequence, "status": status_label(locked)}
            )
        rules = group_election.campaign.legal_profile.rules()
        electorate = locked.electorate_size or 0
        present = present_count(locked)
        if not has_quorum(electorate=electorate, present=present, rules=rules):
            raise DomainError(
                _(
                    "The vote cannot be opened: %(present)s of %(electorate)s present is not more than "
                    "%(percent)s %% of the electorate. Adjourn the conference and set a new date."
                )
                % {
                    "present": present,
                    "electorate": electorate,
                    "percent": format(rules.quorum_percent.normalize(), "f"),
                }
            )
        board = list(locked.board_members.all())
        if not any(m.role == BoardRole.HEAD for m in board):
            raise DomainError(
                _("The vote cannot be opened: the conference has not elected a count board with its head.")
            )
        problem = board_bounds_problem(conference=locked, size=len(board))
        if problem:
            raise DomainError(problem)
        before = snapshot(locked, _STATUS_FIELDS)
        locked.status = Conference.Status.VOTING
        locked.voting_method = voting_method
        locked.present_at_vote = present
        locked.vote_opened_at = at or timezone.now()
        if locked.opened_at and locked.vote_opened_at < locked.opened_at:
            raise DomainError(_("The vote cannot open before the conference itself opened."))
        locked.save(update_fields=["status", "voting_method", "present_at_vote", "vote_opened_at"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.CONFERENCE_VOTE_OPENED,
            before=before,
            after=snapshot(locked, _STATUS_FIELDS),
            group=group_election.group,
        )
        group_election_transition(
            group_election=group_election,
            target=Stage.CONFERENCE_HELD,
            actor=actor,
            note=_("Vote opened at sitting %(seq)s.") % {"seq": locked.sequence},
            owner=_VOTE_OPENED,
        )
    return locked


def conference_adjourn(
    *, conference: Conference, actor: User | None, reason: str, new_scheduled_at: datetime.datetime, new_venue: str = ""
) -> Conference:
    """Record the sitting as adjourned (e.g. no quorum) and schedule the next one. Returns the new sitting."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason for adjourning, e.g. fewer than half of the households present."), field="reason"
        )
    with transaction.atomic():
        locked = lock_conference(conference)
        if locked.status not in (Conference.Status.SCHEDULED, Conference.Status.OPEN):
            raise DomainError(
                _("Sitting %(seq)s is “%(status)s” and can no longer be adjourned.")
                % {"seq": locked.sequence, "status": status_label(locked)}
            )
        if new_scheduled_at <= locked.scheduled_at:
            raise DomainError(
                _("The new date must be after the adjourned sitting (%(date)s).")
                % {"date": timezone.localtime(locked.scheduled_at).strftime("%d/%m/%Y %H:%M")},
                field="new_scheduled_at",
            )
        before = snapshot(locked, ["status", "adjourn_reason"])
        locked.status = Conference.Status.ADJOURNED
        locked.adjourn_reason = reason
        if locked.ended_at is None:
            locked.ended_at = timezone.now()
        locked.save(update_fields=["status", "adjourn_reason", "ended_at"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.CONFERENCE_ADJOURNED,
            before=before,
            after=snapshot(locked, ["status", "adjourn_reason"]),
            group=locked.group_election.group,
            note=reason,
        )
        return conference_schedule(
            group_election=locked.group_election,
            actor=actor,
            scheduled_at=new_scheduled_at,
            venue=new_venue or locked.venue,
            previous=locked,
            is_revote=locked.is_revote,
            note=_("After sitting %(seq)s was adjourned.") % {"seq": locked.sequence},
        )
