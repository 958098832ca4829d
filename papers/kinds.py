"""The kinds of paper batch printing knows: kind -> (label, who may print it, function producing one group's PDF).

Each kind states who may print it (`actions`: the actions of `accounts.access`, any of which allows it,
the same its single-paper view requires), so a batch grants nothing that printing one group's paper
refuses: the job is refused, and a job's file is listed and downloaded only by those allowed its kind.

Each producer takes a GroupElection and the job's options and returns PDF bytes, or raises
`DomainError` with a sentence saying why this group's paper cannot be made yet (no approved
candidates, no conference held, ...). A ward-level kind (`ward_level=True`, the plan) is made once
for the whole ward: its producer takes the Campaign instead.

The kinds themselves belong to the apps that own the records: each app registers its own from a small
`paper_kinds.py` imported in its `AppConfig.ready()`, so a broken paper module stops the start-up instead
of vanishing from the print menu. `position` is the kind's place in the procedure, which is the order of
the print form and of a set's pages; kinds registered without one come after, in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from config.errors import DomainError

Producer = Callable[..., bytes]


@dataclass(frozen=True)
class PaperKind:
    code: str
    label: str | Promise
    producer: Producer
    # Whether the kind takes a number of copies (ballots).
    takes_copies: bool = False
    # Who may print it: any of these actions (on the group, for one group's paper).
    actions: tuple[str, ...] = (Action.PRINT_PAPERS,)
    # One paper for the whole ward (the plan), not one per group: the producer takes the campaign.
    ward_level: bool = False
    # Whether the paper has a place at the group's stage (a re-vote notice only after a failed vote): a set
    # of kinds leaves out what does not apply instead of listing it as an error.
    applies: Callable[..., bool] | None = None
    # The kind's place in the procedure (None: after the placed kinds, in registration order).
    position: int | None = None

    def applies_to(self, subject) -> bool:
        return self.applies is None or bool(self.applies(subject))

    def may_print(self, user: User, group=None) -> bool:
        return any(can(user, action, group) for action in self.actions)


_REGISTRY: dict[str, PaperKind] = {}


def register_kind(
    code: str,
    label: str | Promise,
    *,
    takes_copies: bool = False,
    actions: tuple[str, ...] = (Action.PRINT_PAPERS,),
    ward_level: bool = False,
    applies: Callable[..., bool] | None = None,
    position: int | None = None,
) -> Callable[[Producer], Producer]:
    def decorator(func: Producer) -> Producer:
        _REGISTRY[code] = PaperKind(
            code=code,
            label=label,
            producer=func,
            takes_copies=takes_copies,
            actions=actions,
            ward_level=ward_level,
            applies=applies,
            position=position,
        )
        return func

    return decorator


def all_kinds() -> list[PaperKind]:
    """Every kind, in the order of the procedure."""
    registered = list(_REGISTRY.values())
    placed = sorted((kind for kind in registered if kind.position is not None), key=lambda kind: kind.position)
    return placed + [kind for kind in registered if kind.position is None]


def available_kinds(user: User | None = None) -> list[PaperKind]:
    """The kinds that can be printed (and, given a user, that this user may print), in the procedure's order."""
    return [kind for kind in all_kinds() if user is None or kind.may_print(user)]


def refused_kinds(user: User) -> list[str]:
    """Codes of the kinds this user may not print (their jobs are neither listed nor downloaded for them)."""
    return [kind.code for kind in all_kinds() if not kind.may_print(user)]


def get_kind(code: str) -> PaperKind | None:
    return _REGISTRY.get(code)


def kind_label(code: str) -> str | Promise:
    kind = _REGISTRY.get(code)
    return kind.label if kind else code


def produce(code: str, group_election, options: dict | None = None) -> bytes:
    """One group's PDF of this kind (the campaign's, for a ward-level kind); DomainError when it cannot be made."""
    kind = _REGISTRY.get(code)
    if kind is None:
        raise DomainError(_("This kind of paper cannot be printed yet."))
    data = kind.producer(group_election, options or {})
    if not data:
        raise DomainError(_("The paper came out empty."))
    return data
