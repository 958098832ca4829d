"""Reading and checking an uploaded roll file. Pure: no database access.

`roll_parse(content=..., filename=..., has_party_cell=...)` reads a CSV (UTF-8, with or without
BOM; ; , or tab separated) or an XLSX workbook (first sheet) and returns a `ParsedRoll` with
every error found, each naming the row as a spreadsheet numbers it (the header is row 1), the
column and the reason. Nothing is guessed: bytes that are not UTF-8 are refused with a message
saying so, a date that is not dd/mm/yyyy is refused with the value shown.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from residents.models import Household, Resident
from residents.roll.columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    GENDER_WORDS,
    HEADER_LOOKUP,
    IGNORED_HEADERS,
    MAX_ROWS,
    NO_WORDS,
    RESIDENCE_WORDS,
    YES_WORDS,
    format_date,
    header_key,
)
from residents.roll.reading import HEADER_SEARCH_ROWS, is_blank, read_table
from residents.roll.records import ParsedRoll, RollError, RollHousehold, RollRow, Unreadable, clean_text, word

EARLIEST_BIRTH = datetime.date(1900, 1, 1)

_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_IDENTITY = re.compile(r"^\d{12}$")


def roll_parse(*, content: bytes, filename: str, has_party_cell: bool = True) -> ParsedRoll:
    """Read and check a roll file; `has_party_cell` says whether the group can have Party members."""
    parsed = ParsedRoll(filename=filename)
    try:
        table = read_table(content, filename, parsed)
        header_row, mapping = _find_header(table, parsed)
        _read_rows(table, header_row, mapping, parsed, has_party_cell)
    except Unreadable:
        return parsed
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RollError(_("The file has a header row but no residents.")))
    if parsed.rows:
        _check_households(parsed)
    parsed.errors.sort(key=lambda e: e.row or 0)
    return parsed


# ---- header ---------------------------------------------------------------------------------


def _find_header(table: list[tuple[int, list]], parsed: ParsedRoll) -> tuple[int, dict[int, tuple[str, str]]]:
    """The header row's index in `table` and {cell index: (column key, header as written)}."""
    index = 0
    for i, (_number, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        keys = {HEADER_LOOKUP.get(header_key(_text(c))) for c in cells} - {None}
        if "full_name" in keys and len(keys) >= 3:
            index = i
            break
    header_number, cells = table[index]
    mapping: dict[int, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    for position, cell in enumerate(cells):
        written = clean_text(_text(cell))
        if not written:
            continue
        key = HEADER_LOOKUP.get(header_key(written))
        if key is None:
            if header_key(written) not in IGNORED_HEADERS:
                parsed.warnings.append(
                    RollError(
                        _("the column “%(column)s” is not part of the roll and was ignored.") % {"column": written},
                        row=header_number,
                    )
                )
            continue
        if key in seen:
            parsed.errors.append(
                RollError(
                    _("the column “%(column)s” appears twice (also as “%(other)s”).")
                    % {"column": written, "other": seen[key]},
                    row=header_number,
                )
            )
            continue
        seen[key] = written
        mapping[position] = (key, written)
    for column in COLUMNS:
        if column.required and column.key not in seen:
            parsed.errors.append(
                RollError(
                    _("the required column “%(column)s” is missing.") % {"column": column.header}, row=header_number
                )
            )
    if parsed.errors:
        raise Unreadable
    parsed.columns = set(seen)
    parsed.headers = dict(seen)
    data_rows = len(table) - index - 1
    if data_rows > MAX_ROWS:
        parsed.errors.append(
            RollError(
                _("The file has more than %(max)s rows of residents; import at most %(max)s rows at a time.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        )
        raise Unreadable
    return index, mapping


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return format_date(value.date())
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---- rows -----------------------------------------------------------------------------------


class _RowReader:
    """Reads the cells of one row, recording an error per bad cell."""

    def __init__(self, number: int, cells: list, mapping: dict[int, tuple[str, str]], parsed: ParsedRoll):
        self.number = number
        self.parsed = parsed
        self.headers = parsed.headers
        self.raw = {key: (cells[pos] if pos < len(cells) else None) for pos, (key, _w) in mapping.items()}
        self.ok = True

    def error(self, key: str, reason: str) -> None:
        self.ok = False
        column = self.headers.get(key) or COLUMN_BY_KEY[key].header
        self.parsed.errors.append(RollError(reason, row=self.number, column=column))

    def text(self, key: str, *, max_length: int | None = None) -> str:
        value = clean_text(_text(self.raw.get(key)))
        if max_length and len(value) > max_length:
            self.error(key, _("the text is too long (at most %(max)s characters).") % {"max": max_length})
        return value

    def flag(self, key: str) -> bool:
        value = self.text(key)
        folded = word(value)
        if folded in YES_WORDS:
            return True
        if folded not in NO_WORDS:
            self.error(
                key, _("“%(value)s” is not understood: write x for yes, or leave the cell empty.") % {"value": value}
            )
        return False

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        raw = self.raw.get(key)
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        value = self.text(key)
        if not value:
            if required:
                self.error(key, _("the date of birth is missing."))
            return None
        match = _DMY.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
        elif match := _ISO.match(value):
            year, month, day = (int(g) for g in match.groups())
        else:
            self.error(key, _("“%(value)s” is not a date in the form dd/mm/yyyy.") % {"value": value})
            return None
        try:
            return datetime.date(year, month, day)
        except ValueError:
            self.error(key, _("“%(value)s” is not a real date (dd/mm/yyyy).") % {"value": value})
            return None

    def identity(self, key: str) -> str:
        raw = self.raw.get(key)
        if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
            # Excel turned the number into a figure and dropped the leading zero of the province code.
            value = str(int(raw)).zfill(12)
        else:
            value = re.sub(r"[\s.]", "", self.text(key))
        if value and not _IDENTITY.match(value):
            self.error(
                key,
                _("“%(value)s” is not a valid identity number: it must have exactly 12 digits.") % {"value": value},
            )
        return value


def _read_rows(table, header_index: int, mapping, parsed: ParsedRoll, has_party_cell: bool) -> None:
    today = timezone.localdate()
    max_length = {f: Resident._meta.get_field(f).max_length for f in ("full_name", "identity_number")}
    household_max = Household._meta.get_field("number").max_length
    address_max = Household._meta.get_field("address").max_length
    for number, cells in table[header_index + 1 :]:
        r = _RowReader(number, cells, mapping, parsed)
        household = r.text("household", max_length=household_max)
        if not household:
            r.error("household", _("the household number is missing."))
        address = r.text("address", max_length=address_max)
        is_head = r.flag("is_head")
        full_name = r.text("full_name", max_length=max_length["full_name"])
        if not full_name:
            r.error("full_name", _("the full name is missing."))
        birth_date = r.date("birth_date", required=True)
        if birth_date and birth_date > today:
            r.error("birth_date", _("the date of birth %(date)s is in the future.") % {"date": format_date(birth_date)})
        elif birth_date and birth_date < EARLIEST_BIRTH:
            r.error(
                "birth_date",
                _("the date of birth %(date)s is before 1900: check the year.") % {"date": format_date(birth_date)},
            )
        gender_text = r.text("gender")
        gender = GENDER_WORDS.get(word(gender_text), "")
        if not gender_text:
            r.error("gender", _("the gender is missing (write Nam or Nữ)."))
        elif not gender:
            r.error("gender", _("unknown gender “%(value)s” (write Nam or Nữ).") % {"value": gender_text})
        identity = r.identity("identity_number")
        residence_text = r.text("residence")
        residence = RESIDENCE_WORDS.get(word(residence_text)) if residence_text else Resident.Residence.PERMANENT
        if residence is None:
            r.error(
                "residence",
                _("unknown residence status “%(value)s” (write Thường trú or Tạm trú).") % {"value": residence_text},
            )
        is_member = r.flag("party_member")
        admission = r.date("party_admission_date")
        if is_member and not has_party_cell:
            r.error(
                "party_member",
                _(
                    "this residential group is not covered by any Party cell, so Party members cannot be "
                    "recorded: assign the group's Party cell first."
                ),
            )
        if is_member and admission is None and "party_admission_date" not in r.headers:
            r.error("party_member", _("a Party member needs a Party admission date, but the file has no such column."))
        elif is_member and admission is None and not is_blank(r.raw.get("party_admission_date")):
            pass  # the unreadable date is already reported
        elif is_member and admission is None:
            r.error("party_admission_date", _("the Party admission date of a Party member is missing."))
        elif admission and not is_member:
            r.error(
                "party_admission_date",
                _("a Party admission date is given but the resident is not marked as a Party member."),
            )
        elif admission and admission > today:
            r.error(
                "party_admission_date",
                _("the Party admission date %(date)s is in the future.") % {"date": format_date(admission)},
            )
        elif admission and birth_date and admission <= birth_date:
            r.error(
                "party_admission_date",
                _("the Party admission date %(date)s is not after the date of birth %(birth)s.")
                % {"date": format_date(admission), "birth": format_date(birth_date)},
            )
        parsed.rows.append(
            RollRow(
                row=number,
                household=household,
                address=address,
                is_head=is_head,
                full_name=full_name,
                birth_date=birth_date,
                gender=gender,
                identity_number=identity,
                residence=residence or Resident.Residence.PERMANENT,
                is_party_member=is_member,
                party_admission_date=admission if is_member else None,
            )
        )


def _check_households(parsed: ParsedRoll) -> None:
    """Rules across rows: one head per household, no person twice, one address per household."""
    headers = {column.key: parsed.headers.get(column.key, column.header) for column in COLUMNS}
    identities: dict[str, int] = {}
    people: dict[tuple, int] = {}
    for row in parsed.rows:
        if not row.household:
            continue
        household = parsed.households.get(row.household)
        if household is None:
            household = parsed.households[row.household] = RollHousehold(number=row.household, address=row.address)
        elif row.address and household.address and row.address != household.address:
            first = household.rows[0].row
            parsed.errors.append(
                RollError(
                    _(
                        "the address differs from the one given for household %(household)s "
                        "on row %(first)s (“%(address)s”)."
                    )
                    % {"household": row.household, "first": first, "address": household.address},
                    row=row.row,
                    column=headers["address"],
                )
            )
        elif row.address and not household.address:
            household.address = row.address
        household.rows.append(row)
        if row.identity_number:
            if row.identity_number in identities:
                parsed.errors.append(
                    RollError(
                        _("the identity number %(number)s is already given on row %(first)s.")
                        % {"number": row.identity_number, "first": identities[row.identity_number]},
                        row=row.row,
                        column=headers["identity_number"],
                    )
                )
            else:
                identities[row.identity_number] = row.row
        if row.full_name and row.birth_date:
            key = row.person_key
            if key in people:
                parsed.errors.append(
                    RollError(
                        _(
                            "duplicate person: %(name)s, born %(birth)s, is already on row %(first)s "
                            "in household %(household)s."
                        )
                        % {
                            "name": row.full_name,
                            "birth": format_date(row.birth_date),
                            "first": people[key],
                            "household": row.household,
                        },
                        row=row.row,
                        column=headers["full_name"],
                    )
                )
            else:
                people[key] = row.row
    for household in parsed.households.values():
        heads = [r for r in household.rows if r.is_head]
        if not heads:
            parsed.errors.append(
                RollError(
                    _("household %(household)s has no head: mark its head with x in this column.")
                    % {"household": household.number},
                    row=household.rows[0].row,
                    column=headers["is_head"],
                )
            )
        for extra in heads[1:]:
            parsed.errors.append(
                RollError(
                    _("household %(household)s already has a head on row %(first)s; a household has one head.")
                    % {"household": household.number, "first": heads[0].row},
                    row=extra.row,
                    column=headers["is_head"],
                )
            )
