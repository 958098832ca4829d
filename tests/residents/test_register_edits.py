"""The register kept in the browser: households and residents added, data corrected, moves and deaths
recorded with their date and reason, every change audited, duplicates caught, posted lists untouched."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.conference.models import Elector
from elections.conference.services.checkin import electorate_freeze
from residents import selectors, services
from residents.models import Household, Resident
from tests.factories import CampaignFactory, GroupElectionFactory

pytestmark = pytest.mark.django_db

DATA = {
    "full_name": "Nguyễn Thị Mới",
    "birth_date": datetime.date(1995, 4, 30),
    "gender": "F",
    "identity_number": "046195000123",
    "residence_status": "permanent",
    "is_party_member": False,
    "party_admission_date": None,
}


@pytest.fixture
def official(make_user):
    return make_user(Role.WARD_OFFICIAL, full_name="Nguyễn Thị Thu Hà")


def _person(group, name):
    return Resident.objects.get(household__group=group, full_name=name)


def test_a_ward_official_corrects_a_birth_date_and_records_a_move_away_both_audited(register, official, client):
    ung = _person(register.group1, "Lê Thị Ửng")
    client.force_login(official)
    page = client.get(reverse("residents:resident_correct", args=[ung.pk]))
    assert page.status_code == 200
    form = {**{k: v for k, v in page.context["form"].initial.items() if v is not None}, "birth_date": "09/07/1964",
            "party_admission_date": "", "reason": "Sai ngày sinh so với căn cước công dân"}  # fmt: skip
    form["is_party_member"] = ""
    response = client.post(reverse("residents:resident_correct", args=[ung.pk]), form)
    assert response.status_code == 302
    ung.refresh_from_db()
    assert ung.birth_date == datetime.date(1964, 7, 9)

    response = client.post(
        reverse("residents:resident_leave", args=[ung.pk]),
        {"kind": "moved_away", "on": "02/01/2021", "reason": "Chuyển hộ khẩu vào Đà Nẵng"},
    )
    assert response.status_code == 302
    ung.refresh_from_db()
    assert (ung.status, ung.left_on) == (Resident.Status.MOVED_AWAY, datetime.date(2021, 1, 2))

    corrected = AuditEntry.objects.get(event="resident_corrected", object_id=str(ung.pk))
    assert (corrected.before, corrected.after) == ({"birth_date": "1963-07-09"}, {"birth_date": "1964-07-09"})
    assert corrected.note == "Sai ngày sinh so với căn cước công dân" and corrected.actor == official
    assert corrected.group == register.group1
    moved = AuditEntry.objects.get(event="resident_moved_away", object_id=str(ung.pk))
    assert moved.before == {"status": "present", "left_on": None}
    assert moved.after == {"status": "moved_away", "left_on": "2021-01-02"}
    assert moved.note == "Chuyển hộ khẩu vào Đà Nẵng"

    page = client.get(reverse("residents:resident_detail", args=[ung.pk])).content.decode()
    assert "Chuyển hộ khẩu vào Đà Nẵng" in page and "09/07/1963" in page and "09/07/1964" in page


def test_who_left_leaves_every_count_and_list_but_stays_on_record(register, official):
    ung = _person(register.group1, "Lê Thị Ửng")
    head = _person(register.group1, "Đặng Văn Ước")
    before = {
        g.pk: g
        for g in selectors.with_group_counts(selectors.visible_groups(official), on_date=datetime.date(2021, 1, 10))
    }
    services.resident_leave(actor=official, resident=ung, kind="moved_away", on=datetime.date(2021, 1, 2), reason="x")
    services.resident_leave(actor=official, resident=head, kind="deceased", on=datetime.date(2021, 1, 3), reason="y")
    after = {
        g.pk: g
        for g in selectors.with_group_counts(selectors.visible_groups(official), on_date=datetime.date(2021, 1, 10))
    }
    g1 = register.group1.pk
    assert after[g1].resident_count == before[g1].resident_count - 2
    assert after[g1].voter_count == before[g1].voter_count - 2
    assert after[g1].rep_count == before[g1].rep_count - 1  # household 001 has only a child left
    names = [
        r.name
        for r in selectors.electorate_rows(register.group1, mode="all_voters", on_date=datetime.date(2021, 1, 10))
    ]
    assert "Lê Thị Ửng" not in names and "Đặng Văn Ước" not in names
    household = Household.objects.get(pk=head.household_id)
    assert household.head_id is None  # the head died: the household has none until one is chosen
    assert AuditEntry.objects.filter(event="household_changed", object_id=str(household.pk)).exists()
    assert Resident.objects.filter(pk=head.pk, status="deceased").exists()
    with pytest.raises(DomainError, match="đã ra khỏi sổ"):
        services.resident_leave(
            actor=official, resident=head, kind="moved_away", on=datetime.date(2021, 1, 4), reason="z"
        )


def test_duplicates_are_caught(register, official):
    household = Household.objects.get(group=register.group2, number="001")
    with pytest.raises(DomainError) as same_id:
        services.resident_move_in(actor=official, household=household,
                                  data={**DATA, "identity_number": "046060123456"},
                                  on=datetime.date(2021, 1, 2), reason="Chuyển đến")  # fmt: skip
    assert "046060123456" in same_id.value.messages[0] and "Đặng Văn Ước" in same_id.value.messages[0]
    assert "Tổ dân phố 1" in same_id.value.messages[0] and same_id.value.field == "identity_number"
    with pytest.raises(DomainError) as same_person:
        services.resident_move_in(actor=official, household=household,
                                  data={**DATA, "full_name": "hồ  thị HƯƠNG", "birth_date": datetime.date(1970, 1, 1),
                                        "identity_number": ""},
                                  on=datetime.date(2021, 1, 2), reason="Chuyển đến")  # fmt: skip
    assert "Hồ Thị Hương" in same_person.value.messages[0] and "01/01/1970" in same_person.value.messages[0]
    # The same name and birth date in another household is another person.
    other = Household.objects.get(group=register.group3, number="001")
    services.resident_move_in(actor=official, household=other,
                              data={**DATA, "full_name": "Hồ Thị Hương", "birth_date": datetime.date(1970, 1, 1),
                                    "identity_number": ""},
                              on=datetime.date(2021, 1, 2), reason="Chuyển đến")  # fmt: skip
    # An identity number of someone who has moved away may be registered again (they came back).
    ung = _person(register.group1, "Lê Thị Ửng")
    services.resident_leave(actor=official, resident=ung, kind="moved_away", on=datetime.date(2021, 1, 2), reason="x")
    back = services.resident_move_in(actor=official, household=household,
                                     data={**DATA, "identity_number": "046163654321"},
                                     on=datetime.date(2021, 1, 5), reason="Chuyển về")  # fmt: skip
    assert back.is_present


def test_move_in_and_new_household_and_change_of_household(register, official, client):
    client.force_login(official)
    response = client.post(reverse("residents:household_create", args=[register.group1.pk]),
                           {"number": "004", "address": "Số 9 Kim Trà"})  # fmt: skip
    household = Household.objects.get(group=register.group1, number="004")
    assert response["Location"] == reverse("residents:household_detail", args=[household.pk])
    assert (
        client.post(reverse("residents:household_create", args=[register.group1.pk]), {"number": "004"}).status_code
        == 200
    )  # fmt: skip  (already there: the form says so)
    form = {**DATA, "birth_date": "30/04/1995", "party_admission_date": "", "is_party_member": "",
            "on": "03/01/2021", "reason": "Chuyển đến từ phường Hương Văn"}  # fmt: skip
    response = client.post(reverse("residents:resident_move_in", args=[household.pk]), form)
    assert response.status_code == 302
    newcomer = Resident.objects.get(full_name="Nguyễn Thị Mới")
    household.refresh_from_db()
    assert household.head == newcomer  # the first member of a new household is its head
    entry = AuditEntry.objects.get(event="resident_moved_in")
    assert entry.after["on"] == "2021-01-03" and entry.note == "Chuyển đến từ phường Hương Văn"

    anh = _person(register.group1, "Nguyễn Văn Anh")
    response = client.post(
        reverse("residents:resident_change_household", args=[anh.pk]),
        {"group": register.group2.pk, "household_number": "001", "on": "04/01/2021", "reason": "Về ở với con"},
    )
    assert response.status_code == 302
    anh.refresh_from_db()
    assert anh.household.group == register.group2 and anh.party_cell == register.cell1
    moves = AuditEntry.objects.filter(event="resident_household_changed", object_id=str(anh.pk))
    assert {m.group_id for m in moves} == {register.group1.pk, register.group2.pk}
    assert moves[0].before["household_number"] == "002" and moves[0].after["household_number"] == "001"
    missing = client.post(
        reverse("residents:resident_change_household", args=[anh.pk]),
        {"group": register.group3.pk, "household_number": "999", "on": "04/01/2021", "reason": "x"},
    )
    assert "không có hộ 999" in missing.content.decode()


def test_a_change_after_posting_leaves_the_posted_list_as_it_was(register, official, client):
    campaign = CampaignFactory(ward=register.ward, is_current=True, electorate_mode="all_voters")
    ge = GroupElectionFactory(campaign=campaign, group=register.group1, stage="lists_posted")
    electorate_freeze(group_election=ge, actor=None)
    ge.list_posted_at = datetime.datetime(2021, 1, 2, 8, 0, tzinfo=datetime.UTC)
    ge.save(update_fields=["list_posted_at"])
    frozen = list(Elector.objects.filter(group_election=ge).values_list("full_name", "birth_date"))
    ung = _person(register.group1, "Lê Thị Ửng")
    services.resident_correct(actor=official, resident=ung, data={**DATA, "full_name": "Lê Thị Ửng",
                              "birth_date": datetime.date(1964, 7, 9), "identity_number": "046163654321"},
                              reason="CCCD")  # fmt: skip
    services.resident_leave(actor=official, resident=_person(register.group1, "Đặng Văn Ước"), kind="deceased",
                            on=datetime.date(2021, 1, 5), reason="Giấy chứng tử")  # fmt: skip
    assert list(Elector.objects.filter(group_election=ge).values_list("full_name", "birth_date")) == frozen
    client.force_login(official)
    page = client.get(reverse("residents:resident_detail", args=[ung.pk])).content.decode()
    assert "02/01/2021" in page  # posted on
    assert "09/07/1963" in page and "09/07/1964" in page  # the posted line and the register, side by side
    group_page = client.get(reverse("residents:group_detail", args=[register.group1.pk])).content.decode()
    assert f"{len(frozen)} dòng" in group_page
    # Both changes are on the group's timeline, with old and new values and the reason.
    timeline = client.get(reverse("elections:group_election_detail", args=[ge.pk])).content.decode()
    assert "Đính chính thông tin cá nhân" in timeline and "Qua đời" in timeline
    assert "09/07/1964" in timeline and "Giấy chứng tử" in timeline


def test_only_ward_officials_edit_and_only_those_who_see_personal_data_read(register, make_user, client):
    ung = _person(register.group1, "Lê Thị Ửng")
    secretary = make_user(Role.CELL_SECRETARY, party_cell=register.cell1)
    member = make_user(Role.COMMITTEE_MEMBER)
    client.force_login(secretary)
    assert client.get(reverse("residents:resident_detail", args=[ung.pk])).status_code == 200
    for name in ("resident_correct", "resident_leave", "resident_change_household"):
        assert client.get(reverse(f"residents:{name}", args=[ung.pk])).status_code == 403
    assert client.get(reverse("residents:household_create", args=[register.group1.pk])).status_code == 403
    with pytest.raises(DomainError):
        services.resident_leave(
            actor=secretary, resident=ung, kind="deceased", on=datetime.date(2021, 1, 2), reason="x"
        )
    other_cell = make_user(Role.CELL_SECRETARY, party_cell=register.cell2)
    client.force_login(other_cell)
    assert client.get(reverse("residents:resident_detail", args=[ung.pk])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("residents:resident_detail", args=[ung.pk])).status_code == 403


def test_reason_and_dates_are_required(register, official):
    ung = _person(register.group1, "Lê Thị Ửng")
    with pytest.raises(DomainError) as no_reason:
        services.resident_leave(actor=official, resident=ung, kind="deceased", on=datetime.date(2021, 1, 2), reason=" ")
    assert no_reason.value.field == "reason"
    with pytest.raises(DomainError) as future:
        services.resident_leave(actor=official, resident=ung, kind="deceased", on=datetime.date(2999, 1, 2), reason="x")
    assert future.value.field == "on"
    assert not AuditEntry.objects.filter(object_type="residents.resident").exists()
