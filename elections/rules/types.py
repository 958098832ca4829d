"""Types shared by the rules modules."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

from django.utils.functional import Promise

K = TypeVar("K", bound=Hashable)

# A user-facing text: a plain str or a lazy translation proxy.
LazyText = str | Promise
