"""The backup archive: a gzipped tar holding the database dump, the media files and a manifest.

Layout (member names are POSIX paths):

    database/<dump file>      the SQLite file (online-backup API) or a pg_dump in custom format
    media/<path>              every file under MEDIA_ROOT
    manifest.json             versions, database vendor, applied migrations, and the size and SHA-256 of
                              every member above
    manifest.sha256           the SHA-256 of manifest.json, so no byte of the archive goes unchecked

Reading never trusts the archive: only regular files with clean relative names are accepted, each is
streamed to a scratch directory while it is hashed, and the archive is accepted only when the members
found are exactly the manifest's, byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from backup.messages import BackupError, Text

FORMAT = "ward-election-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_DIGEST = "manifest.sha256"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class ArchiveError(BackupError):
    """The archive cannot be trusted (truncated, altered, not a backup of this product)."""


@dataclass(frozen=True)
class Member:
    path: str  # name inside the archive, e.g. "media/conference/minutes/2021/a.pdf"
    size: int
    sha256: str


class _HashingReader:
    """A file object that hashes what is read through it (tarfile.addfile reads exactly `size` bytes)."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.count += len(data)
        return data


def clean_name(name: str) -> str | None:
    """The member name if it is a plain relative path inside the archive, else None."""
    if not name or "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    return str(path)


class ArchiveWriter:
    """Adds members to a new archive, hashing each as it is written; `close()` appends the manifest."""

    def __init__(self, fileobj: BinaryIO):
        self._tar = tarfile.open(fileobj=fileobj, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT)  # noqa: SIM115 (closed in close())
        self.members: list[Member] = []

    def add_file(self, name: str, source: Path) -> Member:
        assert clean_name(name) == name, name
        stat = source.stat()
        info = tarfile.TarInfo(name)
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = 0o600
        with source.open("rb") as raw:
            reader = _HashingReader(raw)
            self._tar.addfile(info, reader)
        member = Member(name, reader.count, reader.digest.hexdigest())
        self.members.append(member)
        return member

    def _add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o600
        self._tar.addfile(info, io.BytesIO(data))

    def close(self, manifest: dict) -> None:
        manifest = {**manifest, "files": [m.__dict__ for m in self.members]}
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        self._add_bytes(MANIFEST, data)
        self._add_bytes(MANIFEST_DIGEST, (hashlib.sha256(data).hexdigest() + "\n").encode())
        self._tar.close()


def _damaged(detail) -> ArchiveError:
    return ArchiveError(
        Text(_("The archive is truncated or damaged (%(detail)s); nothing was restored."), detail=detail)
    )


def _extract(archive: Path, scratch: Path) -> dict[str, Member]:
    """Stream every member into `scratch`, hashing it; refuse anything but clean regular files."""
    found: dict[str, Member] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for info in tar:
                name = clean_name(info.name)
                if name is None or not info.isreg():
                    raise ArchiveError(
                        Text(
                            _("The archive holds an unexpected entry %(name)s; nothing was restored."),
                            name=repr(info.name),
                        )
                    )
                if name in found:
                    raise ArchiveError(Text(_("The archive holds %(name)s twice; nothing was restored."), name=name))
                target = scratch / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(info)
                digest, size = hashlib.sha256(), 0
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = Member(name, size, digest.hexdigest())
            # tarfile stops at the end-of-archive blocks; reading on to the end makes gzip check its
            # trailer (CRC and length), which is all a cut in the last bytes would damage.
            while tar.fileobj.read(CHUNK):
                pass
    except ArchiveError:
        raise
    except FileNotFoundError as exc:
        raise ArchiveError(Text(_("The archive %(path)s does not exist."), path=archive)) from exc
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise _damaged(exc) from exc
    return found


def extract_verified(archive: Path, scratch: Path) -> dict:
    """Unpack `archive` into `scratch` and return its manifest, or raise ArchiveError.

    The archive is accepted only when manifest.sha256 matches manifest.json and the other members are
    exactly the manifest's list, each with its size and SHA-256.
    """
    found = _extract(archive, scratch)
    if MANIFEST not in found or MANIFEST_DIGEST not in found:
        raise _damaged(_("no manifest"))
    data = (scratch / MANIFEST).read_bytes()
    recorded = (scratch / MANIFEST_DIGEST).read_text(encoding="ascii", errors="replace").strip()
    if hashlib.sha256(data).hexdigest() != recorded:
        raise ArchiveError(_("The manifest of the archive was altered (its checksum differs); nothing was restored."))
    try:
        manifest = json.loads(data)
        listed = {f["path"]: Member(f["path"], int(f["size"]), f["sha256"]) for f in manifest["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged(_("unreadable manifest")) from exc
    if manifest.get("format") != FORMAT:
        raise ArchiveError(_("This file is not a backup of the ward election office; nothing was restored."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            Text(
                _("This backup has format version %(version)s, which this version of the product cannot read."),
                version=manifest.get("format_version"),
            )
        )
    contents = {name: m for name, m in found.items() if name not in (MANIFEST, MANIFEST_DIGEST)}
    missing = sorted(listed.keys() - contents.keys())
    if missing:
        raise _damaged(Text(_("missing: %(names)s"), names=", ".join(missing[:5])))
    extra = sorted(contents.keys() - listed.keys())
    if extra:
        raise ArchiveError(
            Text(
                _("The archive holds files its manifest does not list (%(names)s); nothing was restored."),
                names=", ".join(extra[:5]),
            )
        )
    altered = sorted(name for name, member in contents.items() if member != listed[name])
    if altered:
        raise ArchiveError(
            Text(
                _(
                    "The checksum of %(names)s differs from the manifest: the archive was altered; "
                    "nothing was restored."
                ),
                names=", ".join(altered[:5]),
            )
        )
    return manifest


def media_files(root: Path) -> list[tuple[str, Path]]:
    """(name in the archive, path on disk) of every regular file under `root`, in a stable order."""
    if not root.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink():
                out.append((f"{MEDIA_DIR}/{path.relative_to(root).as_posix()}", path))
    return out
