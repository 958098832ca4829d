"""A small ward register for the residents tests: two cells, three groups, named people."""

import datetime
from dataclasses import dataclass

import pytest

from residents.models import Household, LeaderTerm, PartyCell, Resident, ResidentialGroup, Ward
from tests.factories import HouseholdFactory, PartyCellFactory, ResidentFactory, ResidentialGroupFactory

ELECTION_DAY = datetime.date(2021, 1, 10)


@dataclass
class Register:
    ward: Ward
    cell1: PartyCell
    cell2: PartyCell
    group1: ResidentialGroup  # cell 1
    group2: ResidentialGroup  # cell 1
    group3: ResidentialGroup  # cell 2
    other_ward_group: ResidentialGroup


def person(household: Household, name: str, born: datetime.date, gender: str, **kwargs) -> Resident:
    return ResidentFactory(household=household, full_name=name, birth_date=born, gender=gender, **kwargs)


@pytest.fixture
def register(ward) -> Register:
    cell1 = PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 1")
    cell2 = PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 2")
    group1 = ResidentialGroupFactory(ward=ward, code="01", name="Tổ dân phố 1", party_cell=cell1)
    group2 = ResidentialGroupFactory(ward=ward, code="02", name="Tổ dân phố 2", party_cell=cell1)
    group3 = ResidentialGroupFactory(ward=ward, code="03", name="Tổ dân phố 3", party_cell=cell2)

    # Group 1: three households.
    h1 = HouseholdFactory(group=group1, number="001", address="Số 12 Lý Thần Tông")
    head1 = person(h1, "Đặng Văn Ước", datetime.date(1960, 3, 2), "M", identity_number="046060123456")
    person(h1, "Lê Thị Ửng", datetime.date(1963, 7, 9), "F", identity_number="046163654321")
    person(h1, "Đặng Thị Ánh", datetime.date(2010, 1, 1), "F")  # a child
    h1.head = head1
    h1.save(update_fields=["head"])
    h2 = HouseholdFactory(group=group1, number="002", address="Kiệt 5/3 Kim Trà")  # no head recorded
    person(h2, "Trần Thị Ý", datetime.date(1990, 5, 5), "F", residence_status=Resident.Residence.TEMPORARY)
    person(h2, "Nguyễn Văn Anh", datetime.date(1985, 5, 5), "M", party_member=True)  # the oldest adult
    h3 = HouseholdFactory(group=group1, number="003", address="Số 40 Kim Trà")  # only a minor
    person(h3, "Phạm Minh Đức", datetime.date(2003, 1, 11), "M")  # 18 one day after election day
    LeaderTerm.objects.create(
        group=group1,
        resident=head1,
        full_name=head1.full_name,
        term_label="2018-2020",
        start_date=datetime.date(2018, 7, 8),
        was_party_member=False,
    )

    # Group 2 and 3: one household each.
    h4 = HouseholdFactory(group=group2, number="001", address="Số 1 Độc Lập")
    h4.head = person(h4, "Hồ Thị Hương", datetime.date(1970, 1, 1), "F", identity_number="046170000001")
    h4.save(update_fields=["head"])
    LeaderTerm.objects.create(
        group=group2,
        resident=h4.head,
        full_name=h4.head.full_name,
        term_label="2018-2020",
        start_date=datetime.date(2018, 7, 8),
        was_party_member=True,
    )
    h5 = HouseholdFactory(group=group3, number="001", address="Số 2 Độc Lập")
    h5.head = person(h5, "Võ Văn Bảy", datetime.date(1950, 1, 1), "M", identity_number="046050000002")
    h5.save(update_fields=["head"])

    other = Ward.objects.create(name="Hương Văn", district="Thị xã Hương Trà", province="Thừa Thiên Huế")
    other_group = ResidentialGroupFactory(
        ward=other, code="01", name="Tổ dân phố Khác", party_cell=PartyCellFactory(ward=other)
    )
    person(HouseholdFactory(group=other_group, number="001"), "Người Ở Phường Khác", datetime.date(1970, 1, 1), "M")
    return Register(ward, cell1, cell2, group1, group2, group3, other_group)
