"""Papers are laid out once for what they print, then served from a cache on disk.

A paper costs up to seconds of WeasyPrint layout for the same bytes every time it is printed again; its HTML costs
milliseconds. So the key is computed from the rendered HTML, hashed together with the paper's verification
fingerprint by `verification.fingerprint.fingerprint`: a change in anything the paper prints (a name, a birth date,
full dates or years for this reader, the template itself) gives a new key, so a stale paper is never served. The
verification fingerprint alone would not do: it leaves out birth dates, so a copy with full dates and one with
years would share it.

Every paper goes through the cache (`render_cached_pdf`): a paper whose data is frozen (the posted lists, a sealed
count, an issued decision) is found there for good, and one whose data still changes is laid out again only when
what it prints changed. A ward's whole set printed again is therefore read back, not laid out again. The posted
lists are also laid out in advance by the worker (residents/tasks.py), so the first reader waits for no layout.

The files live in PAPERS_CACHE_DIR (default: MEDIA_ROOT/paper_cache), written atomically; past
PAPERS_CACHE_MAX_BYTES the least recently used are removed (checked every TRIM_EVERY writes of a process, so a
batch of a hundred papers does not list the folder a hundred times). A missing, unreadable or corrupt entry is
rendered again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import translation

from papers.pdf import font_face_css, html_to_pdf, render_html
from verification.fingerprint import fingerprint

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
SUFFIX = ".pdf"
# Writes of one process between two trims (the cache may exceed its limit by at most as many papers meanwhile).
TRIM_EVERY = 32
_writes_since_trim = 0


def cache_dir() -> Path:
    configured = getattr(settings, "PAPERS_CACHE_DIR", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "paper_cache"


def max_bytes() -> int:
    return int(getattr(settings, "PAPERS_CACHE_MAX_BYTES", DEFAULT_MAX_BYTES))


def enabled() -> bool:
    return max_bytes() > 0


def cache_key(*, template_name: str, html: str, verification=None) -> str:
    """The key of one paper: its verification fingerprint and a hash of exactly what it prints."""
    return fingerprint(
        {
            "template": template_name,
            "verification": getattr(verification, "fingerprint", None),
            "html": hashlib.sha256(html.encode("utf-8")).hexdigest(),
            # The bundled fonts' rules (their paths) take part in the layout.
            "fonts": hashlib.sha256(font_face_css().encode("utf-8")).hexdigest(),
            "language": translation.get_language() or "",
        }
    )


def _path(key: str) -> Path:
    return cache_dir() / key[:2] / f"{key}{SUFFIX}"


def _looks_whole(data: bytes) -> bool:
    """A PDF that was written to its end (a torn or overwritten file fails this and is rendered again)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def read(key: str) -> bytes | None:
    path = _path(key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not _looks_whole(data):
        logger.warning("Paper cache entry %s is damaged; it is rendered again.", key[:16])
        path.unlink(missing_ok=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest when the cache is trimmed
    return data


def write(key: str, data: bytes) -> None:
    path = _path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)  # readers see the old file or the whole new one, never a part
    except OSError:
        logger.exception("Paper cache entry %s could not be written; the paper is served uncached.", key[:16])
        return
    global _writes_since_trim
    _writes_since_trim += 1
    if _writes_since_trim >= TRIM_EVERY:
        _writes_since_trim = 0
        trim()


def trim(limit: int | None = None) -> int:
    """Remove the least recently used entries until the cache holds at most `limit` bytes; returns files removed."""
    limit = max_bytes() if limit is None else limit
    entries = []
    for path in cache_dir().glob(f"*/*{SUFFIX}"):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _mtime, size, _path in entries)
    removed = 0
    for _mtime, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
    if removed:
        logger.info("Paper cache trimmed: %s files removed, %s bytes kept.", removed, total)
    return removed


def render_cached_pdf(*, template_name: str, context: dict, request=None) -> bytes:
    """`papers.pdf.render_pdf` through the cache: laid out once for exactly what it prints, then read back."""
    html = render_html(template_name=template_name, context=context, request=request)
    if not enabled():
        return html_to_pdf(html)
    key = cache_key(template_name=template_name, html=html, verification=context.get("verification"))
    data = read(key)
    if data is not None:
        return data
    data = html_to_pdf(html)
    write(key, data)
    return data
