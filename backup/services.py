"""Backup and restore of a whole installation: the database and the media files, in one archive.

`backup_create` writes the archive; `backup_restore` verifies ALL of an archive (every checksum, the
database dump itself, the versions) before it touches the database or the media, and refuses an
installation already in use unless told to replace it.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.events import Event
from audit.services import audit_log
from backup import archive, database
from backup.messages import BackupError, Text

PREFIX = "ward-election-"
SUFFIX = ".tar.gz"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    media_files: int
    removed: list[Path]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    media_files: int
    replaced_tables: list[str]
    pending_migrations: list[str]


def app_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(*, output_dir: Path, keep: int = 0, alias: str = "default") -> BackupResult:
    """Write ward-election-<time>.tar.gz into `output_dir` (readable by its owner only); then, if `keep`
    is set, delete the oldest archives of that directory beyond the newest `keep`."""
    output_dir.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    final = output_dir / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    media = archive.media_files(_media_root())
    with tempfile.TemporaryDirectory(prefix="ward-backup-") as scratch:
        # The database first: media written after it are at worst unreferenced, never missing.
        dump = database.dump(Path(scratch), alias)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                writer = archive.ArchiveWriter(out)
                writer.add_file(f"{archive.DATABASE_DIR}/{dump.name}", dump)
                for name, path in media:
                    writer.add_file(name, path)
                writer.close(
                    {
                        "format": archive.FORMAT,
                        "format_version": archive.FORMAT_VERSION,
                        "created_at": now.isoformat(),
                        "app_version": app_version(),
                        "django_version": django.get_version(),
                        "database": {
                            "vendor": database.vendor(alias),
                            "server_version": database.server_version(alias),
                            "dump": f"{archive.DATABASE_DIR}/{dump.name}",
                        },
                        "migrations": database.applied_migrations(alias),
                    }
                )
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, final)  # a crash above never leaves a file that looks complete
    digest = hashlib.sha256()
    with final.open("rb") as fh:
        while chunk := fh.read(archive.CHUNK):
            digest.update(chunk)
    removed = _prune(output_dir, keep) if keep > 0 else []
    return BackupResult(final, final.stat().st_size, digest.hexdigest(), len(media), removed)


def _prune(output_dir: Path, keep: int) -> list[Path]:
    archives = sorted(p for p in output_dir.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return old


def _media_in_use(root: Path) -> bool:
    return root.is_dir() and any(p.is_file() or p.is_symlink() for p in root.rglob("*"))


def _check_migrations(manifest: dict, alias: str) -> list[str]:
    """Refuse an archive made by a newer version of the product; return the migrations the restored
    database will still need (an archive of an older version: run `migrate` after restoring)."""
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True, load=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    archived = set(manifest.get("migrations", []))
    unknown = sorted(archived - known)
    if unknown:
        raise BackupError(
            Text(
                _(
                    "This backup was made by a newer version of the product (unknown migrations: %(names)s); "
                    "install that version first, then restore."
                ),
                names=", ".join(unknown[:5]),
            )
        )
    return sorted(known - archived)


def backup_restore(*, path: Path, replace: bool = False, alias: str = "default") -> RestoreResult:
    """Restore the archive at `path` into this installation.

    Nothing is written before the whole archive is verified and the installation is found empty (or
    `replace` is given). The database is replaced in one step; then the media directory is filled
    (emptied first when replacing). The restore itself is recorded in the restored audit log.
    """
    media_root = _media_root()
    with tempfile.TemporaryDirectory(prefix="ward-restore-") as tmp:
        scratch = Path(tmp)
        manifest = archive.extract_verified(path, scratch)
        db_info = manifest.get("database") or {}
        dump_name = archive.clean_name(str(db_info.get("dump", "")))
        if not dump_name or not dump_name.startswith(archive.DATABASE_DIR + "/") or not (scratch / dump_name).is_file():
            raise archive.ArchiveError(_("The archive holds no database dump; nothing was restored."))
        database.check_dump(scratch / dump_name, str(db_info.get("vendor")), alias)
        pending = _check_migrations(manifest, alias)

        tables = database.tables_in_use(alias)
        media_used = _media_in_use(media_root)
        if (tables or media_used) and not replace:
            what = [*tables[:5], *([str(media_root)] if media_used else [])]
            raise BackupError(
                Text(
                    _(
                        "This installation is already in use (%(what)s). Restore into an empty installation, or "
                        "give --replace to overwrite everything it holds (make a backup of it first)."
                    ),
                    what=", ".join(what),
                )
            )
        media = [f for f in manifest["files"] if f["path"].startswith(archive.MEDIA_DIR + "/")]
        needed = sum(f["size"] for f in media)
        free_root = next((p for p in (media_root, *media_root.parents) if p.exists()), Path("/"))
        if shutil.disk_usage(free_root).free < needed:
            raise BackupError(
                Text(
                    _("Not enough free space in %(path)s for %(size)s MB of media files."),
                    path=free_root,
                    size=needed // (1024 * 1024) + 1,
                )
            )

        database.restore(scratch / dump_name, alias)
        if media_used:
            for child in media_root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        for entry in media:
            relative = entry["path"][len(archive.MEDIA_DIR) + 1 :]
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(scratch / entry["path"], target)

    if not pending:
        audit_log(
            actor=None,
            obj=None,
            object_type="backup",
            event=Event.BACKUP_RESTORED,
            after={"archive": path.name, "created_at": manifest.get("created_at"),
                   "app_version": manifest.get("app_version"), "restored_at": timezone.now(),
                   "replaced": bool(tables or media_used)},
        )  # fmt: skip
    return RestoreResult(manifest, len(media), tables, pending)


def describe(created_at: str | None) -> str:
    """The archive's creation time as an official writes it."""
    try:
        return timezone.localtime(datetime.datetime.fromisoformat(created_at or "")).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return "?"
