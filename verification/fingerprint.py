"""The fingerprint of a printed paper: SHA-256 over a canonical serialisation of what it prints.

The payload is plain values only (str, int, bool, None, lists, dicts with str keys; dates and decimals
are turned into their ISO / plain text). Canonical form: strings NFC-normalised, JSON with sorted keys,
no spaces, UTF-8. The same figures and names always give the same fingerprint; changing any of them
changes it. A QR code (segno, no network) carries the absolute link to the public verify page.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.urls import reverse

#: How many hex digits of the fingerprint the paper shows in words (the QR code carries all 64).
SHORT_LENGTH = 16
#: Shortest prefix the verify page accepts when typed by hand.
MIN_PREFIX = 12


def _canonical(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, datetime.datetime):
        raise TypeError("Print dates, not times, in a fingerprint payload (times depend on the time zone).")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.quantize(decimal.Decimal("0.01")))
    if isinstance(value, float):
        raise TypeError("Use Decimal or str for fractions in a fingerprint payload, never float.")
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    raise TypeError(f"Not a plain value for a fingerprint payload: {type(value).__name__}")


def canonical_bytes(payload: dict) -> bytes:
    """The exact bytes that are hashed."""
    text = json.dumps(_canonical(payload), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def fingerprint(payload: dict) -> str:
    """64 lower-case hex digits."""
    return hashlib.sha256(canonical_bytes(payload)).hexdigest()


def short_form(value: str) -> str:
    """The first SHORT_LENGTH digits in groups of four, upper case: ``3F2A-91BC-04D7-E55A``."""
    head = value[:SHORT_LENGTH].upper()
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def normalise_code(value: str) -> str:
    """What a person typed (any case, with dashes or spaces) as lower-case hex, or "" when it is not hex."""
    cleaned = "".join(ch for ch in (value or "") if ch not in "- \t").lower()
    if not cleaned or len(cleaned) > 64 or any(ch not in "0123456789abcdef" for ch in cleaned):
        return ""
    return cleaned


def public_base_url() -> str:
    return str(getattr(settings, "PUBLIC_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def verify_url(value: str) -> str:
    """The absolute link printed in the QR code."""
    return public_base_url() + reverse("publicview:verify", kwargs={"code": value})


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI (drawn locally, embeddable in a paper)."""
    qr = segno.make(text, error="m", micro=False)
    svg = qr.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass(frozen=True)
class PaperVerification:
    """What a paper prints to prove itself: the fingerprint, short and whole, its link and QR code."""

    fingerprint: str
    short: str
    url: str
    qr: str


def paper_verification(payload: dict) -> PaperVerification:
    value = fingerprint(payload)
    url = verify_url(value)
    return PaperVerification(fingerprint=value, short=short_form(value), url=url, qr=qr_data_uri(url))
