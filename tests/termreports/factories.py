"""Factories and helpers for the term-report tests."""

import datetime

import factory

from residents.models import LeaderTerm
from tests.factories import HouseholdFactory, ResidentFactory


class LeaderTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaderTerm

    full_name = "Trần Văn Đức"
    term_label = "2018-2020"
    start_date = datetime.date(2018, 7, 8)


def populate(group, *, households: int = 3, per_household: int = 2, party_members: int = 1) -> None:
    """Households and residents in a group: the first `party_members` residents are Party members,
    one resident per household is a minor (not a voter)."""
    made_members = 0
    for _ in range(households):
        household = HouseholdFactory(group=group)
        for index in range(per_household):
            minor = index == per_household - 1 and per_household > 1
            kwargs = {"birth_date": datetime.date(2010, 3, 1)} if minor else {}
            if made_members < party_members and not minor:
                ResidentFactory(household=household, party_member=True, **kwargs)
                made_members += 1
            else:
                ResidentFactory(household=household, **kwargs)


COMPLETE = {
    "report_date": datetime.date(2020, 12, 22),
    "situation": "Tổ có các tuyến đường Lý Thần Tông và Kim Trà; nhân dân đoàn kết.",
    "security_order": "Không xảy ra trọng án; hòa giải thành 5 vụ việc.",
    "environment_hygiene": "Ngày Chủ nhật xanh - sạch - đẹp được duy trì hằng tháng.",
    "emulation": "Tỷ lệ gia đình văn hóa đạt 95%.",
    "policies_rules": "Thực hiện tốt quy ước của tổ; tuyển quân đạt chỉ tiêu.",
    "contributions_funds": "Vận động Quỹ Vì người nghèo được 38 triệu đồng.",
    "welfare": "Số hộ nghèo giảm từ 9 hộ xuống còn 4 hộ.",
    "shortcomings": "Một số hộ còn đổ rác không đúng nơi quy định.",
    "causes": "Ý thức của một bộ phận người dân chưa cao.",
    "lessons": "Bám sát sự lãnh đạo của Chi bộ, phát huy dân chủ.",
    "proposals": "Đề nghị phường hỗ trợ sửa chữa nhà sinh hoạt cộng đồng.",
    "start_households": 2,
    "start_residents": 5,
    "start_voters": 3,
    "start_party_members": 1,
}
