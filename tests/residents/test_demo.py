"""The demo ward: deterministic, idempotent, consistent with the brief."""

import inspect
import io

import pytest

from accounts.models import Role, User
from residents import demo
from residents.models import Household, LeaderTerm, PartyCell, Resident, ResidentialGroup, Ward

pytestmark = pytest.mark.django_db

SMALL = 0.02


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Ward, PartyCell, ResidentialGroup, Household, Resident, LeaderTerm, User)
    }


def test_load_twice_changes_nothing():
    out = io.StringIO()
    demo.load(stdout=out, households_scale=SMALL)
    first = counts()
    names = list(Resident.objects.order_by("pk").values_list("full_name", flat=True))
    demo.load(stdout=out, households_scale=SMALL)
    assert counts() == first
    assert "already present" in out.getvalue()
    assert first["ResidentialGroup"] == 12
    assert first["PartyCell"] == 4
    assert first["User"] == 10
    # Deterministic: the same names in the same order as a fresh build would give.
    assert names == list(Resident.objects.order_by("pk").values_list("full_name", flat=True))


def test_missing_users_are_recreated_without_touching_the_register():
    demo.load(stdout=io.StringIO(), households_scale=SMALL)
    before = counts()
    User.objects.filter(username="bithu2").delete()
    demo.load(stdout=io.StringIO(), households_scale=SMALL)
    assert counts() == before
    assert User.objects.get(username="bithu2").party_cell.name == "Chi bộ Khu dân cư 2"


def test_demo_users_roles_and_jurisdictions():
    demo.load(stdout=io.StringIO(), households_scale=SMALL)
    users = {u.username: u for u in User.objects.select_related("party_cell", "group")}
    expected = {
        "ubnd": Role.WARD_OFFICIAL,
        "mttq": Role.FRONT_OFFICIAL,
        "chutich": Role.CHAIRMAN,
        "danguy": Role.COMMITTEE_MEMBER,
        "ubkt": Role.INSPECTION,
        "bithu1": Role.CELL_SECRETARY,
        "bithu2": Role.CELL_SECRETARY,
        "tobaucu6": Role.TEAM_MEMBER,
        "tobaucu6b": Role.TEAM_MEMBER,
        "admin": Role.ADMIN,
    }
    assert {name: u.role for name, u in users.items()} == expected
    assert all(u.full_name and u.position for u in users.values())
    assert users["ubnd"].check_password("demo2021")
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert sorted(users["danguy"].assigned_groups.values_list("code", flat=True)) == ["01", "02", "03", "04"]
    assert users["bithu1"].party_cell.name == "Chi bộ Khu dân cư 1"
    assert users["bithu1"].full_name == users["bithu1"].party_cell.secretary.full_name
    assert users["tobaucu6"].group.code == users["tobaucu6b"].group.code == "06"
    cells = {g.code: g.party_cell.name for g in ResidentialGroup.objects.select_related("party_cell")}
    assert (cells["03"], cells["04"], cells["12"]) == (
        "Chi bộ Khu dân cư 1",
        "Chi bộ Khu dân cư 2",
        "Chi bộ Khu dân cư 4",
    )


def test_the_full_ward_is_the_default_and_matches_the_brief():
    assert inspect.signature(demo.load).parameters["households_scale"].default == 1.0
    demo.load(stdout=io.StringIO())
    ward = Ward.objects.get(name="Hương Xuân")
    assert ward.is_sample
    groups = ResidentialGroup.objects.filter(ward=ward).order_by("code")
    assert [g.code for g in groups] == [f"{n:02d}" for n in range(1, 13)]
    assert [g.name for g in groups][4] == "Tổ dân phố 5"
    sizes = {g.code: g.households.count() for g in groups}
    assert sizes["05"] == 361
    assert all(150 <= n <= 400 for n in sizes.values())
    # 2-5 residents per household, every household headed by one of its members.
    assert not Household.objects.filter(head__isnull=True).exists()
    for household in Household.objects.filter(group__code="05").prefetch_related("residents")[:50]:
        assert 2 <= len(household.residents.all()) <= 5
        assert household.head.household_id == household.pk
    adults = Resident.objects.filter(birth_date__lte="2003-01-10")
    share = Resident.objects.filter(is_party_member=True).count() / adults.count()
    assert 0.06 < share < 0.10
    assert Resident.objects.filter(residence_status=Resident.Residence.TEMPORARY).exists()
    assert not Resident.objects.filter(is_party_member=True, party_cell__isnull=True).exists()
    ids = list(Resident.objects.exclude(identity_number="").values_list("identity_number", flat=True))
    assert all(len(i) == 12 and i.isdigit() for i in ids) and len(set(ids)) == len(ids)
    terms = LeaderTerm.objects.filter(term_label="2018-2020")
    assert terms.count() == 12
    assert terms.filter(was_party_member=False).count() == 5
    for term in terms.select_related("resident"):
        assert term.resident.is_party_member == term.was_party_member
    assert all(cell.secretary and cell.secretary.is_party_member for cell in PartyCell.objects.all())
    # Names carry their diacritics and vary.
    names = set(Resident.objects.values_list("full_name", flat=True))
    assert len(names) > 2000
    assert any("Đ" in n for n in names) and any("ư" in n or "Ư" in n for n in names)
