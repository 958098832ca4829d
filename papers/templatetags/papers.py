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


def vn_int(value) -> str:
    """``1205`` -> ``1.205``: thousands separated by dots, as Vietnamese print writes them.

    Anything that is not a whole number (an empty value, a text) is returned unchanged.
    """
    if value is None or value == "" or isinstance(value, bool):
        return "" if value in (None, "") else str(value)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    if number != value and str(number) != str(value).strip():
        return str(value)
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


register.filter("vn_int", vn_int)


def vn_decimal(value, places: int = 2) -> str:
    """``84.9236`` -> ``84,92``; ``1205.5`` -> ``1.205,50`` (decimal comma, thousands dots)."""
    if value is None or value == "":
        return ""
    try:
        text = f"{float(value):,.{int(places)}f}"
    except (TypeError, ValueError):
        return str(value)
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


register.filter("vn_decimal", vn_decimal)

#: Administrative kinds a district- or province-level name may start with (longest first).
_DISTRICT_KINDS = ("thành phố", "thị xã", "quận", "huyện")
_PROVINCE_KINDS = ("thành phố", "tỉnh")


def _with_kind(name: str, kinds: tuple[str, ...], default: str) -> str:
    """ "Thị xã Hương Trà" -> "thị xã Hương Trà"; "Thừa Thiên Huế" -> "tỉnh Thừa Thiên Huế"."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    lowered = name.lower()
    for kind in kinds:
        if lowered.startswith(kind + " "):
            return kind + name[len(kind) :]
    return f"{default} {name}" if default else name


def place_line(ward, with_ward: bool = True) -> str:
    """Where the ward lies, as an administrative paper writes it:
    ``phường Hương Xuân, thị xã Hương Trà, tỉnh Thừa Thiên Huế`` (from the ward's own data)."""
    if ward is None:
        return ""
    parts = []
    if with_ward:
        parts.append(f"{(ward.kind or 'phường').strip().lower()} {ward.name}".strip())
    district = _with_kind(getattr(ward, "district", ""), _DISTRICT_KINDS, "")
    province = _with_kind(getattr(ward, "province", ""), _PROVINCE_KINDS, "tỉnh")
    parts.extend(part for part in (district, province) if part)
    return ", ".join(parts)


@register.filter
def ward_place(ward) -> str:
    """``{{ ward|ward_place }}`` -> ``phường Hương Xuân, thị xã Hương Trà, tỉnh Thừa Thiên Huế``."""
    return place_line(ward)


@register.filter
def ward_district(ward) -> str:
    """``{{ ward|ward_district }}`` -> ``thị xã Hương Trà, tỉnh Thừa Thiên Huế`` (without the ward)."""
    return place_line(ward, with_ward=False)


def person_title(gender, capital: bool = False) -> str:
    """How a paper addresses a person: "ông" or "bà" by sex; "ông (bà)" only when the sex is unknown."""
    text = {"M": "ông", "F": "bà"}.get(gender or "", "ông (bà)")
    return text[:1].upper() + text[1:] if capital else text


@register.filter
def title_of(person, capital="") -> str:
    """``{{ resident|title_of }}`` -> ``ông``/``bà``; ``{{ resident|title_of:"cap" }}`` -> ``Ông``/``Bà``.
    Takes anything with a ``gender`` (a resident, an elector) or a gender code."""
    gender = person if isinstance(person, str) else getattr(person, "gender", "")
    return person_title(gender, capital=bool(capital))


def vn_quotes(text) -> str:
    """Straight double quotes as Vietnamese print writes them: ``"Ngày hội"`` -> ``“Ngày hội”``.

    An opening quote follows the start, a space or an opening bracket; any other is a closing one.
    """
    text = "" if text is None else str(text)
    if '"' not in text:
        return text
    out = []
    for i, char in enumerate(text):
        if char == '"':
            before = text[i - 1] if i else " "
            out.append("“" if before.isspace() or before in "([{–-/" else "”")
        else:
            out.append(char)
    return "".join(out)


register.filter("vn_quotes", vn_quotes)


@register.filter
def no_final_stop(text) -> str:
    """A sentence without its final full stop, for a paper that adds its own punctuation after it
    (so "… thời hạn." followed by ")" never prints "thời hạn..)")."""
    return vn_quotes(str(text or "").strip().rstrip(".;").rstrip())


@register.filter
def sentence(text) -> str:
    """A free text as one sentence: Vietnamese quotes and exactly one final full stop."""
    body = no_final_stop(text)
    return f"{body}." if body and body[-1] not in "!?…" else body


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@register.filter
def vn_weekday(value) -> str:
    """``thứ Hai`` … ``Chủ nhật`` for a date; empty for an empty value."""
    day = _as_date(value)
    return _WEEKDAYS[day.weekday()] if day else ""


@register.filter
def vn_time(value) -> str:
    """``07 giờ 30 phút`` for a datetime; dotted blanks when it is not known."""
    if not isinstance(value, datetime.datetime):
        return "...... giờ ...... phút"
    return f"{value.hour:02d} giờ {value.minute:02d} phút"
