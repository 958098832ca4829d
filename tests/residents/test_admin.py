"""The Django admin of the register works for the system administrator, and only for staff."""

import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db

MODELS = ["ward", "partycell", "residentialgroup", "household", "resident", "leaderterm"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_and_search(client_for, make_user, register, model):
    client = client_for(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    changelist = reverse(f"admin:residents_{model}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Đặng"}).status_code == 200


def test_resident_search_finds_by_name_and_identity_number(client_for, make_user, register):
    client = client_for(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    changelist = reverse("admin:residents_resident_changelist")
    assert "Đặng Văn Ước" in client.get(changelist, {"q": "Ước"}).content.decode()
    assert "Đặng Văn Ước" in client.get(changelist, {"q": "046060123456"}).content.decode()
    group_page = client.get(reverse("admin:residents_residentialgroup_change", args=[register.group1.pk]))
    assert group_page.status_code == 200


def test_admin_is_closed_to_other_roles(client_for, make_user):
    client = client_for(make_user(Role.WARD_OFFICIAL))
    response = client.get(reverse("admin:residents_resident_changelist"))
    assert response.status_code == 302
