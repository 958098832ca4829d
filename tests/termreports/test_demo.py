"""The demo's term reports: statuses per group as the brief describes, written by the real services, idempotent."""

import io

import pytest

from accounts.models import Role, User
from audit.models import AuditEntry
from elections.models import GroupElection
from elections.termreports import demo
from elections.termreports.models import TermReport, TermReportStep
from elections.termreports.selectors import conference_opening_blocker
from residents import demo as residents_demo
from residents.models import ResidentialGroup, Ward
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ward(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    residents_demo.load(stdout=io.StringIO(), households_scale=0.03)
    ward = Ward.objects.get(name="Hương Xuân", is_sample=True)
    campaign = CampaignFactory(ward=ward)
    for group in ResidentialGroup.objects.filter(ward=ward):
        GroupElection.objects.get_or_create(campaign=campaign, group=group)
    return ward


def test_demo_reports_follow_the_brief_and_load_twice_without_change(demo_ward):
    out = io.StringIO()
    demo.load(stdout=out)
    status = dict(
        TermReport.objects.values_list("group_election__group__code", "status").order_by("group_election__group__code")
    )
    assert status == {
        **{f"{n:02d}": "accepted" for n in range(1, 9)},
        "09": "submitted",
        "10": "submitted",
        "11": "draft",
    }
    assert "12" not in status
    for code in ("01", "04", "07", "10"):
        report = TermReport.objects.get(group_election__group__code=code)
        assert report.leader_term is not None and report.leader_name == report.leader_term.full_name
    writers = dict(TermReport.objects.values_list("group_election__group__code", "created_by__username"))
    assert writers["01"] == "bithu1" and writers["05"] == "bithu2" and writers["08"] == "ubnd"
    reviewers = dict(TermReport.objects.values_list("group_election__group__code", "reviewed_by__username"))
    assert reviewers["03"] == "bithu1" and reviewers["08"] == "bithu3" and reviewers["09"] is None
    assert set(TermReport.objects.filter(status="accepted").values_list("accepted_by__username", flat=True)) == {"ubnd"}
    bithu3 = User.objects.get(username="bithu3")
    assert bithu3.role == Role.CELL_SECRETARY and bithu3.party_cell.name == "Chi bộ Khu dân cư 3"
    assert bithu3.check_password("demo2021")
    assert User.objects.filter(username="bithu4", party_cell__name="Chi bộ Khu dân cư 4").exists()
    returned = TermReportStep.objects.get(kind="returned")
    assert returned.report.group_election.group.code == "05" and returned.actor.username == "ubnd"
    ge = {g.group.code: g for g in GroupElection.objects.select_related("group", "campaign")}
    assert conference_opening_blocker(ge["05"]) is None
    assert conference_opening_blocker(ge["09"]) is not None and conference_opening_blocker(ge["12"]) is not None
    report = TermReport.objects.get(group_election__group__code="06")
    assert "an ninh" in report.security_order.lower() or "camera" in report.security_order.lower()
    assert report.end_households == report.group_election.group.households.count()

    counts = (
        TermReport.objects.count(),
        TermReportStep.objects.count(),
        AuditEntry.objects.count(),
        User.objects.count(),
    )
    second = io.StringIO()
    demo.load(stdout=second)
    assert "already present" in second.getvalue()
    assert counts == (
        TermReport.objects.count(),
        TermReportStep.objects.count(),
        AuditEntry.objects.count(),
        User.objects.count(),
    )


def test_demo_skips_without_a_campaign(db):
    out = io.StringIO()
    demo.load(stdout=out)
    assert "skipped" in out.getvalue()
    assert not TermReport.objects.exists()
