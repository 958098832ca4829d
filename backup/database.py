"""Dumping and restoring the database, one pair of functions per vendor.

SQLite: the online-backup API copies a consistent snapshot while the site runs, and copies it back
into the installation's database in one step. PostgreSQL: `pg_dump` in custom format; the restore
turns it into SQL with `pg_restore` and runs it with `psql` in ONE transaction together with the
removal of what the target held, so a failure leaves the target as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext_lazy as _

from backup.messages import BackupError, Text

SQLITE_DUMP = "db.sqlite3"
POSTGRES_DUMP = "db.pgdump"

# Rows that `migrate` itself writes into a new installation; they do not make it "in use".
SEEDED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "elections.legalprofile"}


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def server_version(alias: str = "default") -> str:
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return str(connection.pg_version)
    return sqlite3.sqlite_version


def applied_migrations(alias: str = "default") -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def tables_in_use(alias: str = "default") -> list[str]:
    """The tables of the installation that hold rows a person made (empty list: a fresh installation)."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    in_use = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in existing or model._meta.label_lower in SEEDED_BY_MIGRATE or model._meta.proxy:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                in_use.append(table)
    return sorted(set(in_use))


def _outside_transaction(connection) -> None:
    # SQLite's backup API waits, retrying forever, for a lock that our own open transaction holds.
    if connection.in_atomic_block:
        raise RuntimeError("A SQLite backup or restore cannot run inside a transaction.")


# --- dump -------------------------------------------------------------------------------------------


def dump(scratch: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database into `scratch`; return its path."""
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        _outside_transaction(connection)
        target = scratch / SQLITE_DUMP
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    if connection.vendor == "postgresql":
        target = scratch / POSTGRES_DUMP
        _run(
            [pg_tool("pg_dump", alias), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            alias,
        )
        return target
    raise BackupError(Text(_("Backups support SQLite and PostgreSQL, not %(vendor)s."), vendor=connection.vendor))


# --- verify and restore -----------------------------------------------------------------------------


def check_dump(path: Path, dump_vendor: str, alias: str = "default") -> None:
    """Refuse a dump the target cannot take, before anything is touched."""
    target_vendor = vendor(alias)
    if dump_vendor != target_vendor:
        raise BackupError(
            Text(
                _(
                    "This backup holds a %(archive)s database but this installation uses %(target)s; "
                    "restore it into an installation with the same database."
                ),
                archive=dump_vendor,
                target=target_vendor,
            )
        )
    if target_vendor == "sqlite":
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                result = db.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:
            result = (str(exc),)
        if result != ("ok",):
            raise BackupError(Text(_("The database in the archive is damaged (%(detail)s)."), detail=result[0]))
    else:
        _run([pg_tool("pg_restore", alias), "--list", str(path)], alias)


def restore(path: Path, alias: str = "default") -> None:
    """Replace the whole database of `alias` with the dump at `path`."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        _outside_transaction(connection)
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
        return
    scratch = path.parent
    dumped = scratch / "dump.sql"
    _run([pg_tool("pg_restore", alias), "--no-owner", "--no-privileges", f"--file={dumped}", str(path)], alias)
    # One script, one transaction: first remove what the target holds, then the dump.
    script = scratch / "restore.sql"
    with script.open("w", encoding="utf-8") as out:
        out.write(_postgres_drop_sql(alias))
        with dumped.open(encoding="utf-8") as dump_sql:
            shutil.copyfileobj(dump_sql, out)
    dumped.unlink()
    connection.close()  # psql must not wait for our own locks
    _run(
        [pg_tool("psql", alias), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(script)], alias
    )


def _postgres_drop_sql(alias: str) -> str:
    """DROP statements for every table, view, sequence and function of the current schema (extensions
    excepted): with them the dump goes into a clean schema, in the same transaction."""
    statements = []
    with connections[alias].cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relkind, format('%I.%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
            """
        )
        kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE",
                 "f": "FOREIGN TABLE"}  # fmt: skip
        for relkind, name in cursor.fetchall():
            statements.append(f"DROP {kinds[relkind]} IF EXISTS {name} CASCADE;")
        cursor.execute(
            """
            SELECT p.oid::regprocedure::text FROM pg_proc p
            WHERE p.pronamespace = current_schema()::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """
        )
        statements += [f"DROP FUNCTION IF EXISTS {name} CASCADE;" for (name,) in cursor.fetchall()]
    return "\n".join(statements) + "\n"


# --- PostgreSQL client tools ------------------------------------------------------------------------


def _tool_major(path: str) -> int:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def pg_tool(name: str, alias: str = "default") -> str:
    """The client tool `name` of the server's major version or newer (pg_dump refuses newer servers):
    Debian's /usr/lib/postgresql/<major>/bin first, then PATH."""
    connection = connections[alias]
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    candidates = [Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")]
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK) and _tool_major(str(candidate)) >= server_major:
            return str(candidate)
    raise BackupError(
        Text(
            _("%(tool)s version %(major)s or newer is needed (Debian package postgresql-client-%(major)s)."),
            tool=name,
            major=server_major,
        )
    )


def _pg_environ(alias: str) -> dict[str, str]:
    """Connection settings for the client tools, passed in the environment (never on a command line)."""
    settings = connections[alias].settings_dict
    env = {**os.environ}
    for key, var in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"),
                     ("PORT", "PGPORT")):  # fmt: skip
        if settings.get(key):
            env[var] = str(settings[key])
    for option, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("service", "PGSERVICE")):
        if settings.get("OPTIONS", {}).get(option):
            env[var] = str(settings["OPTIONS"][option])
    return env


def _run(command: list[str], alias: str) -> None:
    result = subprocess.run(command, env=_pg_environ(alias), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(
            Text(
                _("%(tool)s failed: %(detail)s"),
                tool=Path(command[0]).name,
                detail=" ".join(detail[-3:]) if detail else result.returncode,
            )
        )
