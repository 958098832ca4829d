"""Writing a group's roll (and the empty template) as CSV and XLSX, in the import's own format.

An exported file re-imports with no changes. No cell can run as a formula when the file is
opened in a spreadsheet: text starting with = + - @ tab or CR gets a leading apostrophe
(OWASP "CSV injection"), and XLSX text cells are written as strings, never as formulas.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone
from django.utils.text import slugify

from residents.models import Resident, ResidentialGroup
from residents.roll.columns import (
    COLUMNS,
    EXAMPLE_ROW,
    GENDER_LABELS,
    PERSONAL_COLUMNS,
    RESIDENCE_LABELS,
    YES,
    format_date,
    natural_key,
    neutralise,
)

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
DATE_COLUMNS = frozenset({"birth_date", "party_admission_date"})


def _columns(personal: bool):
    return [c for c in COLUMNS if personal or c.key not in PERSONAL_COLUMNS]


def roll_records(*, group: ResidentialGroup) -> list[dict]:
    """One dict per resident of the group (column key -> value), households in number order, head first."""
    residents = list(
        Resident.objects.present()
        .filter(household__group=group)
        .select_related("household")
        .order_by("household_id", "pk")
    )
    residents.sort(key=lambda r: (natural_key(r.household.number), r.household_id, r.household.head_id != r.pk, r.pk))
    return [
        {
            "household": r.household.number,
            "address": r.household.address,
            "is_head": YES if r.household.head_id == r.pk else "",
            "full_name": r.full_name,
            "birth_date": r.birth_date,
            "gender": GENDER_LABELS.get(r.gender, r.gender),
            "identity_number": r.identity_number,
            "residence": RESIDENCE_LABELS.get(r.residence_status, r.residence_status),
            "party_member": YES if r.is_party_member else "",
            "party_admission_date": r.party_admission_date,
        }
        for r in residents
    ]


def _csv(records: list[dict], columns) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for record in records:
        row = []
        for c in columns:
            value = record[c.key]
            row.append(format_date(value) if c.key in DATE_COLUMNS else neutralise(str(value or "")))
        writer.writerow(row)
    # The BOM makes Excel read the file as UTF-8, so Vietnamese letters show correctly.
    return out.getvalue().encode("utf-8-sig")


def _xlsx(records: list[dict], columns, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Roll")
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(value: str, font=None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        cell.data_type = "s"  # a string, even if it looks like a formula or a number
        if font:
            cell.font = font
        return cell

    sheet.append([text_cell(c.header, bold) for c in columns])
    for record in records:
        row = []
        for c in columns:
            value = record[c.key]
            if c.key in DATE_COLUMNS:
                cell = WriteOnlyCell(sheet, value=value if isinstance(value, datetime.date) else None)
                cell.number_format = "DD/MM/YYYY"
                row.append(cell)
            else:
                row.append(text_cell(str(value or "")))
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def roll_file(*, group: ResidentialGroup, file_format: str, personal: bool) -> tuple[bytes, str, str, int]:
    """(content, file name, content type, number of residents) of the group's roll."""
    records = roll_records(group=group)
    columns = _columns(personal)
    stem = f"danh-sach-ho-{slugify(group.code) or group.pk}-{timezone.localdate():%Y%m%d}"
    if file_format == "xlsx":
        return _xlsx(records, columns, group.name), f"{stem}.xlsx", XLSX_TYPE, len(records)
    return _csv(records, columns), f"{stem}.csv", CSV_TYPE, len(records)


def roll_template(*, file_format: str) -> tuple[bytes, str, str]:
    """The empty roll: the headers and one example row, to fill in."""
    example = dict(EXAMPLE_ROW)
    for key in DATE_COLUMNS:
        example[key] = datetime.datetime.strptime(example[key], "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
    columns = list(COLUMNS)
    if file_format == "xlsx":
        return _xlsx([example], columns, "Danh sách"), "mau-danh-sach-ho.xlsx", XLSX_TYPE
    return _csv([example], columns), "mau-danh-sach-ho.csv", CSV_TYPE
