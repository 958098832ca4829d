"""Keeping an uploaded roll between the preview and the confirmation.

The bytes go to a private file under MEDIA_ROOT/roll_uploads named by a random token; the
user's session remembers which tokens it owns, for which group, and the file's SHA-256. On
confirmation the file is read back, checked against that hash and parsed again: nothing the
browser sends is trusted but the token, and a token is only good in the session that made it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "roll_uploads"
MAX_AGE_SECONDS = 2 * 60 * 60
MAX_PER_SESSION = 5
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass
class StagedUpload:
    token: str
    group_id: int
    filename: str
    content: bytes


def _directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "roll_uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _purge_old(now: float) -> None:
    for old in _directory().glob("*.upload"):
        try:
            if now - old.stat().st_mtime > MAX_AGE_SECONDS:
                old.unlink()
        except FileNotFoundError:
            pass


def stage_upload(request, *, group_id: int, filename: str, content: bytes) -> str:
    now = time.time()
    _purge_old(now)
    token = secrets.token_urlsafe(32)
    path = _directory() / f"{token}.upload"
    path.write_bytes(content)
    path.chmod(0o600)
    uploads = {t: e for t, e in request.session.get(SESSION_KEY, {}).items() if now - e["at"] <= MAX_AGE_SECONDS}
    for old_token in sorted(uploads, key=lambda t: uploads[t]["at"])[: max(0, len(uploads) - MAX_PER_SESSION + 1)]:
        discard_upload(request, old_token, uploads=uploads)
    uploads[token] = {
        "group": group_id,
        "name": filename[:200],
        "sha256": hashlib.sha256(content).hexdigest(),
        "at": now,
    }
    request.session[SESSION_KEY] = uploads
    return token


def load_upload(request, token: str | None, *, group_id: int) -> StagedUpload | None:
    """The staged upload, if this session made it for this group, it has not expired and is intact."""
    if not token or not _TOKEN.match(token):
        return None
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["group"] != group_id or time.time() - entry["at"] > MAX_AGE_SECONDS:
        return None
    try:
        content = (_directory() / f"{token}.upload").read_bytes()
    except FileNotFoundError:
        return None
    if hashlib.sha256(content).hexdigest() != entry["sha256"]:
        return None
    return StagedUpload(token=token, group_id=group_id, filename=entry["name"], content=content)


def discard_upload(request, token: str, *, uploads: dict | None = None) -> None:
    if not _TOKEN.match(token or ""):
        return
    (_directory() / f"{token}.upload").unlink(missing_ok=True)
    in_session = uploads if uploads is not None else request.session.get(SESSION_KEY, {})
    if token in in_session:
        del in_session[token]
        if uploads is None:
            request.session[SESSION_KEY] = in_session
