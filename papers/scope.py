"""What batch printing must know of the domain, filled in by the elections app in its `ready()`.

The paper layer sits below the elections: it cannot import GroupElection to find the groups a job covers.
The elections app registers one `PrintScope` (see `elections/print_scope.py`), as the stage machine's hooks are
registered (`elections/workflow.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """Who a section of a batch PDF is for: its bookmark title, and the name and code its errors carry."""

    title: str
    name: str
    code: str = ""


@dataclass(frozen=True)
class PrintScope:
    # (campaign, user, party_cell_id or None, group_election id or None) -> the group elections, in print order.
    subjects: Callable[..., object]
    # A group election -> its section (the group's name and code).
    group_section: Callable[[object], Section]
    # A campaign -> the section of the ward's own papers (the plan).
    ward_section: Callable[[object], Section]
    # A campaign -> its label (the batch PDF's title).
    campaign_label: Callable[[object], str]


_SCOPE: list[PrintScope] = []


def register_scope(scope: PrintScope) -> None:
    _SCOPE[:] = [scope]


def scope() -> PrintScope:
    if not _SCOPE:
        raise LookupError("No print scope registered: the elections app registers it in its ready().")
    return _SCOPE[0]
