"""Audit entries cannot be edited or deleted: by the model everywhere, by the database on PostgreSQL."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEntry
from audit.services import audit_log

pytestmark = pytest.mark.django_db


def _entry() -> AuditEntry:
    return audit_log(actor=None, obj=None, event="stage_changed", before={"stage": "planned"}, after={"stage": "x"})


def test_model_refuses_change_and_delete():
    entry = _entry()
    entry.event = "forged"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).event == "stage_changed"


@pytest.mark.postgres
def test_database_refuses_bulk_update_delete_and_raw_sql():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is installed on PostgreSQL only")
    entry = _entry()
    for attempt in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(event="forged"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: connection.cursor().execute("UPDATE audit_auditentry SET note = 'x' WHERE id = %s", [entry.pk]),
    ):
        with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
            attempt()
    assert AuditEntry.objects.get(pk=entry.pk).event == "stage_changed"


@pytest.mark.postgres
def test_database_refuses_truncate():
    """A statement-level trigger refuses TRUNCATE of the audit log (row triggers do not fire on it)."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is installed on PostgreSQL only")
    entry = _entry()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending: TRUNCATE reaches the trigger
    for statement in ("TRUNCATE audit_auditentry", "TRUNCATE audit_auditentry RESTART IDENTITY CASCADE"):
        # The suite's own connections may truncate (to flush between tests); the product's may not.
        with pytest.raises(DatabaseError, match="cannot be emptied"), transaction.atomic(), connection.cursor() as c:
            c.execute("SET LOCAL audit.allow_truncate = 'off'")
            c.execute(statement)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
