"""Reading an uploaded roll file into a table of rows: CSV (UTF-8 with or without BOM, UTF-16; ; , or tab
separated) or an XLSX workbook (first sheet), refusing what cannot be read safely."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from residents.roll.columns import MAX_BYTES, MAX_ROWS
from residents.roll.records import ParsedRoll, RollError, Unreadable

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common in ward spreadsheets
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def read_table(content: bytes, filename: str, parsed: ParsedRoll) -> list[tuple[int, list]]:
    """Every non-empty row of the file as (spreadsheet row number, cell values)."""
    if not content or not content.strip():
        parsed.errors.append(RollError(_("The file is empty.")))
        raise Unreadable
    if len(content) > MAX_BYTES:
        parsed.errors.append(
            RollError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)})
        )
        raise Unreadable
    if content.startswith(XLS_MAGIC):
        parsed.errors.append(
            RollError(
                _(
                    "This is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it as "
                    "“Excel Workbook (.xlsx)” or “CSV UTF-8”, then upload it again."
                )
            )
        )
        raise Unreadable
    if content.startswith(XLSX_MAGIC):
        parsed.file_format = "xlsx"
        rows = _xlsx_rows(content, parsed)
    else:
        parsed.file_format = "csv"
        rows = _csv_rows(content, parsed)
    table = []
    data_rows = 0
    for number, cells in rows:
        if all(is_blank(c) for c in cells):
            continue
        table.append((number, cells))
        data_rows += 1
        # The header is one of these rows; one more than the limit is enough to know it is too long.
        if data_rows > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
            break
    if not table:
        parsed.errors.append(RollError(_("The file is empty.")))
        raise Unreadable
    return table


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decode(content: bytes, parsed: ParsedRoll) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")  # Excel's "Unicode Text": unambiguous thanks to its BOM
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        parsed.errors.append(
            RollError(
                _(
                    "Wrong encoding: the file is not UTF-8 text (the first invalid character is on line "
                    "%(line)s). It was probably saved in Windows-1258, TCVN3 (ABC) or VNI, which would turn "
                    "Vietnamese letters into wrong characters. In Excel choose Save As → “CSV UTF-8 "
                    "(Comma delimited)”, or upload the .xlsx workbook instead."
                )
                % {"line": line}
            )
        )
        raise Unreadable from None


def _csv_rows(content: bytes, parsed: ParsedRoll) -> Iterator[tuple[int, list]]:
    text = _decode(content, parsed)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in a Vietnamese locale separates with ";"; others with "," or a tab.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for cells in reader:
            number += 1
            yield number, cells
    except csv.Error:
        parsed.errors.append(
            RollError(
                _("The CSV file cannot be read after row %(row)s (a broken quote or a NUL byte).") % {"row": number}
            )
        )
        raise Unreadable from None


def _xlsx_rows(content: bytes, parsed: ParsedRoll) -> Iterator[tuple[int, list]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            # A small file that unpacks to gigabytes (a "zip bomb") is refused before it is read.
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise zipfile.BadZipFile("too large once unpacked")
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        parsed.errors.append(RollError(_("The Excel file cannot be read: it is damaged or not an .xlsx workbook.")))
        raise Unreadable from None
    try:
        if not workbook.worksheets:
            return
        for number, cells in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()
