"""Audit event codes are one enum: the stored strings, each with a label; an unknown code is refused."""

import pytest
from django.utils import translation

from audit.events import Event, event_label
from audit.models import AuditEntry
from audit.services import audit_log

pytestmark = pytest.mark.django_db


def test_enum_value_is_the_stored_string():
    entry = audit_log(actor=None, obj=None, event=Event.COUNT_SEALED)
    assert AuditEntry.objects.get(pk=entry.pk).event == "count_sealed"
    assert audit_log(actor=None, obj=None, event="count_sealed").event == Event.COUNT_SEALED


def test_unknown_code_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError, match="count_seald"):
        audit_log(actor=None, obj=None, event="count_seald")
    assert not AuditEntry.objects.exists()


def test_every_event_has_a_vietnamese_label():
    untranslated = []
    for event in Event:
        with translation.override("en"):
            english = str(event.label)
        with translation.override("vi"):
            if str(event.label) == english:
                untranslated.append(event.value)
    assert not untranslated


def test_a_code_no_longer_in_use_reads_as_words():
    assert event_label("old_thing_done") == "Old thing done"
