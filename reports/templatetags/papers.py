"""Template filters for the printed papers (Decree 30/2020/NĐ-CP, Appendix I).

Load with ``{% load papers %}``.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils.dateparse import parse_date

register = template.Library()

#: What the date line shows when the date is not known yet (filled in by hand).
BLANK_DATE = "ngày ... tháng ... năm ..."
#: What stands for the place when it is not known.
BLANK_PLACE = "......"


def _as_date(value) -> datetime.date | None:
    """A date from a date, a datetime or an ISO string; None for an empty value."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value.strip())
        except ValueError:
            return None
    return None


def long_date(value) -> str:
    """``ngày 05 tháng 01 năm 2021``: day under 10 and months 1-2 with a leading zero.

    Decree 30/2020, Appendix I: "Đối với những số chỉ ngày nhỏ hơn 10 và tháng 1, 2 thì
    phải ghi thêm số 0 ở trước", so March to December are written without a zero
    (``ngày 21 tháng 3 năm 2021``). An empty or unreadable value gives dotted blanks.
    """
    day = _as_date(value)
    if day is None:
        return BLANK_DATE
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@register.filter
def vn_long_date(value, place=None) -> str:
    """The date of a paper in words, optionally after the place.

    ``{{ doc_date|vn_long_date }}`` -> ``ngày 05 tháng 01 năm 2021``;
    ``{{ doc_date|vn_long_date:place }}`` -> ``Hương Xuân, ngày 05 tháng 01 năm 2021``
    (``......, ngày ... tháng ... năm ...`` when neither is known).
    """
    text = long_date(value)
    if place is None:
        return text
    return f"{str(place).strip() or BLANK_PLACE}, {text}"


@register.filter
def dmy(value) -> str:
    """``05/01/2021`` (dd/mm/yyyy) for tables; empty for an empty value."""
    day = _as_date(value)
    if day is None:
        return "" if value in (None, "") else str(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
