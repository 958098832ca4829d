"""Shared by the roll tests: file builders and the roll's Vietnamese catalogue.

The roll's msgids live in residents/roll/TRANSLATIONS.po until they are merged into the
residents catalogue; `roll_translations` compiles that file and puts it first in LOCALE_PATHS,
so the Vietnamese assertions test the very translations that will be merged.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from residents.roll.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]
PO_FILE = Path(__file__).resolve().parents[2] / "residents" / "roll" / "TRANSLATIONS.po"


_compiled: dict[str, Path] = {}


def _roll_locale_dir() -> Path:
    if "dir" not in _compiled:
        target = Path(tempfile.mkdtemp(prefix="roll_locale_"))
        messages = target / "vi" / "LC_MESSAGES"
        messages.mkdir(parents=True)
        shutil.copy(PO_FILE, messages / "django.po")
        subprocess.run(
            ["msgfmt", "--check-format", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
        )
        _compiled["dir"] = target
    return _compiled["dir"]


@pytest.fixture(autouse=True)
def roll_translations(settings):
    settings.LOCALE_PATHS = [_roll_locale_dir(), *settings.LOCALE_PATHS]


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
