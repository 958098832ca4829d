"""Election day of the demo ward (load_demo runs the count's demo right after it). Idempotent: each
step is skipped when done.

Groups 01-08: election team (with the chairman's decision) and a scheduled conference with its
count board. Groups 01-05: the conference held on 10/01/2021 with attendance (quorum) and the
vote opened; then the count app's demo (`elections.count.demo`) records the counts and results. Group 06:
scheduled for 10/01/2021, nobody checked in yet (the demo check-in happens live, by `tobaucu6`).
"""

from __future__ import annotations

import datetime
import math
from zoneinfo import ZoneInfo

from accounts.models import Role, User
from config.errors import DomainError
from elections.conference.models import Attendance, Conference, Elector, TeamDecision, TeamMember, TeamRole
from elections.conference.services.board import count_board_member_add
from elections.conference.services.checkin import attendance_mark, electorate_freeze
from elections.conference.services.conference import (
    conference_open,
    conference_open_vote,
    conference_schedule,
    conference_update,
)
from elections.conference.services.team import candidate_conflict, team_decision_record, team_member_add
from elections.models import Campaign, GroupElection, Stage
from elections.services import group_election_post_lists
from elections.workflow import blocking_reasons
from residents.models import Resident, Ward, voting_birth_cutoff

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TEAM_GROUPS = ["01", "02", "03", "04", "05", "06", "07", "08"]
HELD_GROUPS = ["01", "02", "03", "04", "05"]
# Share of the electorate present at the held conferences; group 05 is the real case: 314 of 361.
PRESENT_SHARE = {"01": 0.86, "02": 0.83, "03": 0.88, "04": 0.81}
PRESENT_EXACT = {"05": 314}
DECISION_DATE = datetime.date(2020, 12, 31)
AFFILIATIONS = {
    TeamRole.HEAD: "Trưởng Ban công tác Mặt trận",
    TeamRole.SECRETARY: "Chi hội trưởng Chi hội Phụ nữ",
    TeamRole.MEMBER: "Đại diện cử tri",
}
DISCUSSION = (
    "Các đại biểu thống nhất cao với báo cáo tổng kết nhiệm kỳ; "
    "đề nghị tiếp tục phát huy phong trào Ngày Chủ nhật xanh."
)
OPINIONS = "Đề nghị phường quan tâm sửa chữa đường kiệt và lắp thêm đèn chiếu sáng."


def _available_people(group_election: GroupElection, used: set[int], count: int) -> list[Resident]:
    """Adults of the group who are not candidates and not yet used, oldest households first."""
    cutoff = voting_birth_cutoff(group_election.campaign.election_day)
    people = []
    queryset = Resident.objects.filter(household__group=group_election.group, birth_date__lte=cutoff).order_by(
        "household__number", "pk"
    )
    for person in queryset.select_related("household")[: 40 + count * 4]:
        if person.pk in used or candidate_conflict(group_election=group_election, resident=person):
            continue
        people.append(person)
        used.add(person.pk)
        if len(people) == count:
            break
    return people


def _team_users(group_election: GroupElection) -> list[User]:
    return list(
        User.objects.filter(role=Role.TEAM_MEMBER, group=group_election.group, is_active=True).order_by("username")
    )


def _resident_for_user(group_election: GroupElection, user: User) -> Resident | None:
    return (
        Resident.objects.filter(household__group=group_election.group, full_name=user.full_name).order_by("pk").first()
    )


def _team(group_election: GroupElection, chairman: User | None, actor: User, used: set[int]) -> None:
    if not TeamMember.objects.filter(group_election=group_election).exists():
        users = _team_users(group_election)
        account_people = [(u, _resident_for_user(group_election, u)) for u in users]
        used.update(p.pk for _, p in account_people if p is not None)
        head, secretary, member = _available_people(group_election, used, 3)
        for role, person in ((TeamRole.HEAD, head), (TeamRole.SECRETARY, secretary), (TeamRole.MEMBER, member)):
            team_member_add(
                group_election=group_election, actor=actor, role=role, resident=person, affiliation=AFFILIATIONS[role]
            )
        for user, person in account_people:
            team_member_add(
                group_election=group_election,
                actor=actor,
                role=TeamRole.MEMBER,
                resident=person,
                full_name=user.full_name,
                affiliation="Đại diện cử tri",
                user=user,
            )
    if not TeamDecision.objects.filter(group_election=group_election).exists():
        team_decision_record(
            group_election=group_election,
            actor=actor,
            number=f"{int(group_election.group.code) + 20:02d}/QĐ-UBND",
            signed_on=DECISION_DATE,
            signer_name=chairman.full_name if chairman else "",
        )
    for member in TeamMember.objects.filter(group_election=group_election, resident__isnull=False):
        used.add(member.resident_id)


def _conference(group_election: GroupElection, actor: User) -> Conference:
    # The demo records the first sitting only; later ones (a re-vote) belong to the count side or live use.
    conference = group_election.conferences.filter(sequence=1).first()
    if conference is not None:
        return conference
    members = {m.role: m for m in TeamMember.objects.filter(group_election=group_election)}
    election_day = group_election.campaign.election_day
    scheduled_at = group_election.planned_at or datetime.datetime.combine(election_day, datetime.time(8, 0), tzinfo=TZ)
    conference = conference_schedule(
        group_election=group_election,
        actor=actor,
        scheduled_at=scheduled_at,
        venue=group_election.planned_venue or f"Nhà văn hóa {group_election.group.name.lower()}",
        chair_name=members[TeamRole.HEAD].full_name if TeamRole.HEAD in members else "",
        secretary_name=members[TeamRole.SECRETARY].full_name if TeamRole.SECRETARY in members else "",
    )
    return conference_update(
        conference=conference,
        actor=actor,
        chair_position="Trưởng Ban công tác Mặt trận, Tổ trưởng Tổ bầu cử",
        secretary_position="Thư ký Tổ bầu cử",
    )


def _board(conference: Conference, actor: User, used: set[int]) -> None:
    if conference.board_members.exists() or conference.status not in (
        Conference.Status.SCHEDULED,
        Conference.Status.OPEN,
    ):
        return
    group_election = conference.group_election
    users = [u for u in _team_users(group_election) if u.username.startswith("tobaucu")]
    if users:
        head_user, *others = users
        count_board_member_add(
            conference=conference,
            actor=actor,
            role="head",
            resident=_resident_for_user(group_election, head_user),
            full_name=head_user.full_name,
            user=head_user,
        )
        for user in others:
            count_board_member_add(
                conference=conference,
                actor=actor,
                role="member",
                resident=_resident_for_user(group_election, user),
                full_name=user.full_name,
                user=user,
            )
        extra = _available_people(group_election, used, 1)
    else:
        extra = _available_people(group_election, used, 3)
        head, *members = extra
        count_board_member_add(conference=conference, actor=actor, role="head", resident=head)
        # The two members enter the count with their own accounts: the right to enter comes with the seat.
        for suffix, person in zip("ab", members, strict=False):
            count_board_member_add(
                conference=conference,
                actor=actor,
                role="member",
                resident=person,
                user=_count_account(group_election.group, suffix, person.full_name),
            )
        extra = []
    for person in extra:
        count_board_member_add(conference=conference, actor=actor, role="member", resident=person)


def _count_account(group, suffix: str, full_name: str) -> User:
    """A count-board member's account for the demo counts; no usable password (it only records who entered)."""
    user, created = User.objects.get_or_create(
        username=f"kiemphieu{group.code}{suffix}",
        defaults={
            "role": Role.TEAM_MEMBER,
            "ward": group.ward,
            "group": group,
            "full_name": full_name,
            "position": f"Thành viên Ban kiểm phiếu {group.name}",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _hold(conference: Conference, actor: User, stdout) -> None:
    """Open the sitting, check households in until the demo attendance, open the vote (secret ballot)."""
    group_election = conference.group_election
    start = conference.scheduled_at
    if conference.status == Conference.Status.SCHEDULED:
        conference = conference_open(conference=conference, actor=actor, at=start)
    if conference.status != Conference.Status.OPEN:
        return
    size = conference.electorate_size or 0
    code = group_election.group.code
    target = PRESENT_EXACT.get(code) or math.ceil(size * PRESENT_SHARE.get(code, 0.8))
    target = min(target, size)
    present = Attendance.objects.filter(conference=conference).count()
    if present < target:
        # Every third household stays home, then the rest come in list order until the target.
        electors = list(Elector.objects.filter(group_election=group_election).order_by("number"))
        ordered = [e for i, e in enumerate(electors) if i % 3 != 2] + [e for i, e in enumerate(electors) if i % 3 == 2]
        taken = set(Attendance.objects.filter(conference=conference).values_list("elector_id", flat=True))
        for elector in ordered:
            if present >= target:
                break
            if elector.pk in taken:
                continue
            attendance_mark(conference=conference, elector=elector, actor=actor)
            present += 1
    conference_update(
        conference=conference,
        actor=actor,
        discussion=DISCUSSION,
        opinions=OPINIONS,
        ended_at=start + datetime.timedelta(hours=2, minutes=30),
    )
    conference_open_vote(
        conference=conference, actor=actor, voting_method="secret", at=start + datetime.timedelta(minutes=50)
    )
    stdout.write(f"  {group_election.group.name}: {present}/{size} present, vote opened.\n")


def _post_lists(group_election: GroupElection, actor: User, stdout) -> bool:
    """Groups 01-08 have their lists posted in the demo; post them if the candidates demo did not."""
    if group_election.stage == Stage.LIST_APPROVED:
        reasons = blocking_reasons(group_election, Stage.LISTS_POSTED, actor=actor)
        if reasons:
            stdout.write(f"  {group_election.group.name}: lists not posted ({'; '.join(reasons)}).\n")
            return False
        group_election_post_lists(group_election=group_election, actor=actor)
        group_election.refresh_from_db()
    if group_election.stage in (Stage.PLANNED, Stage.PREPARING, Stage.LIST_APPROVED):
        stdout.write(f"  {group_election.group.name}: still “{group_election.stage}”, election day skipped.\n")
        return False
    electorate_freeze(group_election=group_election, actor=actor)
    return True


def load(*, stdout) -> None:
    ward = Ward.objects.filter(name="Hương Xuân", is_sample=True).first()
    campaign = Campaign.objects.filter(ward=ward, is_current=True).first() if ward else None
    actor = User.objects.filter(username="ubnd").first()
    if campaign is None or actor is None:
        stdout.write("Election day: no demo campaign or user ubnd, skipped.\n")
        return
    chairman = User.objects.filter(username="chutich").first()
    stdout.write("Election day (teams, conferences, check-in):\n")
    elections = GroupElection.objects.filter(campaign=campaign, group__code__in=TEAM_GROUPS).select_related(
        "group", "campaign", "campaign__legal_profile"
    )
    for group_election in elections.order_by("group__code"):
        used: set[int] = set()
        try:
            _team(group_election, chairman, actor, used)
            if not _post_lists(group_election, actor, stdout):
                continue
            conference = _conference(group_election, actor)
            _board(conference, actor, used)
            if group_election.group.code in HELD_GROUPS:
                _hold(conference, actor, stdout)
        except DomainError as error:
            stdout.write(f"  {group_election.group.name}: {'; '.join(error.messages)}\n")
