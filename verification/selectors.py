"""Reading the registered fingerprints (public: the verify page needs no login)."""

from __future__ import annotations

from verification.fingerprint import MIN_PREFIX
from verification.models import PaperFingerprint


def paper_fingerprint_lookup(code: str) -> PaperFingerprint | None:
    """The registered paper whose fingerprint is `code` (whole, or an unambiguous prefix of at least
    MIN_PREFIX digits as printed under the QR code); None when unknown."""
    if len(code) == 64:
        queryset = PaperFingerprint.objects.filter(fingerprint=code)
    elif len(code) >= MIN_PREFIX:
        queryset = PaperFingerprint.objects.filter(fingerprint__startswith=code)
    else:
        return None
    rows = list(queryset.select_related("group", "ward", "superseded_by")[:2])
    return rows[0] if len(rows) == 1 else None
