"""The roll file format, shared by the importer, the exporter and the template file.

One row per resident. The headers and the words in the cells are Vietnamese whatever the
interface language (the file is a register kept in Vietnamese spreadsheets); the importer
also accepts English headers and words.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from residents.models import Resident
from residents.names import fold

DATE_FORMAT = "%d/%m/%Y"
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
YES = "x"

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Vietnamese header, written by the exporter and the template
    aliases: tuple[str, ...]  # other accepted headers, any case, with or without diacritics
    required: bool
    width: int  # XLSX column width


COLUMNS: tuple[Column, ...] = (
    Column("household", "Số hộ", ("household number", "household no", "household", "so ho gia dinh"), True, 9),
    Column("address", "Địa chỉ", ("address", "dia chi ho"), False, 34),
    Column("is_head", "Chủ hộ", ("head of household", "head", "la chu ho"), True, 8),
    Column("full_name", "Họ và tên", ("ho ten", "full name", "name"), True, 28),
    Column("birth_date", "Ngày sinh", ("date of birth", "birth date", "dob"), True, 12),
    Column("gender", "Giới tính", ("gender", "sex"), True, 10),
    Column(
        "identity_number",
        "Số định danh",
        ("so dinh danh ca nhan", "so cccd", "cccd", "identity number", "id number", "personal identification number"),
        False,
        16,
    ),
    Column("residence", "Cư trú", ("tinh trang cu tru", "residence", "residence status"), False, 12),
    Column("party_member", "Đảng viên", ("party member",), False, 10),
    Column("party_admission_date", "Ngày vào Đảng", ("party admission date", "admission date"), False, 14),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
# Personal data: left out of exports for users who may not see it (Party membership counts too).
PERSONAL_COLUMNS = frozenset({"birth_date", "identity_number", "party_member", "party_admission_date"})

# Headers that are common in ward spreadsheets and carry nothing to import: ignored silently.
IGNORED_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "no", "#"})


def header_key(text: str) -> str:
    """The comparable form of a header: no diacritics, no case, no punctuation such as (*) or :."""
    return fold(re.sub(r"[^\w\s#]", " ", text or ""))


HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        HEADER_LOOKUP[header_key(_name)] = _column.key

GENDER_WORDS = {
    "nam": Resident.Gender.MALE,
    "male": Resident.Gender.MALE,
    "m": Resident.Gender.MALE,
    "nu": Resident.Gender.FEMALE,
    "female": Resident.Gender.FEMALE,
    "f": Resident.Gender.FEMALE,
}
GENDER_LABELS = {Resident.Gender.MALE: "Nam", Resident.Gender.FEMALE: "Nữ"}

RESIDENCE_WORDS = {
    "thuong tru": Resident.Residence.PERMANENT,
    "permanent": Resident.Residence.PERMANENT,
    "tam tru": Resident.Residence.TEMPORARY,
    "temporary": Resident.Residence.TEMPORARY,
}
RESIDENCE_LABELS = {Resident.Residence.PERMANENT: "Thường trú", Resident.Residence.TEMPORARY: "Tạm trú"}

YES_WORDS = frozenset({"x", "co", "yes", "y", "1", "true", "v", "\u2713", "\u2714"})
NO_WORDS = frozenset({"", "khong", "no", "n", "0", "false", "-"})

EXAMPLE_ROW = {
    "household": "1",
    "address": "Số 12, đường Lý Thần Tông",
    "is_head": YES,
    "full_name": "Nguyễn Văn An",
    "birth_date": "17/05/1970",
    "gender": "Nam",
    "identity_number": "046070001234",
    "residence": "Thường trú",
    "party_member": YES,
    "party_admission_date": "03/02/2000",
}


def neutralise(value: str) -> str:
    """A text cell that a spreadsheet cannot run as a formula: a leading apostrophe before = + - @ tab CR."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo `neutralise`, so an exported file re-imports unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def format_date(value: datetime.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def natural_key(text: str) -> tuple:
    """Household numbers in the order people expect: 2 before 10, 5a after 5."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", text))
