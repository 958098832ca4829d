"""Shared by the roll tests: file builders and the check of the roll's Vietnamese catalogue.

The roll's msgids live in the residents catalogue; `roll_translations` checks once that it compiles
cleanly and that the committed django.mo is that compilation, so the Vietnamese assertions test the
translations the product ships.
"""

from __future__ import annotations

import csv
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from residents.roll.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]
CATALOGUE = Path(__file__).resolve().parents[2] / "residents" / "locale" / "vi" / "LC_MESSAGES"


_checked: dict[str, bool] = {}


def _check_catalogue() -> None:
    if not _checked:
        with tempfile.TemporaryDirectory(prefix="roll_locale_") as target:
            compiled = Path(target) / "django.mo"
            subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True)
            assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), (
                "residents/locale/vi: django.mo is not the compiled django.po (run compilemessages)"
            )
        _checked["ok"] = True


@pytest.fixture(autouse=True)
def roll_translations():
    _check_catalogue()


def row(**overrides) -> dict:
    """One resident row (column header -> cell), a valid head of household 1 unless overridden."""
    values = {
        "Số hộ": "1",
        "Địa chỉ": "Số 1, đường Lý Thần Tông",
        "Chủ hộ": "x",
        "Họ và tên": "Nguyễn Văn An",
        "Ngày sinh": "17/05/1970",
        "Giới tính": "Nam",
        "Số định danh": "",
        "Cư trú": "Thường trú",
        "Đảng viên": "",
        "Ngày vào Đảng": "",
    }
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict], *, headers=None, bom: bool = False, delimiter: str = ",", encoding="utf-8") -> bytes:
    headers = headers or HEADERS
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.get(h, "") for h in headers])
    return out.getvalue().encode("utf-8-sig" if bom else encoding)


def xlsx_bytes(rows: list[list], *, headers=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers or HEADERS)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def family(number: str = "1", *, surname: str = "Nguyễn", year: int = 1970, **head) -> list[dict]:
    """A household of three: head, spouse, child."""
    return [
        row(**{"Số hộ": number, "Họ và tên": f"{surname} Văn Bình", "Ngày sinh": f"01/02/{year}", **head}),
        row(
            **{
                "Số hộ": number,
                "Chủ hộ": "",
                "Họ và tên": "Trần Thị Hoa",
                "Ngày sinh": f"03/04/{year + 2}",
                "Giới tính": "Nữ",
            }
        ),
        row(
            **{
                "Số hộ": number,
                "Chủ hộ": "",
                "Họ và tên": f"{surname} Thị Ánh",
                "Ngày sinh": f"05/06/{year + 25}",
                "Giới tính": "Nữ",
                "Cư trú": "Tạm trú",
            }
        ),
    ]
