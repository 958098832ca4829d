"""The stages of a group's election: one declarative table, and the one mechanism that moves between them.

`TABLE` names every transition once: the stages it leaves from, the stage it enters, who owns it,
the preconditions that must hold, the words of its button and the colour of the stage's badge.
Everything else (`STAGE_RANK`, `STAGE_BADGES`, `TRANSITION_ACTION`, the group page's buttons, the
generic "move" URL) is read from it.

Who owns a transition:
- `PERSON`: a person's button on the group page (the generic move). Its service registers with
  `@person_service(stage)`.
- the name of an evidence service: the stage is entered only by that service, as it records the
  evidence (the vote opened, the count accepted, the count sealed, the re-vote's sitting, the
  decision). The service holds the `Owner` that `evidence_owner(name)` issues once per name and
  passes it to `group_election_transition`; nothing else can make that object, so neither the
  generic button nor any other code path can enter those stages.

Apps add what they know without this module importing them: `@register_precondition(stage)` for a
check the table names (it returns a translated reason, or None); `@register_on_enter(stage)` for
the work that belongs to entering a stage (freezing lists, ...), inside the same transaction.
Apps register in their `AppConfig.ready()` by importing their `workflow_hooks` module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, can
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, domain_error_from
from elections.models import GroupElection, Stage

PERSON = "person"


@dataclass(frozen=True)
class Transition:
    target: str
    sources: frozenset[str]
    owner: str  # PERSON, or the name of the one service that records the stage's evidence
    action: str  # what the acting user's role must be allowed (accounts.access)
    label: Promise  # a person's button; for an evidence transition, how the stage is reached
    badge: str  # Bootstrap colour of the badge of the target stage
    rank: int  # how far along the procedure the target stage is
    preconditions: tuple[str, ...] = ()  # names of the checks apps register for this move
    revote_cycle: bool = False  # goes back to an earlier step: nobody elected, the conference again

    @property
    def person_owned(self) -> bool:
        return self.owner == PERSON


INITIAL = Stage.PLANNED
INITIAL_BADGE = "secondary"

# A re-vote goes back to the conference, so NO_WINNER and REVOTE_SCHEDULED rank below it.
TABLE: tuple[Transition, ...] = (
    Transition(
        target=Stage.PREPARING,
        sources=frozenset({Stage.PLANNED}),
        owner=PERSON,
        action=Action.ADVANCE_STAGE,
        label=gettext_lazy("Start preparing candidates"),
        badge="info",
        rank=1,
        preconditions=("plan_is_complete",),
    ),
    Transition(
        target=Stage.LIST_APPROVED,
        sources=frozenset({Stage.PREPARING}),
        owner=PERSON,
        action=Action.APPROVE_CANDIDATES,
        label=gettext_lazy("Approve the candidate list"),
        badge="primary",
        rank=2,
        preconditions=("candidate_list_ready",),
    ),
    Transition(
        target=Stage.LISTS_POSTED,
        sources=frozenset({Stage.LIST_APPROVED}),
        owner=PERSON,
        action=Action.ADVANCE_STAGE,
        label=gettext_lazy("Record the lists as posted"),
        badge="primary",
        rank=3,
        preconditions=("candidate_list_postable",),
    ),
    Transition(
        target=Stage.CONFERENCE_HELD,
        sources=frozenset({Stage.LISTS_POSTED, Stage.REVOTE_SCHEDULED}),
        owner="conference_open_vote",
        action=Action.CHECK_IN,
        label=gettext_lazy("recorded when the conference, with its quorum and count board, opens the vote"),
        badge="warning",
        rank=5,
        preconditions=("vote_opened_with_quorum",),
    ),
    Transition(
        target=Stage.COUNTED,
        sources=frozenset({Stage.CONFERENCE_HELD}),
        owner="count_accept",
        action=Action.RESOLVE_COUNT,
        label=gettext_lazy(
            "recorded when the two entries of the count agree, or when the head of the count board resolves them"
        ),
        badge="warning",
        rank=6,
        preconditions=("count_accepted",),
    ),
    Transition(
        target=Stage.ELECTED,
        sources=frozenset({Stage.COUNTED}),
        owner="count_seal",
        action=Action.RESOLVE_COUNT,
        label=gettext_lazy("recorded when the count is sealed and its result elects a leader"),
        badge="success",
        rank=7,
        preconditions=("sealed_count_elects",),
    ),
    Transition(
        target=Stage.NO_WINNER,
        sources=frozenset({Stage.COUNTED}),
        owner="count_seal",
        action=Action.RESOLVE_COUNT,
        label=gettext_lazy("recorded when the count is sealed and its result elects nobody"),
        badge="danger",
        rank=4,
        preconditions=("sealed_count_elects_nobody",),
        revote_cycle=True,
    ),
    Transition(
        target=Stage.REVOTE_SCHEDULED,
        sources=frozenset({Stage.NO_WINNER}),
        owner="revote_schedule",
        action=Action.ADVANCE_STAGE,
        label=gettext_lazy("recorded when a ward official schedules the re-vote on the result of the sealed count"),
        badge="danger",
        rank=4,
        preconditions=("revote_sitting_scheduled",),
        revote_cycle=True,
    ),
    Transition(
        target=Stage.RECOGNISED,
        sources=frozenset({Stage.ELECTED}),
        owner="decision_issue",
        action=Action.SIGN_DECISION,
        label=gettext_lazy("recorded when the chairman issues the recognition decision"),
        badge="success",
        rank=8,
        preconditions=("decision_issued",),
    ),
)

TRANSITIONS: dict[str, Transition] = {t.target: t for t in TABLE}
STAGE_RANK: dict[str, int] = {INITIAL: 0} | {t.target: t.rank for t in TABLE}
STAGE_BADGES: dict[str, str] = {INITIAL: INITIAL_BADGE} | {t.target: t.badge for t in TABLE}
TRANSITION_ACTION: dict[str, str] = {t.target: t.action for t in TABLE}
EVIDENCE_SERVICES: frozenset[str] = frozenset(t.owner for t in TABLE if not t.person_owned)


class Owner:
    """Who is moving the stage: the person at the generic button, or the one service that owns a stage.

    Compared by identity: an Owner made anywhere else than `evidence_owner` owns nothing.
    """

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"<Owner {self.name}>"


PERSON_OWNER = Owner(PERSON)
_issued: dict[str, Owner] = {}


def evidence_owner(name: str) -> Owner:
    """The owner of the stages the table gives to service `name`; issued once, to that service's module."""
    if name not in EVIDENCE_SERVICES:
        raise ImproperlyConfigured(f"No stage of the workflow table is owned by {name!r}.")
    if name in _issued:
        raise ImproperlyConfigured(f"The owner {name!r} was already issued; it belongs to one service.")
    _issued[name] = Owner(name)
    return _issued[name]


def _owns(owner: Owner, transition: Transition) -> bool:
    if transition.person_owned:
        return owner is PERSON_OWNER
    return owner.name == transition.owner and _issued.get(owner.name) is owner


Precondition = Callable[[GroupElection], "str | None"]
OnEnter = Callable[..., None]

_preconditions: dict[str, list[Precondition]] = defaultdict(list)
_on_enter: dict[str, list[OnEnter]] = defaultdict(list)
_person_services: dict[str, Callable[..., GroupElection]] = {}


class TransitionError(DomainError):
    """A move between stages was refused; `reasons` are translated sentences for the user."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(*reasons)


def register_precondition(stage: str) -> Callable[[Precondition], Precondition]:
    """Adds a check the table names for `stage` (by the function's name)."""

    def decorator(func: Precondition) -> Precondition:
        if stage not in TRANSITIONS or func.__name__ not in TRANSITIONS[stage].preconditions:
            raise ImproperlyConfigured(f"The workflow table names no precondition {func.__name__!r} for {stage!r}.")
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


_Service = TypeVar("_Service", bound=Callable[..., GroupElection])


def person_service(stage: str) -> Callable[[_Service], _Service]:
    """Marks the service behind a person's button for `stage`; only person-owned stages have one."""

    def decorator(func: _Service) -> _Service:
        if stage not in TRANSITIONS or not TRANSITIONS[stage].person_owned:
            raise ImproperlyConfigured(f"{stage!r} is not entered by a person's button in the workflow table.")
        _person_services[stage] = func
        return func

    return decorator


def service_for_button(stage: str) -> Callable[..., GroupElection] | None:
    """The service the generic move calls for `stage`, or None when no person's button enters it."""
    transition = TRANSITIONS.get(stage)
    if transition is None or not transition.person_owned:
        return None
    return _person_services.get(stage)


def missing_preconditions() -> list[tuple[str, str]]:
    """(stage, name) of each precondition the table names but no app registered (a system check)."""
    registered = {(stage, f.__name__) for stage, funcs in _preconditions.items() for f in funcs}
    return [(t.target, name) for t in TABLE for name in t.preconditions if (t.target, name) not in registered]


def check_table(app_configs=None, **kwargs) -> list:
    """System check: every precondition the table names is registered by some app."""
    return [
        Error(f"The workflow table names the precondition {name!r} for {stage!r}, but no app registers it.")
        for stage, name in missing_preconditions()
    ]


def blocking_reasons(
    group_election: GroupElection, target: str, *, actor: User | None = None, owner: Owner | None = None
) -> list[str]:
    """Why the election cannot move to `target` now (empty when it can).

    With `owner`, also whether that owner may enter the stage at all (None: the question is not asked).
    """
    transition = TRANSITIONS.get(target)
    if transition is None:
        return [_("Unknown stage.")]
    if owner is not None and not _owns(owner, transition):
        return [
            _("“%(target)s” cannot be recorded by hand: it is %(how)s.")
            % {"target": Stage(target).label, "how": transition.label}
        ]
    if group_election.stage not in transition.sources:
        return [
            _("A group in stage “%(current)s” cannot move to “%(target)s”.")
            % {"current": Stage(group_election.stage).label, "target": Stage(target).label}
        ]
    reasons: list[str] = []
    if actor is not None and not can(actor, transition.action, group_election.group):
        reasons.append(_("Your role may not move this group to “%(target)s”.") % {"target": Stage(target).label})
    for check in _preconditions[target]:
        reason = check(group_election)
        if reason:
            reasons.append(reason)
    return reasons


def group_election_transition(
    *,
    group_election: GroupElection,
    target: str,
    actor: User | None,
    note: str = "",
    changes: dict | None = None,
    owner: Owner = PERSON_OWNER,
) -> GroupElection:
    """Move one group's election to `target`, or raise TransitionError with every reason.

    `owner` is the person at the generic button unless the service that owns `target` passes its own.
    `changes` are other fields of the group election set in the same move (a re-vote's new date,
    the posting time); they are saved and audited together with the stage.
    """
    changes = dict(changes or {})
    with transaction.atomic():
        locked = GroupElection.objects.select_for_update().select_related("group", "campaign").get(pk=group_election.pk)
        reasons = blocking_reasons(locked, target, actor=actor, owner=owner)
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
                raise domain_error_from(exc, locked) from exc
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
            event=Event.STAGE_CHANGED,
            before=before,
            after=after,
            group=locked.group,
            note=note,
        )
    group_election.refresh_from_db()
    return group_election


def next_transitions(group_election: GroupElection) -> list[Transition]:
    """The transitions that leave the current stage (whether or not their preconditions hold)."""
    return [t for t in TABLE if group_election.stage in t.sources]


def stages_for_user(group_election: GroupElection, user: User) -> list[str]:
    """The next stages this user may enter with a button (preconditions are checked on the move)."""
    return [
        t.target
        for t in next_transitions(group_election)
        if t.person_owned and can(user, t.action, group_election.group)
    ]


def stage_reached(stage: str, step: str) -> bool:
    """Whether a group in `stage` has reached (or passed) `step`."""
    return STAGE_RANK[stage] >= STAGE_RANK[step]
