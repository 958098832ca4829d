"""The demo campaign of phường Hương Xuân, through the real services, loaded twice without change."""

from __future__ import annotations

import io

import pytest

from audit.models import AuditEntry
from elections import demo
from elections.models import Campaign, DifficultyReport, DirectiveTaskProgress, GroupElection, Stage
from residents import demo as residents_demo

pytestmark = pytest.mark.django_db


def test_demo_campaign_is_complete_and_idempotent():
    out = io.StringIO()
    residents_demo.load(stdout=out, households_scale=0.02)
    demo.load(stdout=out)
    campaign = Campaign.objects.get(ward__name="Hương Xuân", label="2021-2023")
    assert campaign.legal_profile.code == "2021" and campaign.election_day.isoformat() == "2021-01-10"
    directive = campaign.directives.get(number="13-CV/ĐU")
    assert directive.issued_on.isoformat() == "2020-12-16" and directive.issuing_body == "Đảng ủy phường Hương Xuân"
    tasks = list(directive.tasks.order_by("number"))
    assert [t.number for t in tasks] == [1, 2, 3, 4, 5, 6]
    assert tasks[4].bodies == ["committee_members"] and tasks[5].bodies == ["inspection"]
    assert all(t.due_date for t in tasks)
    assert DirectiveTaskProgress.objects.filter(task__directive=directive).count() == 4
    elections = list(
        GroupElection.objects.filter(campaign=campaign).select_related(
            "group", "official_in_charge", "committee_member"
        )
    )
    assert len(elections) == 12 and {ge.stage for ge in elections} == {Stage.PREPARING}
    by_code = {ge.group.code: ge for ge in elections}
    assert by_code["01"].official_in_charge.username == "ubnd" and by_code["02"].official_in_charge.username == "mttq"
    assert by_code["04"].committee_member.username == "danguy" and by_code["05"].committee_member is None
    assert by_code["05"].planned_venue == "Nhà văn hóa tổ dân phố 5"
    report = DifficultyReport.objects.get(campaign=campaign)
    assert report.group.code == "03" and report.reported_by.username == "danguy" and report.responses.count() == 1
    counts = (AuditEntry.objects.count(), DirectiveTaskProgress.objects.count(), DifficultyReport.objects.count())
    demo.load(stdout=out)
    assert (
        AuditEntry.objects.count(),
        DirectiveTaskProgress.objects.count(),
        DifficultyReport.objects.count(),
    ) == counts
