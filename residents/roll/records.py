"""What a roll file is read into: its rows, households and errors, and the text helpers that normalise cells
and names. Pure: no database access."""

from __future__ import annotations

import datetime
import functools
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from residents.names import fold
from residents.roll.columns import unneutralise


@dataclass
class RollError:
    """One problem with the file. `row` is the spreadsheet row (header = 1), `column` the header text."""

    reason: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s, column “%(column)s”: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        if self.row is not None:
            return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}
        return self.reason


@dataclass
class RollRow:
    """One resident as read from the file, values already checked and normalised."""

    row: int
    household: str
    address: str
    is_head: bool
    full_name: str
    birth_date: datetime.date | None
    gender: str
    identity_number: str
    residence: str
    is_party_member: bool
    party_admission_date: datetime.date | None

    @property
    def person_key(self) -> tuple[str, str, datetime.date | None]:
        return (self.household, name_key(self.full_name), self.birth_date)


@dataclass
class RollHousehold:
    number: str
    address: str
    rows: list[RollRow] = field(default_factory=list)

    @property
    def head(self) -> RollRow | None:
        return next((r for r in self.rows if r.is_head), None)


@dataclass
class ParsedRoll:
    filename: str
    file_format: str = ""  # "csv" or "xlsx"
    columns: set[str] = field(default_factory=set)  # keys of the columns present in the file
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header as written in the file
    rows: list[RollRow] = field(default_factory=list)
    households: dict[str, RollHousehold] = field(default_factory=dict)
    errors: list[RollError] = field(default_factory=list)
    warnings: list[RollError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def error_messages(self) -> list[str]:
        return [str(e) for e in self.errors]


class Unreadable(Exception):
    """The file cannot be read any further; the error is already recorded."""


def clean_text(value) -> str:
    """NFC, single spaces, no leading apostrophe that only guarded against formulas."""
    text = str(value)
    if not text:
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = " ".join(text.replace("\ufeff", "").split())
    return unneutralise(text)


@functools.lru_cache(maxsize=512)
def word(value: str) -> str:
    """A cell word (Nam, Nữ, x, Thường trú...) without case or diacritics; few distinct values, so cached."""
    return fold(value)


def name_key(full_name: str) -> str:
    """How two spellings of one name are recognised as the same: NFC, spaces collapsed, case-insensitive."""
    return " ".join(unicodedata.normalize("NFC", full_name).split()).casefold()
