"""What the ward register asks of the elections above it, without importing them.

The register's pages show the current campaign's reference date, each group's election stage and the
voter list as posted. Those belong to `elections`, which sits above `residents`; so `elections` fills
these hooks in its `AppConfig.ready()` (the stage machine's registry is the same pattern). Unfilled,
the register behaves as if no campaign were set up.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Campaign(Protocol):
    """What the register reads of an election campaign."""

    pk: int
    election_day: datetime.date
    electorate_mode: str
    previous_term_label: str


@dataclass
class ElectionHooks:
    # The ward's current campaign (by ward id), or None.
    current_campaign: Callable[[int], Any] = lambda ward_id: None
    # An expression giving the stage of the group (OuterRef("pk")) in the campaign, for an annotation.
    stage_of_group: Callable[[Any], Any] | None = None
    # Stage code -> translated label.
    stage_labels: Callable[[], dict] = dict


hooks = ElectionHooks()


def register_election_hooks(*, current_campaign, stage_of_group, stage_labels) -> None:
    """Called once by the elections app's ready()."""
    hooks.current_campaign = current_campaign
    hooks.stage_of_group = stage_of_group
    hooks.stage_labels = stage_labels
