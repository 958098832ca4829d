"""The stages of a group's election and the one mechanism that moves between them.

Each app adds what it knows to a transition without this module importing it:
`@register_precondition(Stage.LIST_APPROVED)` returns a reason (a translated string) when
the move must be refused, or None; `@register_on_enter(Stage.LISTS_POSTED)` does the work that
belongs to entering a stage (freezing lists, ...), inside the same transaction.
Apps register in their `AppConfig.ready()` by importing their `workflow_hooks` module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from audit.services import audit_log, snapshot
from config.errors import DomainError
from elections.models import GroupElection, Stage

# target stage -> the stages it may be entered from
TRANSITIONS: dict[str, set[str]] = {
    Stage.PREPARING: {Stage.PLANNED},
    Stage.LIST_APPROVED: {Stage.PREPARING},
    Stage.LISTS_POSTED: {Stage.LIST_APPROVED},
    Stage.CONFERENCE_HELD: {Stage.LISTS_POSTED, Stage.REVOTE_SCHEDULED},
    Stage.COUNTED: {Stage.CONFERENCE_HELD},
    Stage.ELECTED: {Stage.COUNTED},
    Stage.NO_WINNER: {Stage.COUNTED},
    Stage.REVOTE_SCHEDULED: {Stage.NO_WINNER},
    Stage.RECOGNISED: {Stage.ELECTED},
}

# target stage -> the action a user needs to perform the move
TRANSITION_ACTION: dict[str, str] = {
    Stage.PREPARING: Action.ADVANCE_STAGE,
    Stage.LIST_APPROVED: Action.APPROVE_CANDIDATES,
    Stage.LISTS_POSTED: Action.ADVANCE_STAGE,
    Stage.CONFERENCE_HELD: Action.CHECK_IN,
    Stage.COUNTED: Action.RESOLVE_COUNT,
    Stage.ELECTED: Action.RESOLVE_COUNT,
    Stage.NO_WINNER: Action.RESOLVE_COUNT,
    Stage.REVOTE_SCHEDULED: Action.ADVANCE_STAGE,
    Stage.RECOGNISED: Action.SIGN_DECISION,
}

Precondition = Callable[[GroupElection], "str | None"]
OnEnter = Callable[..., None]

_preconditions: dict[str, list[Precondition]] = defaultdict(list)
_on_enter: dict[str, list[OnEnter]] = defaultdict(list)


class TransitionError(DomainError):
    """A move between stages was refused; `reasons` are translated sentences for the user."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(*reasons)


def register_precondition(stage: str) -> Callable[[Precondition], Precondition]:
    def decorator(func: Precondition) -> Precondition:
        if func not in _preconditions[stage]:
            _preconditions[stage].append(func)
        return func

    return decorator


def register_on_enter(stage: str) -> Callable[[OnEnter], OnEnter]:
    """Called as func(group_election=..., actor=...) after the stage is set, before the audit entry."""

    def decorator(func: OnEnter) -> OnEnter:
        if func not in _on_enter[stage]:
            _on_enter[stage].append(func)
        return func

    return decorator


def blocking_reasons(group_election: GroupElection, target: str, *, actor=None) -> list[str]:
    """Why the election cannot move to `target` now (empty when it can)."""
    reasons: list[str] = []
    if target not in TRANSITIONS:
        return [_("Unknown stage.")]
    if group_election.stage not in TRANSITIONS[target]:
        reasons.append(
            _("A group in stage “%(current)s” cannot move to “%(target)s”.")
            % {"current": Stage(group_election.stage).label, "target": Stage(target).label}
        )
        return reasons
    if actor is not None and not can(actor, TRANSITION_ACTION[target], group_election.group):
        reasons.append(_("Your role may not move this group to “%(target)s”.") % {"target": Stage(target).label})
    for check in _preconditions[target]:
        reason = check(group_election)
        if reason:
            reasons.append(reason)
    return reasons


def group_election_transition(
    *, group_election: GroupElection, target: str, actor, note: str = "", changes: dict | None = None
) -> GroupElection:
    """Move one group's election to `target`, or raise TransitionError with every reason.

    `changes` are other fields of the group election set in the same move (a re-vote's new date,
    the posting time); they are saved and audited together with the stage.
    """
    changes = dict(changes or {})
    with transaction.atomic():
        locked = GroupElection.objects.select_for_update().select_related("group", "campaign").get(pk=group_election.pk)
        reasons = blocking_reasons(locked, target, actor=actor)
        if reasons:
            raise TransitionError(reasons)
        before = {"stage": locked.stage, **snapshot(locked, changes)}
        locked.stage = target
        locked.stage_changed_at = timezone.now()
        for name, value in changes.items():
            setattr(locked, name, value)
        if changes:
            try:
                locked.clean_fields(exclude=[f.name for f in GroupElection._meta.fields if f.name not in changes])
            except ValidationError as exc:
                raise DomainError(*exc.messages) from exc
        locked.save(update_fields=["stage", "stage_changed_at", *changes])
        for hook in _on_enter[target]:
            hook(group_election=locked, actor=actor)
        after = {"stage": target, **snapshot(locked, changes)}
        # Only the fields that moved, besides the stage itself.
        unchanged = [k for k in changes if before.get(k) == after.get(k)]
        for key in unchanged:
            before.pop(key, None)
            after.pop(key, None)
        audit_log(
            actor=actor,
            obj=locked,
            event="stage_changed",
            before=before,
            after=after,
            group=locked.group,
            note=note,
        )
    group_election.refresh_from_db()
    return group_election


def next_stages(group_election: GroupElection) -> list[str]:
    """The stages reachable from the current one (whether or not their preconditions hold)."""
    return [target for target, sources in TRANSITIONS.items() if group_election.stage in sources]


def stages_for_user(group_election: GroupElection, user) -> list[str]:
    """The next stages this user's role may move the group to (preconditions are checked on the move)."""
    return [
        target for target in next_stages(group_election) if can(user, TRANSITION_ACTION[target], group_election.group)
    ]


# How far along the procedure each stage is, for "has the group passed this step?" questions.
# A re-vote goes back to the conference, so NO_WINNER and REVOTE_SCHEDULED sit between.
STAGE_RANK: dict[str, int] = {
    Stage.PLANNED: 0,
    Stage.PREPARING: 1,
    Stage.LIST_APPROVED: 2,
    Stage.LISTS_POSTED: 3,
    Stage.NO_WINNER: 4,
    Stage.REVOTE_SCHEDULED: 4,
    Stage.CONFERENCE_HELD: 5,
    Stage.COUNTED: 6,
    Stage.ELECTED: 7,
    Stage.RECOGNISED: 8,
}


def stage_reached(stage: str, step: str) -> bool:
    """Whether a group in `stage` has reached (or passed) `step`."""
    return STAGE_RANK[stage] >= STAGE_RANK[step]
