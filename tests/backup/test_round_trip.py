"""`manage.py backup`, then `manage.py restore` into a fresh installation, gives back every row and every
media file, identical. The restore runs as a separate process against a scratch database (a new SQLite
file, or a PostgreSQL database created and dropped here), exactly as an administrator would run it."""

import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from audit.services import audit_log
from backup.services import backup_create
from reports.synthetic_city import build_city
from tests.backup.conftest import MEDIA, media_contents

ROOT = Path(settings.BASE_DIR)
RESTORE_EVENT = "backup.restored"


def _sqlite_rows(db) -> dict:
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {}
    for table in tables:
        query = f'SELECT * FROM "{table}"'  # noqa: S608 (names read from the catalogue)
        if table == "audit_auditentry":
            query += f" WHERE event <> '{RESTORE_EVENT}'"
        if table == "sqlite_sequence":
            query += " WHERE name <> 'audit_auditentry'"
        out[table] = sorted(db.execute(query).fetchall(), key=repr)
    return out


def _postgres_rows(cursor) -> dict:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    out = {}
    for (table,) in cursor.fetchall():
        # The text form of a whole row: the server writes it the same way for both databases.
        where = f" WHERE x.event <> '{RESTORE_EVENT}'" if table == "audit_auditentry" else ""
        cursor.execute(f'SELECT x::text FROM "{table}" x{where} ORDER BY 1')  # noqa: S608
        out[table] = [row for (row,) in cursor.fetchall()]
    cursor.execute(
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
        " AND sequencename <> 'audit_auditentry_id_seq'"
    )
    out["(sequences)"] = sorted(cursor.fetchall())
    cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")
    out["(triggers)"] = cursor.fetchall()
    return out


@contextmanager
def scratch_installation(tmp_path):
    """(environment for manage.py, a function reading every row of its database)."""
    env = {**os.environ, "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media")}
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"

        def read():
            # Django's converters are registered module-wide: both sides read with the same types.
            with sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES) as db:
                return _sqlite_rows(db), db.execute(
                    "SELECT count(*) FROM audit_auditentry WHERE event = ?", [RESTORE_EVENT]
                ).fetchone()[0]

        yield env, read
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restore"[:63]
    server = {"host": params["HOST"] or None, "port": params["PORT"] or None, "user": params["USER"] or None,
              "password": params["PASSWORD"] or None}  # fmt: skip

    def admin(sql):
        conn = psycopg2.connect(dbname="postgres", **server)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    user = f"{params['USER']}@" if params["USER"] else ""
    env["DATABASE_URL"] = f"postgres://{user}{params['HOST']}:{params['PORT'] or 5432}/{name}"
    if params["PASSWORD"]:
        env["PGPASSWORD"] = params["PASSWORD"]

    def read():
        conn = psycopg2.connect(dbname=name, **server)
        try:
            with conn.cursor() as cursor:
                rows = _postgres_rows(cursor)
                cursor.execute("SELECT count(*) FROM audit_auditentry WHERE event = %s", [RESTORE_EVENT])
                return rows, cursor.fetchone()[0]
        finally:
            conn.close()

    try:
        yield env, read
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def source_rows():
    if connection.vendor == "sqlite":
        return _sqlite_rows(connection.connection)
    with connection.cursor() as cursor:
        return _postgres_rows(cursor.cursor)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_installation_gives_back_every_row_and_file(media_root, tmp_path):
    ward = build_city(groups=3, households=3, name="Ba tổ sao lưu")
    audit_log(actor=None, obj=ward, event="roll_imported", before={"name": "Ba tổ"}, after={"name": ward.name})
    made = backup_create(output_dir=tmp_path / "backups")
    expected = source_rows()
    assert len(expected["residents_household"]) == 9 and len(expected["audit_auditentry"]) > 0

    with scratch_installation(tmp_path) as (env, read):
        restored = manage(env, "restore", str(made.path))
        assert restored.returncode == 0, restored.stderr
        assert "Đã khôi phục" in restored.stdout and "Restored the backup" in restored.stdout

        rows, restore_entries = read()
        assert rows.keys() == expected.keys()
        for table in expected:
            assert rows[table] == expected[table], table
        assert restore_entries == 1  # the restore itself is in the restored audit log
        restored_media = Path(env["DJANGO_MEDIA_ROOT"])
        assert media_contents(restored_media) == media_contents(media_root)
        assert len(media_contents(restored_media)) == len(MEDIA)

        again = manage(env, "restore", str(made.path))
        assert again.returncode != 0
        assert "--replace" in again.stderr and "đã có dữ liệu" in again.stderr
        assert read()[1] == 1  # refused: nothing written

        replaced = manage(env, "restore", "--replace", str(made.path))
        assert replaced.returncode == 0, replaced.stderr
        rows, restore_entries = read()
        assert rows == expected and restore_entries == 1
