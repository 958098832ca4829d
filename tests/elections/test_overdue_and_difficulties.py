"""The ward's overdue steps at once, and the difficulty reports of directive point 5."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.models import DifficultyReport
from elections.services import difficulty_report_create, difficulty_respond
from tests.elections.conftest import build_ward, plan_all
from tests.factories import WardFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_overdue_page_lists_every_group(hx, client_for):
    plan_all(hx)
    page = client_for(hx.chairman).get(reverse("elections:overdue")).content.decode()
    for code in ("1", "2", "3"):
        assert f"Tổ dân phố {code}" in page
    assert "26/12/2020" in page and "15/01/2021" in page
    assert "21/12/2020" not in page  # the plan is done


def _overdue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("elections:overdue")).status_code == 200
    return len(queries)


def test_overdue_query_count_does_not_grow_with_groups(client_for):
    small = build_ward(WardFactory(name="Hương Vân"), n_groups=2, prefix="s")
    large = build_ward(WardFactory(name="Hương Văn"), n_groups=12, prefix="l")
    small_count = _overdue_queries(client_for(small.chairman))
    large_count = _overdue_queries(client_for(large.chairman))
    assert small_count == large_count
    for campaign_ward, n in ((small, 2), (large, 12)):
        url = reverse("elections:campaign_detail", args=[campaign_ward.campaign.pk])
        with CaptureQueriesContext(connection) as queries:
            client_for(campaign_ward.official).get(url)
        if n == 2:
            campaign_small = len(queries)
        else:
            assert len(queries) == campaign_small


def test_overdue_page_per_role(hx, client_for):
    for user in (hx.official, hx.front, hx.chairman, hx.member, hx.inspection):
        assert client_for(user).get(reverse("elections:overdue")).status_code == 200
    for user in (hx.secretary, hx.team):
        assert client_for(user).get(reverse("elections:overdue")).status_code == 403


def test_difficulty_reported_in_area_and_answered(hx, client_for):
    ge1 = hx.ge("01")
    client = client_for(hx.member)
    form = client.get(reverse("elections:difficulty_create")).content.decode()
    assert "Tổ dân phố 1" in form and "Tổ dân phố 3" not in form  # only the assigned area
    response = client.post(
        reverse("elections:difficulty_create"),
        {"group": ge1.group_id, "title": "Người ứng cử xin rút", "description": "Tổ trưởng cũ xin không ứng cử."},
    )
    report = DifficultyReport.objects.get()
    assert response.url == reverse("elections:difficulty_detail", args=[report.pk])
    assert report.reported_by == hx.member and report.status == DifficultyReport.Status.OPEN
    # Outside the area: refused.
    with pytest.raises(DomainError) as refused:
        difficulty_report_create(
            actor=hx.member, campaign=hx.campaign, group=hx.groups["03"], title="x", description="y"
        )
    assert "Tổ dân phố 3" in refused.value.messages[0]
    refused_post = client.post(
        reverse("elections:difficulty_create"), {"group": hx.groups["03"].pk, "title": "x", "description": "y"}
    )
    assert refused_post.status_code == 200 and DifficultyReport.objects.count() == 1
    # The committee answers with a dated response.
    detail = reverse("elections:difficulty_detail", args=[report.pk])
    client_for(hx.chairman).post(detail, {"text": "Giao Chi bộ 1 họp trước 24/12.", "status": "in_progress"})
    client_for(hx.chairman).post(detail, {"text": "Đã có người thay thế.", "status": "resolved"})
    report.refresh_from_db()
    assert report.status == DifficultyReport.Status.RESOLVED and report.resolved_at is not None
    assert [r.text for r in report.responses.order_by("at", "id")] == [
        "Giao Chi bộ 1 họp trước 24/12.",
        "Đã có người thay thế.",
    ]
    page = client_for(hx.member).get(detail).content.decode()
    assert "Đã có người thay thế." in page and "Lê Quang Vinh" in page
    entries = AuditEntry.objects.filter(group=ge1.group, event__startswith="difficulty_")
    assert [e.event for e in entries] == ["difficulty_responded", "difficulty_responded", "difficulty_reported"]
    assert entries[0].before == {"status": "in_progress"} and entries[0].after == {"status": "resolved"}


def test_difficulty_pages_per_role(hx, client_for):
    report = difficulty_report_create(
        actor=hx.member, campaign=hx.campaign, group=hx.groups["01"], title="Thiếu địa điểm họp", description="Mô tả"
    )
    detail = reverse("elections:difficulty_detail", args=[report.pk])
    listing = reverse("elections:difficulty_list")
    assert "Thiếu địa điểm họp" in client_for(hx.chairman).get(listing).content.decode()
    assert "Thiếu địa điểm họp" not in client_for(hx.chairman).get(listing + "?status=resolved").content.decode()
    # A ward official opens it from the dashboard or a notice (this answered 404, the list 403), reads only.
    official_page = client_for(hx.official).get(detail)
    assert official_page.status_code == 200 and "Thiếu địa điểm họp" in official_page.content.decode()
    assert "Thiếu địa điểm họp" in client_for(hx.official).get(listing).content.decode()
    for user in (hx.secretary, hx.team):
        assert client_for(user).get(listing).status_code == 403
        assert client_for(user).get(detail).status_code == 404
    assert client_for(hx.official).get(reverse("elections:difficulty_create")).status_code == 403
    assert client_for(hx.official).post(detail, {"text": "x", "status": "resolved"}).status_code == 403
    with pytest.raises(DomainError):
        difficulty_respond(report=report, actor=hx.official, text="x", status="resolved")
    other = user_with_role(Role.COMMITTEE_MEMBER, ward=WardFactory(name="Hương Vân"))
    assert client_for(other).get(detail).status_code == 404


def test_audit_entries_cannot_be_changed_or_deleted(hx):
    entry = AuditEntry.objects.filter(event="group_election_opened").first()
    entry.note = "sửa"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_nav_links_per_role(hx, client_for):
    def nav(user):
        return client_for(user).get(reverse("elections:campaign_list")).content.decode()

    member_nav, secretary_nav = nav(hx.member), nav(hx.secretary)
    assert reverse("elections:difficulty_list") in member_nav and reverse("elections:overdue") in member_nav
    assert (
        reverse("elections:difficulty_list") not in secretary_nav
        and reverse("elections:plan_current") not in secretary_nav
    )
    assert reverse("elections:directive_current") in secretary_nav
