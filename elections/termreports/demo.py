"""Demo term reports of phường Hương Xuân (sample data), written through the real services.

Groups 01-08: accepted (group 05's report was returned once by the ward with a comment, then
resubmitted); 09-10: submitted; 11: a draft; 12: none. Written by the cell secretary (cells 1-2) or
the ward official `ubnd` (cells 3-4), reviewed by the cell secretary, accepted by the ward official in
charge. Cells 3 and 4 have no secretary account in the base demo: `bithu3` and `bithu4` are created
here when missing. Idempotent: a group that already has a report is left as it is.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password

from accounts.access import Action, can
from accounts.models import Role, User
from elections.models import Campaign, GroupElection
from elections.termreports import services
from elections.termreports.models import TermReport
from elections.termreports.selectors import register_figures
from residents.models import PartyCell, Ward

DEMO_PASSWORD = "demo2021"  # noqa: S105 - the documented demo password
ACCEPTED = {f"{n:02d}" for n in range(1, 9)}
SUBMITTED = {"09", "10"}
DRAFT = {"11"}
RETURNED_ONCE = "05"
BASE_SECRETARIES = {"bithu1", "bithu2"}

SITUATION = (
    "{group} nằm trên địa bàn {area_lower} Tổ có {households} hộ gia đình với {residents} nhân khẩu, "
    "{party} đảng viên sinh hoạt tại Chi bộ {cell}. Các tổ chức trong hệ thống chính trị của tổ gồm Ban công "
    "tác Mặt trận, Chi hội Phụ nữ, Chi hội Cựu chiến binh, Chi đoàn Thanh niên và Chi hội Người cao tuổi, "
    "hoạt động đều đặn theo kế hoạch.\n"
    "Phần lớn các hộ sống bằng nghề buôn bán nhỏ, làm công nhân và cán bộ, viên chức; đời sống nhân dân "
    "từng bước được nâng lên. Năm 2020 tổ chịu ảnh hưởng của dịch COVID-19 và đợt mưa lũ tháng 10, nhưng "
    "nhân dân đoàn kết, chấp hành tốt các chủ trương của Đảng và pháp luật của Nhà nước."
)
SECURITY = [
    "Tổ duy trì tổ tự quản an ninh trật tự, phối hợp với Công an phường tuần tra vào ban đêm; trong nhiệm kỳ "
    "không xảy ra trọng án. Tổ hòa giải ở cơ sở đã hòa giải thành {mediations} vụ việc tranh chấp nhỏ về ranh "
    "giới đất và mâu thuẫn trong sinh hoạt, không để phát sinh thành điểm nóng.",
    'Mô hình "Camera an ninh" được vận động lắp đặt tại {cameras} điểm trên các tuyến kiệt; tình hình trộm '
    "cắp giảm rõ rệt so với nhiệm kỳ trước. Việc đăng ký tạm trú, tạm vắng được thực hiện đầy đủ; tổ đã vận "
    "động {mediations} trường hợp hoàn thiện thủ tục cư trú.",
]
ENVIRONMENT = [
    "Tổ duy trì ngày Chủ nhật xanh - sạch - đẹp vào tuần cuối mỗi tháng, khơi thông mương thoát nước trước "
    "mùa mưa bão. 100% hộ gia đình ký hợp đồng thu gom rác thải; tổ trồng mới {trees} cây xanh dọc các tuyến "
    "đường.",
    "Tổ vận động nhân dân không xả rác ra đường, phân loại rác tại nguồn ở {sorted_homes} hộ thí điểm; phối "
    "hợp phun hóa chất phòng chống sốt xuất huyết hai đợt mỗi năm, không để dịch bệnh bùng phát.",
]
EMULATION = [
    'Cuộc vận động "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư" được hưởng ứng sâu rộng; tỷ '
    "lệ gia đình văn hóa năm 2020 đạt {cultural}%. Tổ được phường công nhận Tổ dân phố văn hóa liên tục "
    "trong nhiệm kỳ.",
    'Phong trào "Chung tay xây dựng đô thị văn minh" và "Ngày hội Đại đoàn kết toàn dân tộc" được tổ chức '
    "hằng năm; tỷ lệ gia đình văn hóa đạt {cultural}%, có {learning} gia đình được công nhận gia đình học tập.",
]
POLICIES = [
    "Nhân dân chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước; thực hiện nếp sống văn "
    "minh trong việc cưới, việc tang theo quy ước của tổ. Công tác tuyển quân hằng năm đạt chỉ tiêu; "
    "{recruits} thanh niên của tổ lên đường nhập ngũ trong nhiệm kỳ.",
    "Tổ phổ biến kịp thời các văn bản của phường đến từng hộ qua các buổi sinh hoạt tổ và loa truyền thanh; "
    "thực hiện tốt việc giãn cách, khai báo y tế trong dịch COVID-19. Quy ước của tổ được sửa đổi, bổ sung "
    "năm 2019 và được nhân dân đồng tình.",
]
FUNDS = [
    "Trong nhiệm kỳ, tổ vận động nhân dân đóng góp Quỹ Vì người nghèo, Quỹ Đền ơn đáp nghĩa, Quỹ Phòng "
    "chống thiên tai đạt và vượt kế hoạch, tổng cộng {funds} triệu đồng; việc thu, chi được công khai tại "
    "các buổi họp tổ.",
    "Các loại quỹ do phường giao đều hoàn thành, tổng số tiền vận động được {funds} triệu đồng; ngoài ra "
    "nhân dân tự nguyện đóng góp bê tông hóa một đoạn kiệt dài {road} m.",
]
WELFARE = [
    "Đầu nhiệm kỳ tổ có {poor_start} hộ nghèo, đến cuối năm 2020 còn {poor_end} hộ. Tổ thăm hỏi, tặng quà "
    "các gia đình chính sách, người cao tuổi vào dịp Tết và ngày 27/7; hỗ trợ gạo, nhu yếu phẩm cho các hộ "
    "khó khăn trong mùa lũ năm 2020.",
    "Tổ phối hợp rà soát hộ nghèo, cận nghèo hằng năm công khai, đúng đối tượng; số hộ nghèo giảm từ "
    "{poor_start} hộ xuống còn {poor_end} hộ. Các gia đình có hoàn cảnh khó khăn được hỗ trợ kịp thời từ "
    "Quỹ Vì người nghèo của tổ.",
]
SHORTCOMINGS = (
    "Một số hộ còn đổ rác không đúng nơi quy định ở các khu đất trống; việc thu một số loại quỹ còn chậm. "
    "Sinh hoạt tổ có lúc chưa thu hút được đông đảo thanh niên tham gia."
)
CAUSES = (
    "Một bộ phận người dân chưa có ý thức cao; nhiều hộ đi làm ăn xa, người thuê trọ thay đổi thường xuyên. "
    "Tổ trưởng kiêm nhiều việc, kinh phí hoạt động của tổ còn hạn chế."
)
LESSONS = (
    "Phải bám sát sự lãnh đạo của Chi bộ và sự chỉ đạo của UBND phường; phát huy vai trò các đoàn thể và "
    "người có uy tín trong tổ. Mọi việc liên quan đến đóng góp của nhân dân phải bàn bạc dân chủ, công khai, "
    "minh bạch."
)
PROPOSALS = (
    "Nhiệm kỳ {new_term}, tổ tiếp tục giữ vững danh hiệu Tổ dân phố văn hóa, phấn đấu không còn hộ nghèo, "
    "hoàn thành 100% các loại quỹ được giao.\n"
    "Đề nghị UBND phường quan tâm hỗ trợ kinh phí sửa chữa nhà sinh hoạt cộng đồng và lắp đặt thêm đèn "
    "chiếu sáng trên các tuyến kiệt."
)
RETURN_COMMENT = (
    "Đề nghị bổ sung số tiền cụ thể của từng loại quỹ đã vận động trong nhiệm kỳ và nêu rõ số hộ nghèo đầu "
    "và cuối nhiệm kỳ."
)


def _dotted(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _content(group, campaign: Campaign, figures: dict, rng: random.Random) -> dict:
    cell = group.party_cell.name.removeprefix("Chi bộ ") if group.party_cell else "Khu dân cư"
    area = (group.area_notes or f"phường {group.ward.name}.").strip()
    numbers = {
        "mediations": rng.randint(3, 9),
        "cameras": rng.randint(4, 12),
        "trees": rng.randint(20, 80),
        "sorted_homes": rng.randint(20, 60),
        "cultural": rng.choice([92, 93, 94, 95, 96]),
        "learning": rng.randint(30, 90),
        "recruits": rng.randint(2, 6),
        "funds": rng.randint(45, 160),
        "road": rng.randint(60, 180),
        "poor_start": rng.randint(6, 12),
    }
    numbers["poor_end"] = max(0, numbers["poor_start"] - rng.randint(3, 6))
    pick = rng.randrange(2)
    return {
        "situation": SITUATION.format(
            group=group.name,
            area_lower=area[:1].lower() + area[1:],
            # Written as a clerk types them: thousands with a dot (1.205).
            households=_dotted(figures["households"]),
            residents=_dotted(figures["residents"]),
            party=_dotted(figures["party_members"]),
            cell=cell,
        ),
        "security_order": SECURITY[pick].format(**numbers),
        "environment_hygiene": ENVIRONMENT[1 - pick].format(**numbers),
        "emulation": EMULATION[pick].format(**numbers),
        "policies_rules": POLICIES[1 - pick].format(**numbers),
        "contributions_funds": FUNDS[pick].format(**numbers),
        "welfare": WELFARE[pick].format(**numbers),
        "shortcomings": SHORTCOMINGS,
        "causes": CAUSES,
        "lessons": LESSONS,
        "proposals": PROPOSALS.format(new_term=campaign.label),
    }


def _start_figures(figures: dict, rng: random.Random) -> dict:
    """Plausible figures of mid-2018, as a group would provide them: a little below today's register."""
    households = max(1, figures["households"] - rng.randint(4, 15))
    residents = max(households, figures["residents"] - rng.randint(15, 45))
    return {
        "start_households": households,
        "start_residents": residents,
        "start_voters": max(0, min(residents, figures["voters"] - rng.randint(10, 30))),
        "start_party_members": max(0, figures["party_members"] - rng.randint(0, 3)),
    }


def _cell_secretaries(ward: Ward) -> dict[int, User]:
    """The secretary account of each cell; `bithu3`, `bithu4`... created for cells that have none."""
    cells = list(PartyCell.objects.filter(ward=ward).select_related("secretary").order_by("name"))
    found = {u.party_cell_id: u for u in User.objects.filter(role=Role.CELL_SECRETARY, party_cell__in=cells)}
    password = None
    for number, cell in enumerate(cells, start=1):
        if cell.pk in found:
            continue
        username = f"bithu{number}"
        password = password or make_password(DEMO_PASSWORD)
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.CELL_SECRETARY,
                "ward": ward,
                "party_cell": cell,
                "password": password,
                "full_name": cell.secretary.full_name if cell.secretary else f"Bí thư {cell.name}",
                "position": f"Bí thư {cell.name}",
            },
        )
        if user.role == Role.CELL_SECRETARY and user.party_cell_id == cell.pk:
            found[cell.pk] = user
    return found


def _acceptor(group_election: GroupElection, ubnd: User) -> User:
    in_charge = group_election.official_in_charge
    if in_charge is not None and can(in_charge, Action.ACCEPT_TERM_REPORT, group_election.group):
        return in_charge
    return ubnd


def load(*, stdout) -> None:
    ward = Ward.objects.filter(name="Hương Xuân", is_sample=True).first()
    campaign = Campaign.objects.filter(ward=ward, is_current=True).first() if ward else None
    ubnd = User.objects.filter(username="ubnd", ward=ward).first() if ward else None
    if ward is None or campaign is None or ubnd is None:
        stdout.write("Term reports: no sample ward, campaign or ward official `ubnd` yet; skipped.\n")
        return
    secretaries = _cell_secretaries(ward)
    elections = (
        GroupElection.objects.filter(campaign=campaign, group__code__in=ACCEPTED | SUBMITTED | DRAFT)
        .select_related("group", "group__ward", "group__party_cell", "campaign", "official_in_charge")
        .order_by("group__code")
    )
    existing = set(
        TermReport.objects.filter(group_election__campaign=campaign).values_list("group_election", flat=True)
    )
    made: dict[str, list[str]] = {}
    for group_election in elections:
        if group_election.pk in existing:
            continue
        group = group_election.group
        secretary = secretaries.get(group.party_cell_id)
        # The base demo's secretaries write their groups' reports; for cells 3-4 the ward official does.
        writer = secretary if secretary is not None and secretary.username in BASE_SECRETARIES else ubnd
        rng = random.Random(f"termreport-{group.code}")  # noqa: S311 - sample text, not secrets
        figures = register_figures(group_id=group.pk, campaign=campaign)
        data = _content(group, campaign, figures, rng)
        data.update(_start_figures(figures, rng))
        data["report_date"] = campaign.election_day - datetime.timedelta(days=rng.randint(16, 22))
        if group.code in DRAFT:
            for name in ("shortcomings", "causes", "lessons", "proposals", "welfare"):
                data[name] = ""
        report = services.term_report_save(group_election=group_election, actor=writer, data=data)
        if group.code not in DRAFT:
            report = services.term_report_submit(report=report, actor=writer)
        if group.code in ACCEPTED and secretary is not None:
            acceptor = _acceptor(group_election, ubnd)
            report = services.term_report_review(report=report, actor=secretary)
            if group.code == RETURNED_ONCE:
                report = services.term_report_return(report=report, actor=acceptor, comment=RETURN_COMMENT)
                report = services.term_report_save(
                    group_election=group_election,
                    actor=writer,
                    data={
                        "contributions_funds": data["contributions_funds"]
                        + " Cụ thể: Quỹ Vì người nghèo 38 triệu đồng, Quỹ Đền ơn đáp nghĩa 21 triệu đồng, "
                        "Quỹ Phòng chống thiên tai 27 triệu đồng."
                    },
                )
                report = services.term_report_submit(report=report, actor=writer)
                report = services.term_report_review(report=report, actor=secretary, comment="Đã bổ sung theo ý kiến.")
            report = services.term_report_accept(report=report, actor=acceptor)
        made.setdefault(report.status, []).append(group.code)
    if made:
        summary = "; ".join(f"{status} {', '.join(codes)}" for status, codes in made.items())
        stdout.write(f"Term reports {campaign.previous_term_label} written: {summary}.\n")
    else:
        stdout.write("Term reports already present: left as they are.\n")
