"""What the conference's own papers read of the count, without importing the count app.

The count app sits above the conference (it imports it, never the other way round). The minutes of a
sitting print the count's figures and the fingerprint registered when the count is sealed, so the count
app fills these two hooks in its `AppConfig.ready()` (`elections/count/hooks.py`), the way the stage
machine's hooks are filled (`elections/workflow.py`). Unfilled (the count app not installed), the minutes
print as a blank form for the figures and without a fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from elections.conference.models import Conference

_summary: Callable[[Conference], dict | None] | None = None
_minutes_verification: Callable[[Conference], Any] | None = None


def register_count_summary(function: Callable[[Conference], dict | None]) -> Callable:
    """The count's figures of a sitting for its minutes: a dict, or None while there is no count."""
    global _summary
    _summary = function
    return function


def register_minutes_verification(function: Callable[[Conference], Any]) -> Callable:
    """The fingerprint and QR code the minutes print (a `PaperVerification`), or None before the seal."""
    global _minutes_verification
    _minutes_verification = function
    return function


def count_summary(conference: Conference) -> dict | None:
    return _summary(conference) if _summary is not None else None


def minutes_verification(conference: Conference):
    return _minutes_verification(conference) if _minutes_verification is not None else None
