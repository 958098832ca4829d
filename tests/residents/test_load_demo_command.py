"""`manage.py load_demo` (what `make run` calls): the whole sample election, dated as it happened, twice."""

import datetime
import io

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from elections.models import GroupElection, Stage
from tests.elections.evidence import assert_history_follows_the_table, assert_stage_has_its_evidence

pytestmark = pytest.mark.django_db


def test_load_demo_builds_every_stage_dated_2020_2021_and_is_idempotent():
    call_command("load_demo", households_scale=0.05, stdout=io.StringIO())
    stages = dict(GroupElection.objects.values_list("group__code", "stage"))
    assert stages["01"] == Stage.RECOGNISED and stages["04"] == Stage.ELECTED
    # Group 05's 159 of 361 needs the full-size register; at this scale its count still happens.
    assert stages["05"] in (Stage.ELECTED, Stage.REVOTE_SCHEDULED) and stages["06"] == Stage.LISTS_POSTED
    assert stages["12"] == Stage.PREPARING
    # The other groups as the README describes them.
    assert {code: stages[code] for code in ("02", "03", "06", "07", "08", "09", "10", "11")} == {
        "02": Stage.RECOGNISED,
        "03": Stage.RECOGNISED,
        "06": Stage.LISTS_POSTED,
        "07": Stage.LISTS_POSTED,
        "08": Stage.LISTS_POSTED,
        "09": Stage.LIST_APPROVED,
        "10": Stage.LIST_APPROVED,
        "11": Stage.PREPARING,
    }
    # Every stage reached through the real services: each stands on its record, each change logged.
    for group_election in GroupElection.objects.all():
        assert_stage_has_its_evidence(group_election)
        assert_history_follows_the_table(group_election)
    entries = AuditEntry.objects.count()
    first, last = AuditEntry.objects.order_by("at").first().at, AuditEntry.objects.order_by("at").last().at
    assert datetime.date(2020, 12, 1) <= first.date() and last.date() <= datetime.date(2021, 1, 15)
    call_command("load_demo", households_scale=0.05, stdout=io.StringIO())
    assert AuditEntry.objects.count() == entries
