"""The two legal profiles the product ships with, as data the ward can edit.

The figures come from the domain notes (README §3 and §5). Those the sources do not confirm
for January 2021 are said so in `notes`, so that the ward checks them before relying on them.
"""

from decimal import Decimal

from django.db import migrations

LOCAL_GOVERNMENT_LAW = "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
LOCAL_GOVERNMENT_LAW_2019 = (
    "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
    "ngày 22 tháng 11 năm 2019"
)
TT_04_2012 = (
    "Thông tư số 04/2012/TT-BNV ngày 31 tháng 8 năm 2012 của Bộ Nội vụ hướng dẫn về tổ chức và hoạt động "
    "của thôn, tổ dân phố"
)
TT_14_2018 = (
    "Thông tư số 14/2018/TT-BNV ngày 03 tháng 12 năm 2018 của Bộ Nội vụ sửa đổi, bổ sung một số điều "
    "của Thông tư số 04/2012/TT-BNV ngày 31 tháng 8 năm 2012 của Bộ Nội vụ hướng dẫn về tổ chức và hoạt động "
    "của thôn, tổ dân phố"
)

PROFILES = [
    {
        "code": "2021",
        "name": "Bầu tổ trưởng tổ dân phố theo NQLT 09/2008 và Thông tư 04/2012 (sửa đổi bởi Thông tư 14/2018)",
        "legal_basis": "\n".join(
            [
                LOCAL_GOVERNMENT_LAW,
                LOCAL_GOVERNMENT_LAW_2019,
                "Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20 tháng 4 năm 2007 của Ủy ban Thường vụ Quốc hội "
                "về thực hiện dân chủ ở xã, phường, thị trấn",
                "Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN ngày 17 tháng 4 năm 2008 của Chính phủ và "
                "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam hướng dẫn thi hành các Điều 11, 14, 16, 22 và 26 "
                "của Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn",
                TT_04_2012,
                TT_14_2018,
            ]
        ),
        "plan_days_before": 20,
        "candidate_list_days_before": 15,
        "team_decision_days_before": 10,
        "posting_days_before": 7,
        "quorum_percent": Decimal("50"),
        "winning_percent": Decimal("50"),
        "revote_within_days": 15,
        "recognition_working_days": 5,
        "min_candidates": 1,
        "max_candidates": 2,
        "min_candidate_age": 21,
        "count_board_min": None,
        "count_board_max": None,
        "term_months": 30,
        "decision_authority": "chairman",
        "notes": "\n".join(
            [
                "Chưa xác nhận được cho kỳ bầu cử tháng 01/2021 (cần đối chiếu hướng dẫn của tỉnh, thị xã):",
                "- Thời hạn niêm yết danh sách cử tri và danh sách người ứng cử: 7 ngày (lấy theo Nghị định "
                "59/2023/NĐ-CP);",
                "- Thời hạn tổ chức bầu lại khi không có người trúng cử: 15 ngày (thông lệ);",
                "- Thời hạn ra quyết định công nhận: 5 ngày làm việc (lấy theo Nghị định 59/2023/NĐ-CP).",
                "Nhiệm kỳ 2,5 năm (30 tháng) theo Thông tư 04/2012/TT-BNV; từ Thông tư 14/2018/TT-BNV là 2,5 năm "
                "hoặc 5 năm do tỉnh quyết định.",
                "Quyết định công nhận do Chủ tịch UBND phường ký.",
            ]
        ),
    },
    {
        "code": "2023",
        "name": "Bầu tổ trưởng tổ dân phố theo Luật Thực hiện dân chủ ở cơ sở và Nghị định 59/2023/NĐ-CP",
        "legal_basis": "\n".join(
            [
                LOCAL_GOVERNMENT_LAW,
                LOCAL_GOVERNMENT_LAW_2019,
                "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10 tháng 11 năm 2022",
                "Nghị định số 59/2023/NĐ-CP ngày 14 tháng 8 năm 2023 của Chính phủ quy định chi tiết một số điều "
                "của Luật Thực hiện dân chủ ở cơ sở",
                TT_04_2012,
                TT_14_2018,
            ]
        ),
        "plan_days_before": 20,
        "candidate_list_days_before": 15,
        "team_decision_days_before": 10,
        "posting_days_before": 7,
        "quorum_percent": Decimal("50"),
        "winning_percent": Decimal("50"),
        "revote_within_days": 15,
        "recognition_working_days": 5,
        "min_candidates": 1,
        "max_candidates": 2,
        "min_candidate_age": 21,
        "count_board_min": 3,
        "count_board_max": 5,
        "term_months": 30,
        "decision_authority": "committee",
        "notes": "\n".join(
            [
                "Theo Luật Thực hiện dân chủ ở cơ sở (có hiệu lực từ 01/7/2023) và Nghị định 59/2023/NĐ-CP "
                "(Điều 6-9): kế hoạch ít nhất 20 ngày trước ngày bầu; thành lập Tổ bầu cử ít nhất 10 ngày trước "
                "(không có người ứng cử trong Tổ bầu cử); niêm yết ít nhất 7 ngày trước; Ban kiểm phiếu 3-5 người "
                "do hội nghị bầu; công nhận hoặc yêu cầu bầu lại trong 5 ngày làm việc.",
                "Chưa xác nhận: thời hạn dự thảo danh sách người ứng cử (15 ngày, giữ theo quy định cũ) và "
                "thời hạn bầu lại (15 ngày); nhiệm kỳ do tỉnh quyết định (2,5 hoặc 5 năm).",
                "Quyết định công nhận do Ủy ban nhân dân phường ban hành (TM. Ủy ban nhân dân).",
            ]
        ),
    },
]


def create_profiles(apps, schema_editor):
    LegalProfile = apps.get_model("elections", "LegalProfile")
    for data in PROFILES:
        values = dict(data)
        code = values.pop("code")
        # Never overwrite a profile the ward has already edited.
        LegalProfile.objects.get_or_create(code=code, defaults=values)


def remove_profiles(apps, schema_editor):
    LegalProfile = apps.get_model("elections", "LegalProfile")
    LegalProfile.objects.filter(code__in=[p["code"] for p in PROFILES], campaigns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0002_group_election_round"),
    ]

    operations = [
        migrations.RunPython(create_profiles, remove_profiles),
    ]
