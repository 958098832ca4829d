"""A small ward with one campaign under the shipped 2021 legal profile, and one user per role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from elections import workflow
from elections.models import Campaign, LegalProfile
from elections.services import PlanRow, campaign_create, plan_update
from tests.factories import PartyCellFactory, ResidentialGroupFactory, user_with_role

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ELECTION_DAY = datetime.date(2021, 1, 10)


@dataclass
class Ward:
    ward: object
    groups: dict
    campaign: Campaign
    official: object
    front: object
    chairman: object
    member: object
    inspection: object
    secretary: object
    team: object

    def ge(self, code: str):
        return self.campaign.group_elections.select_related("group").get(group__code=code)


def build_ward(ward, *, n_groups: int = 3, prefix: str = "") -> Ward:
    cell1 = PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 1")
    cell2 = PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 2")
    groups = {}
    for n in range(1, n_groups + 1):
        code = f"{n:02d}"
        groups[code] = ResidentialGroupFactory(
            ward=ward, code=code, name=f"Tổ dân phố {n}", party_cell=cell1 if n <= 2 else cell2
        )
    official = user_with_role(Role.WARD_OFFICIAL, ward=ward, username=f"{prefix}ubnd", full_name="Nguyễn Thị Thu Hà")
    campaign = campaign_create(
        actor=official,
        ward=ward,
        label="2021-2023",
        previous_term_label="2018-2020",
        term_start=ELECTION_DAY,
        term_end=datetime.date(2023, 7, 10),
        election_day=ELECTION_DAY,
        legal_profile=LegalProfile.objects.get(code="2021"),
    )
    return Ward(
        ward=ward,
        groups=groups,
        campaign=campaign,
        official=official,
        front=user_with_role(Role.FRONT_OFFICIAL, ward=ward, username=f"{prefix}mttq", full_name="Trần Văn Hòa"),
        chairman=user_with_role(Role.CHAIRMAN, ward=ward, username=f"{prefix}chutich", full_name="Lê Quang Vinh"),
        member=user_with_role(
            Role.COMMITTEE_MEMBER,
            ward=ward,
            username=f"{prefix}danguy",
            full_name="Phan Đình Tâm",
            assigned_groups=[groups["01"], groups["02"]],
        ),
        inspection=user_with_role(Role.INSPECTION, ward=ward, username=f"{prefix}ubkt", full_name="Hồ Thị Lan"),
        secretary=user_with_role(Role.CELL_SECRETARY, ward=ward, username=f"{prefix}bithu1", party_cell=cell1),
        team=user_with_role(Role.TEAM_MEMBER, ward=ward, username=f"{prefix}tobaucu", group=groups["01"]),
    )


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hx(ward) -> Ward:
    return build_ward(ward)


def plan_all(w: Ward, *, member_codes=("01", "02")) -> None:
    rows = [
        PlanRow(
            group_election_id=ge.pk,
            official_in_charge_id=w.official.pk,
            committee_member_id=w.member.pk if ge.group.code in member_codes else None,
            planned_venue=f"Nhà văn hóa tổ dân phố {int(ge.group.code)}",
            planned_at=datetime.datetime(2021, 1, 10, 7, 30, tzinfo=TZ),
        )
        for ge in w.campaign.group_elections.select_related("group")
    ]
    plan_update(campaign=w.campaign, actor=w.official, rows=rows)


@pytest.fixture
def only_own_hooks(monkeypatch):
    """The stage machine with only the elections app's own hooks (sub-apps add theirs for their data)."""
    from elections import workflow_hooks

    own_pre = {
        stage: [f for f in funcs if f.__module__ == workflow_hooks.__name__]
        for stage, funcs in workflow._preconditions.items()
    }
    own_enter = {
        stage: [f for f in funcs if f.__module__ == workflow_hooks.__name__]
        for stage, funcs in workflow._on_enter.items()
    }
    monkeypatch.setattr(workflow, "_preconditions", workflow.defaultdict(list, own_pre))
    monkeypatch.setattr(workflow, "_on_enter", workflow.defaultdict(list, own_enter))
