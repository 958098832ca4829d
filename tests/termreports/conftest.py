import pytest

from accounts.models import Role
from tests.factories import GroupElectionFactory, PartyCellFactory, ResidentialGroupFactory
from tests.termreports.factories import LeaderTermFactory, populate


@pytest.fixture
def cell(ward):
    return PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 2")


@pytest.fixture
def other_cell(ward):
    return PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 3")


@pytest.fixture
def group(ward, cell):
    group = ResidentialGroupFactory(ward=ward, code="05", name="Tổ dân phố 5", party_cell=cell)
    populate(group, households=3, per_household=2, party_members=2)
    return group


@pytest.fixture
def other_group(ward, other_cell):
    return ResidentialGroupFactory(ward=ward, code="07", name="Tổ dân phố 7", party_cell=other_cell)


@pytest.fixture
def leader(group):
    return LeaderTermFactory(group=group, full_name="Hoàng Văn Lực")


@pytest.fixture
def ge(campaign, group, leader):
    return GroupElectionFactory(campaign=campaign, group=group)


@pytest.fixture
def other_ge(campaign, other_group):
    return GroupElectionFactory(campaign=campaign, group=other_group)


@pytest.fixture
def secretary(make_user, cell):
    return make_user(Role.CELL_SECRETARY, party_cell=cell, full_name="Lê Thị Bí Thư")


@pytest.fixture
def other_secretary(make_user, other_cell):
    return make_user(Role.CELL_SECRETARY, party_cell=other_cell)


@pytest.fixture
def official(make_user):
    return make_user(Role.WARD_OFFICIAL, full_name="Nguyễn Thị Thu Hà")


@pytest.fixture
def team_member(make_user, group):
    return make_user(Role.TEAM_MEMBER, group=group)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in nearly every test here: hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
