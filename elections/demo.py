"""Demo campaign of phường Hương Xuân (sample data), written through the real services.

The 2021-2023 campaign with the 2021 legal profile; directive 13-CV/ĐU of 16/12/2020 with its real
text (elections/data) split into its six tasks; the plan of the 12 groups; every group moved to
"candidates being prepared"; one difficulty reported by `danguy` on group 03 and answered.
Idempotent: whatever exists is left as it is.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from accounts.models import User
from elections import services
from elections.models import (
    Body,
    Campaign,
    DifficultyReport,
    Directive,
    DirectiveTask,
    GroupElection,
    LegalProfile,
    Stage,
)
from elections.services.directives import split_numbered_tasks
from residents.models import Ward

WARD = {"name": "Hương Xuân", "district": "Thị xã Hương Trà", "province": "Thừa Thiên Huế"}
ELECTION_DAY = datetime.date(2021, 1, 10)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DIRECTIVE_FILE = Path(__file__).resolve().parent / "data" / "directive-13-CV-DU.vi.txt"

DIRECTIVE = {
    "number": "13-CV/ĐU",
    "issued_on": datetime.date(2020, 12, 16),
    "issuing_body": "Đảng ủy phường Hương Xuân",
    "title": "Về việc lãnh đạo công tác bầu tổ trưởng tổ dân phố nhiệm kỳ 2021-2023",
}

# number -> (summary, bodies, due date)
TASKS = {
    1: (
        "Tuyên truyền, quán triệt quan điểm chỉ đạo và các văn bản về bầu tổ trưởng tổ dân phố; "
        "bầu đồng loạt ngày 10/01/2021",
        [Body.ALL],
        datetime.date(2021, 1, 9),
    ),
    2: (
        "UBND phường: xây dựng kế hoạch, phân công cán bộ phụ trách; lãnh đạo công tác nhân sự; chỉ đạo "
        "báo cáo tổng kết nhiệm kỳ 2018-2020",
        [Body.UBND],
        datetime.date(2020, 12, 26),
    ),
    3: (
        "UBMTTQ và các đoàn thể: thực hiện các bước theo quy trình, phát động thi đua, để ngày bầu cử là "
        "ngày hội của nhân dân",
        [Body.FRONT],
        datetime.date(2021, 1, 10),
    ),
    4: (
        "Chi ủy các chi bộ khu dân cư: chỉ đạo các tổ chức ở tổ dân phố phối hợp, bầu cử trang trọng, "
        "thiết thực, tiết kiệm, đúng tiến độ",
        [Body.CELLS],
        datetime.date(2021, 1, 10),
    ),
    5: (
        "Đảng ủy viên: kiểm tra, theo dõi địa bàn được phân công, kịp thời báo cáo khó khăn, vướng mắc",
        [Body.COMMITTEE_MEMBERS],
        datetime.date(2021, 1, 15),
    ),
    6: (
        "UBKT Đảng ủy: tham mưu giải quyết đơn thư liên quan ứng cử viên là đảng viên; theo dõi việc "
        "thực hiện công văn",
        [Body.INSPECTION],
        datetime.date(2021, 1, 15),
    ),
}

# task number -> (username, note, status)
PROGRESS = {
    2: (
        "ubnd",
        "Đã phối hợp với Ủy ban MTTQ Việt Nam phường xây dựng kế hoạch tổ chức bầu tổ trưởng tổ dân phố "
        "nhiệm kỳ 2021-2023 và phân công cán bộ phụ trách 12 tổ dân phố; đã chỉ đạo các tổ trưởng chuẩn bị "
        "báo cáo tổng kết nhiệm kỳ 2018-2020.",
        DirectiveTask.Status.IN_PROGRESS,
    ),
    3: (
        "mttq",
        "Ban Thường trực Ủy ban MTTQ Việt Nam phường đã hướng dẫn các Ban công tác Mặt trận dự kiến danh "
        "sách người ứng cử (01-02 người mỗi tổ) và báo cáo chi ủy chi bộ cho ý kiến.",
        DirectiveTask.Status.IN_PROGRESS,
    ),
    4: (
        "bithu1",
        "Chi ủy Chi bộ Khu dân cư 1 đã họp, phân công chi ủy viên theo dõi các tổ dân phố 1, 2 và 3.",
        DirectiveTask.Status.IN_PROGRESS,
    ),
    5: (
        "danguy",
        "Đã nắm tình hình các tổ dân phố 1-4; tổ dân phố 3 có vướng mắc về nhân sự, đã báo cáo Đảng ủy.",
        DirectiveTask.Status.IN_PROGRESS,
    ),
}

DIFFICULTY = {
    "title": "Tổ trưởng đương nhiệm xin không ứng cử, chưa thống nhất người thay thế",
    "description": (
        "Tổ trưởng tổ dân phố 3 nhiệm kỳ 2018-2020 xin không tham gia ứng cử nhiệm kỳ 2021-2023 vì lý do "
        "sức khỏe. Ban công tác Mặt trận tổ chưa thống nhất được người giới thiệu thay thế; đề nghị Đảng ủy "
        "chỉ đạo Chi bộ Khu dân cư 1 sớm cho ý kiến để kịp thời hạn dự kiến danh sách người ứng cử "
        "(26/12/2020)."
    ),
}
RESPONSE = (
    "Thường trực Đảng ủy đã giao Chi ủy Chi bộ Khu dân cư 1 họp, thống nhất giới thiệu người ứng cử thay "
    "thế là đảng viên có uy tín trong tổ; UBND phường giao cán bộ phụ trách hỗ trợ Ban công tác Mặt trận "
    "hoàn thiện danh sách đúng thời hạn."
)


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=["ubnd", "mttq", "chutich", "danguy", "bithu1"])}


def _campaign(ward: Ward, ubnd: User, stdout) -> Campaign:
    campaign = Campaign.objects.filter(ward=ward, label="2021-2023").first()
    if campaign is None:
        campaign = services.campaign_create(
            actor=ubnd,
            ward=ward,
            label="2021-2023",
            previous_term_label="2018-2020",
            term_start=ELECTION_DAY,
            term_end=datetime.date(2023, 7, 10),
            election_day=ELECTION_DAY,
            electorate_mode=Campaign.Electorate.HOUSEHOLD_REPS,
            legal_profile=LegalProfile.objects.get(code="2021"),
        )
        stdout.write("Campaign 2021-2023 of phường Hương Xuân created.\n")
    return campaign


def _directive(campaign: Campaign, users: dict[str, User]) -> None:
    directive = Directive.objects.filter(campaign=campaign, number=DIRECTIVE["number"]).first()
    if directive is None:
        directive = services.directive_create(
            actor=users["ubnd"], campaign=campaign, text=DIRECTIVE_FILE.read_text(encoding="utf-8"), **DIRECTIVE
        )
    existing = set(directive.tasks.values_list("number", flat=True))
    for number, text in split_numbered_tasks(directive.text):
        if number in existing or number not in TASKS:
            continue
        summary, bodies, due = TASKS[number]
        services.directive_task_create(
            directive=directive,
            actor=users["ubnd"],
            number=number,
            summary=summary,
            text=text,
            bodies=list(bodies),
            due_date=due,
        )
    for number, (username, note, status) in PROGRESS.items():
        task = directive.tasks.filter(number=number).first()
        if task is None or task.progress.exists() or username not in users:
            continue
        services.directive_task_add_progress(task=task, actor=users[username], note=note, status=status)


def _plan(campaign: Campaign, users: dict[str, User]) -> None:
    rows = []
    for ge in campaign.group_elections.select_related("group").order_by("group__code"):
        if ge.official_in_charge_id or ge.planned_venue or ge.planned_at:
            continue  # planned already (or edited by the ward): leave it
        number = int(ge.group.code) if ge.group.code.isdigit() else 0
        official = users["ubnd"] if number % 2 == 1 else users["mttq"]
        member = users.get("danguy") if ge.group.code in {"01", "02", "03", "04"} else None
        time = datetime.time(7, 30) if number % 2 == 1 else datetime.time(8, 0)
        rows.append(
            services.PlanRow(
                group_election_id=ge.pk,
                official_in_charge_id=official.pk,
                committee_member_id=member.pk if member else None,
                planned_venue=f"Nhà văn hóa tổ dân phố {number}",
                planned_at=datetime.datetime.combine(ELECTION_DAY, time, tzinfo=TZ),
            )
        )
    if rows:
        services.plan_update(campaign=campaign, actor=users["ubnd"], rows=rows)


def _start_preparing(campaign: Campaign, ubnd: User) -> None:
    for ge in GroupElection.objects.filter(campaign=campaign, stage=Stage.PLANNED).order_by("group__code"):
        services.group_election_start_preparing(group_election=ge, actor=ubnd)


def _difficulty(campaign: Campaign, users: dict[str, User]) -> None:
    if "danguy" not in users:
        return
    group = campaign.ward.groups.filter(code="03").first()
    if (
        group is None
        or DifficultyReport.objects.filter(campaign=campaign, group=group, title=DIFFICULTY["title"]).exists()
    ):
        return
    report = services.difficulty_report_create(actor=users["danguy"], campaign=campaign, group=group, **DIFFICULTY)
    responder = users.get("chutich") or users["danguy"]
    services.difficulty_respond(report=report, actor=responder, text=RESPONSE, status=DifficultyReport.Status.RESOLVED)


def load(*, stdout) -> None:
    ward = Ward.objects.filter(**WARD, is_sample=True).first()
    if ward is None:
        stdout.write("No sample ward Hương Xuân: the demo campaign is not loaded.\n")
        return
    users = _users()
    if "ubnd" not in users or "mttq" not in users:
        stdout.write("Demo users ubnd and mttq are missing: the demo campaign is not loaded.\n")
        return
    campaign = _campaign(ward, users["ubnd"], stdout)
    _directive(campaign, users)
    _plan(campaign, users)
    _start_preparing(campaign, users["ubnd"])
    _difficulty(campaign, users)
