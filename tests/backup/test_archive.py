"""A backup archive is refused, with nothing written, when it is truncated, altered or not for this
installation; an installation already in use is refused unless the restore is told to replace it."""

import gzip
import hashlib
import io
import json
import os
import re
import tarfile
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from audit.models import AuditEntry
from backup import archive, database
from backup.archive import ArchiveError
from backup.messages import both_languages
from backup.services import backup_create, backup_restore
from config.errors import DomainError
from tests.backup.conftest import MEDIA, media_contents
from tests.factories import WardFactory


@contextmanager
def refused(kind, pattern):
    """The call raises `kind`, and its message in Vietnamese then English matches `pattern`."""
    with pytest.raises(kind) as caught:
        yield
    message = both_languages(caught.value)
    assert re.search(pattern, message, re.S), message
    assert len(message.splitlines()) == 2, message  # translated: both languages shown


@pytest.fixture
def made(transactional_db, media_root, tmp_path):
    WardFactory()
    return backup_create(output_dir=tmp_path / "out")


def members(path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def repack(source, target, replace: dict[str, bytes]):
    """A copy of the archive with some members' bytes replaced (the manifest is NOT updated)."""
    with tarfile.open(source, "r:gz") as src, tarfile.open(target, "w:gz") as out:
        for info in src:
            data = replace.get(info.name, src.extractfile(info).read())
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


def with_manifest(source, target, change):
    """A consistent archive (manifest and its checksum rewritten) whose manifest was changed by `change`."""
    content = members(source)
    manifest = json.loads(content[archive.MANIFEST])
    change(manifest)
    data = json.dumps(manifest).encode()
    return repack(
        source,
        target,
        {archive.MANIFEST: data, archive.MANIFEST_DIGEST: hashlib.sha256(data).hexdigest().encode()},
    )


@pytest.fixture
def untouched(media_root):
    """Asserts after the test that neither the rows nor the media files changed."""
    before = (User.objects.count(), AuditEntry.objects.count(), media_contents(media_root), database.tables_in_use())
    yield
    after = (User.objects.count(), AuditEntry.objects.count(), media_contents(media_root), database.tables_in_use())
    assert after == before


def test_the_archive_holds_the_database_the_media_and_a_manifest_of_checksums(made, media_root):
    assert made.path.name.startswith("ward-election-") and made.path.name.endswith(".tar.gz")
    assert os.stat(made.path).st_mode & 0o777 == 0o600  # it holds every resident's personal data
    assert made.media_files == len(MEDIA)
    assert hashlib.sha256(made.path.read_bytes()).hexdigest() == made.sha256
    content = members(made.path)
    manifest = json.loads(content["manifest.json"])
    assert content["manifest.sha256"].decode().strip() == hashlib.sha256(content["manifest.json"]).hexdigest()
    assert manifest["format"] == "ward-election-backup"
    assert manifest["app_version"] == "0.1.0"
    assert manifest["database"]["vendor"] == connection.vendor
    assert "audit.0002_append_only_trigger" in manifest["migrations"]
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(content) - {"manifest.json", "manifest.sha256"}
    for name, data in MEDIA.items():
        assert content[f"media/{name}"] == data
        assert listed[f"media/{name}"] == {
            "path": f"media/{name}",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    dump = manifest["database"]["dump"]
    assert dump in {"database/db.sqlite3", "database/db.pgdump"} and len(content[dump]) > 10_000


def test_keep_removes_only_the_oldest_archives(transactional_db, media_root, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("not a backup")
    for old in ("ward-election-20210101-013000.tar.gz", "ward-election-20210102-013000.tar.gz"):
        (out / old).write_bytes(b"old")
    result = backup_create(output_dir=out, keep=2)
    assert [p.name for p in result.removed] == ["ward-election-20210101-013000.tar.gz"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["notes.txt", "ward-election-20210102-013000.tar.gz", result.path.name]
    )


@pytest.mark.parametrize("cut", ["half", "trailer"])
def test_a_truncated_archive_is_refused_and_nothing_is_written(made, untouched, tmp_path, cut):
    data = made.path.read_bytes()
    broken = tmp_path / "cut.tar.gz"
    broken.write_bytes(data[: len(data) // 2] if cut == "half" else data[:-6])
    with refused(ArchiveError, "truncated or damaged"):
        backup_restore(path=broken, replace=True)


def test_a_flipped_byte_is_refused(made, untouched, tmp_path):
    data = bytearray(made.path.read_bytes())
    data[len(data) // 3] ^= 0x01
    broken = tmp_path / "flipped.tar.gz"
    broken.write_bytes(bytes(data))
    with refused(ArchiveError, "truncated or damaged|differs from the manifest"):
        backup_restore(path=broken, replace=True)


def test_an_altered_media_file_is_refused_naming_it(made, untouched, tmp_path):
    name = "media/print_jobs/2021/01/phieu-bau.pdf"
    altered = repack(made.path, tmp_path / "altered.tar.gz", {name: b"%PDF-1.4 ballotZ"})
    with refused(ArchiveError, f"checksum of {name} differs"):
        backup_restore(path=altered, replace=True)


def test_an_altered_database_dump_is_refused(made, untouched, tmp_path):
    content = members(made.path)
    dump = json.loads(content["manifest.json"])["database"]["dump"]
    data = bytearray(content[dump])
    data[-100] ^= 0xFF
    altered = repack(made.path, tmp_path / "altered.tar.gz", {dump: bytes(data)})
    with refused(ArchiveError, "differs from the manifest"):
        backup_restore(path=altered, replace=True)


def test_an_altered_manifest_is_refused(made, untouched, tmp_path):
    manifest = members(made.path)["manifest.json"].replace(b'"created_at": "', b'"created_at": "1')
    altered = repack(made.path, tmp_path / "altered.tar.gz", {"manifest.json": manifest})
    with refused(ArchiveError, "manifest of the archive was altered"):
        backup_restore(path=altered, replace=True)


def test_an_extra_or_escaping_member_is_refused(made, untouched, tmp_path):
    extra = tmp_path / "extra.tar.gz"
    repack(made.path, extra, {})
    with tarfile.open(extra, "r:gz") as src:
        kept = [(info, src.extractfile(info).read()) for info in src]
    for name in ("media/unlisted.pdf", "../escape.txt"):
        target = tmp_path / "with-extra.tar.gz"
        with tarfile.open(target, "w:gz") as out:
            for info, data in kept:
                out.addfile(info, io.BytesIO(data))
            info = tarfile.TarInfo(name)
            info.size = 3
            out.addfile(info, io.BytesIO(b"bad"))
        with refused(ArchiveError, "does not list|unexpected entry"):
            backup_restore(path=target, replace=True)


def test_an_archive_of_a_newer_version_or_another_database_is_refused(made, untouched, tmp_path):
    newer = with_manifest(made.path, tmp_path / "newer.tar.gz", lambda m: m["migrations"].append("audit.9999_future"))
    with refused(DomainError, "newer version of the product"):
        backup_restore(path=newer, replace=True)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def other_vendor(manifest):
        manifest["database"]["vendor"] = other

    with refused(DomainError, f"holds a {other} database"):
        backup_restore(path=with_manifest(made.path, tmp_path / "other.tar.gz", other_vendor), replace=True)


def test_not_a_backup_is_refused(db, untouched, tmp_path):
    plain = tmp_path / "photo.tar.gz"
    plain.write_bytes(gzip.compress(b"not a tar at all" * 100))
    with refused(ArchiveError, "truncated or damaged"):
        backup_restore(path=plain)
    with refused(ArchiveError, "does not exist"):
        backup_restore(path=tmp_path / "missing.tar.gz")


def test_an_installation_in_use_is_refused_without_replace(made, untouched):
    with refused(DomainError, r"đã có dữ liệu \(residents_ward.*already in use .*--replace"):
        backup_restore(path=made.path)


def test_a_freshly_migrated_installation_counts_as_empty(db):
    assert database.tables_in_use() == []
    WardFactory()
    assert "residents_ward" in database.tables_in_use()


def test_the_command_says_why_in_vietnamese_then_english(made, untouched, tmp_path):
    broken = tmp_path / "cut.tar.gz"
    broken.write_bytes(made.path.read_bytes()[:-6])
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(broken))
    vietnamese, english = str(caught.value).split("\n")
    assert vietnamese.startswith("Tệp sao lưu bị cắt cụt hoặc hỏng")
    assert english.startswith("The archive is truncated or damaged")
