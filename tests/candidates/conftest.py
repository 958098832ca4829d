import datetime

import pytest

from accounts.models import Role
from elections.models import Stage
from tests.factories import GroupElectionFactory, HouseholdFactory, ResidentFactory, ResidentialGroupFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Users are made per test; a fast hasher keeps the suite quick (never used outside tests).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def group_election(campaign):
    """Group 05 of the campaign, preparing its candidates."""
    group = ResidentialGroupFactory(ward=campaign.ward, code="05", name="Tổ dân phố 5")
    return GroupElectionFactory(campaign=campaign, group=group, stage=Stage.PREPARING)


@pytest.fixture
def other_election(campaign):
    """A group of another Party cell in the same campaign."""
    group = ResidentialGroupFactory(ward=campaign.ward, code="09", name="Tổ dân phố 9")
    return GroupElectionFactory(campaign=campaign, group=group, stage=Stage.PREPARING)


@pytest.fixture
def person():
    """person(group, "Nguyễn Văn An", born=date, party=False, temporary=False) -> a resident of that group."""

    def make(group, full_name, *, born=datetime.date(1975, 3, 4), party=False, temporary=False, address=None):
        household = HouseholdFactory(group=group, **({"address": address} if address else {}))
        kwargs = {"party_member": True} if party else {}
        return ResidentFactory(
            household=household,
            full_name=full_name,
            birth_date=born,
            residence_status="temporary" if temporary else "permanent",
            **kwargs,
        )

    return make


@pytest.fixture
def users(make_user, group_election):
    """One user per role; the cell secretary's cell covers group 05."""
    cell = group_election.group.party_cell
    return {
        "ward": make_user(Role.WARD_OFFICIAL, full_name="Trần Văn Phường", position="Công chức Văn phòng - Thống kê"),
        "front": make_user(Role.FRONT_OFFICIAL),
        "chairman": make_user(Role.CHAIRMAN),
        "committee": make_user(Role.COMMITTEE_MEMBER),
        "inspection": make_user(Role.INSPECTION),
        "secretary": make_user(Role.CELL_SECRETARY, party_cell=cell),
        "team": make_user(Role.TEAM_MEMBER, group=group_election.group),
    }
