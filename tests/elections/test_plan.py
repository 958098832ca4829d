"""The plan table: official in charge, committee member, venue and time of every group."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from config.errors import DomainError
from elections.services import PlanRow, plan_update
from tests.elections.conftest import TZ

pytestmark = pytest.mark.django_db


def _form(hx, overrides=None):
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "3", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for i, code in enumerate(["01", "02", "03"]):
        ge = hx.ge(code)
        data |= {
            f"form-{i}-group_election": ge.pk,
            f"form-{i}-official_in_charge": hx.official.pk if i % 2 == 0 else hx.front.pk,
            f"form-{i}-committee_member": hx.member.pk if code != "03" else "",
            f"form-{i}-planned_venue": f"Nhà văn hóa tổ dân phố {i + 1}",
            f"form-{i}-planned_at": "10/01/2021 07:30" if i % 2 == 0 else "10/01/2021 08:00",
        }
    data |= overrides or {}
    return data


def test_plan_saved_in_one_table_and_audited(hx, client_for):
    url = reverse("elections:plan", args=[hx.campaign.pk])
    response = client_for(hx.official).post(url, _form(hx))
    assert response.status_code == 302
    ge2 = hx.ge("02")
    assert ge2.official_in_charge == hx.front and ge2.committee_member == hx.member
    assert ge2.planned_venue == "Nhà văn hóa tổ dân phố 2"
    assert ge2.planned_at == datetime.datetime(2021, 1, 10, 8, 0, tzinfo=TZ)
    entry = AuditEntry.objects.get(event="plan_updated", group=ge2.group)
    assert entry.actor == hx.official
    assert entry.after["official_in_charge"] == "Trần Văn Hòa"
    assert entry.before["planned_venue"] == "" and entry.after["planned_at"].startswith("2021-01-10T08:00")
    # Saving the same plan again changes nothing and logs nothing.
    client_for(hx.official).post(url, _form(hx))
    assert AuditEntry.objects.filter(event="plan_updated").count() == 3
    page = client_for(hx.chairman).get(url).content.decode()
    assert "Nhà văn hóa tổ dân phố 2" in page and "form-0-official_in_charge" not in page  # read-only


def test_bad_plan_row_is_named_and_nothing_is_saved(hx, client_for):
    url = reverse("elections:plan", args=[hx.campaign.pk])
    bad = _form(hx, {"form-2-planned_at": "11/01/2021 07:30", "form-1-official_in_charge": hx.secretary.pk})
    page = client_for(hx.official).post(url, bad, follow=True).content.decode()
    assert "Tổ dân phố 3" in page and "11/01/2021" in page
    assert not AuditEntry.objects.filter(event="plan_updated").exists()
    assert hx.ge("01").planned_venue == ""
    with pytest.raises(DomainError) as refused:
        plan_update(
            campaign=hx.campaign,
            actor=hx.official,
            rows=[PlanRow(hx.ge("02").pk, hx.secretary.pk, None, "Nhà văn hóa", None)],
        )
    assert "Tổ dân phố 2" in refused.value.messages[0]


def test_plan_committee_member_follows_the_area(hx):
    ge3 = hx.ge("03")
    plan_update(
        campaign=hx.campaign,
        actor=hx.official,
        rows=[PlanRow(ge3.pk, hx.official.pk, hx.member.pk, "Nhà văn hóa", None)],
    )
    assert hx.member.assigned_groups.filter(pk=ge3.group_id).exists()
    assert AuditEntry.objects.filter(event="area_assigned", group=ge3.group).exists()
    plan_update(
        campaign=hx.campaign, actor=hx.official, rows=[PlanRow(ge3.pk, hx.official.pk, None, "Nhà văn hóa", None)]
    )
    assert not hx.member.assigned_groups.filter(pk=ge3.group_id).exists()


def test_plan_page_per_role(hx, client_for, django_assert_max_num_queries):
    url = reverse("elections:plan", args=[hx.campaign.pk])
    client = client_for(hx.official)
    client.get(url)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    assert client_for(hx.member).get(url).status_code == 200
    assert client_for(hx.secretary).get(url).status_code == 403
    assert client_for(hx.team).get(url).status_code == 403
    assert client_for(hx.chairman).post(url, _form(hx)).status_code == 403
    assert hx.ge("01").planned_venue == ""
