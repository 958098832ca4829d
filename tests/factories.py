"""Factories for the core records. Apps add their own beside their tests."""

import datetime
from decimal import Decimal

import factory

from accounts.models import Role, User
from elections.models import Campaign, GroupElection, LegalProfile
from residents.models import Household, PartyCell, Resident, ResidentialGroup, Ward


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("name", "district", "province")

    name = "Hương Xuân"
    district = "Thị xã Hương Trà"
    province = "Thừa Thiên Huế"


class PartyCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell

    ward = factory.SubFactory(WardFactory)
    name = factory.Sequence(lambda n: f"Chi bộ Khu dân cư {n + 1}")


class ResidentialGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentialGroup

    ward = factory.SubFactory(WardFactory)
    code = factory.Sequence(lambda n: f"{n + 1:02d}")
    name = factory.LazyAttribute(lambda o: f"Tổ dân phố {o.code}")
    party_cell = factory.SubFactory(PartyCellFactory, ward=factory.SelfAttribute("..ward"))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    group = factory.SubFactory(ResidentialGroupFactory)
    number = factory.Sequence(lambda n: f"{n + 1:03d}")
    address = factory.LazyAttribute(lambda o: f"Số {o.number}, đường Lý Thần Tông")


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    household = factory.SubFactory(HouseholdFactory)
    full_name = factory.Iterator(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức"])
    birth_date = datetime.date(1970, 5, 17)
    gender = factory.Iterator([Resident.Gender.MALE, Resident.Gender.FEMALE])
    residence_status = Resident.Residence.PERMANENT

    class Params:
        party_member = factory.Trait(
            is_party_member=True,
            party_cell=factory.LazyAttribute(lambda o: o.household.group.party_cell),
            party_admission_date=datetime.date(2000, 2, 3),
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    role = Role.WARD_OFFICIAL
    ward = factory.SubFactory(WardFactory)
    password = factory.django.Password("pass-Word-123")


class LegalProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalProfile
        django_get_or_create = ("code",)

    code = "nqlt-09-2008"
    name = "NQLT 09/2008, TT 04/2012 sửa đổi bởi TT 14/2018"
    legal_basis = "Pháp lệnh số 34/2007/PL-UBTVQH11\nNghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN"
    quorum_percent = Decimal("50")
    winning_percent = Decimal("50")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    ward = factory.SubFactory(WardFactory)
    label = "2021-2023"
    previous_term_label = "2018-2020"
    term_start = datetime.date(2021, 1, 10)
    term_end = datetime.date(2023, 7, 10)
    election_day = datetime.date(2021, 1, 10)
    electorate_mode = Campaign.Electorate.HOUSEHOLD_REPS
    legal_profile = factory.SubFactory(LegalProfileFactory)


class GroupElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupElection

    campaign = factory.SubFactory(CampaignFactory)
    group = factory.SubFactory(ResidentialGroupFactory, ward=factory.SelfAttribute("..campaign.ward"))


def user_with_role(role: str, *, ward=None, **kwargs) -> User:
    """A user of `role` with a valid jurisdiction in `ward`."""
    ward = ward or WardFactory()
    if role == Role.CELL_SECRETARY and "party_cell" not in kwargs:
        kwargs["party_cell"] = PartyCellFactory(ward=ward)
    if role == Role.TEAM_MEMBER and "group" not in kwargs:
        kwargs["group"] = ResidentialGroupFactory(ward=ward)
    assigned = kwargs.pop("assigned_groups", None)
    user = UserFactory(role=role, ward=ward, **kwargs)
    if assigned:
        user.assigned_groups.set(assigned)
    return user
