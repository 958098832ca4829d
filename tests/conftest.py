import pytest

from accounts.models import Role
from tests.factories import CampaignFactory, WardFactory, user_with_role


@pytest.fixture
def ward(db):
    return WardFactory()


@pytest.fixture
def campaign(ward):
    return CampaignFactory(ward=ward)


@pytest.fixture
def make_user(db, ward):
    """make_user(Role.CELL_SECRETARY, party_cell=...) -> a user of that role in the test ward."""

    def make(role: str = Role.WARD_OFFICIAL, **kwargs):
        return user_with_role(role, ward=kwargs.pop("ward", ward), **kwargs)

    return make


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
