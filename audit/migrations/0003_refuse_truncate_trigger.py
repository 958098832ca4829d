"""On PostgreSQL the database also refuses TRUNCATE of the audit log (a statement-level trigger).

Row triggers (0002) do not fire on TRUNCATE, so one statement empties the log without them. This trigger
refuses it. The test suite's flush between transactional tests truncates every table: it sets the
session variable `audit.allow_truncate` to `on` for its own connections (tests/conftest.py); the product
never sets it.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('audit.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'the audit log cannot be emptied (TRUNCATE)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_refuse_truncate ON audit_auditentry;
CREATE TRIGGER audit_entry_refuse_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_refuse_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_refuse_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
