"""Demo candidates of phường Hương Xuân (sample data), written through the real services.

Groups 01-10: two candidates introduced by the Front work committee after the consultation with the
cell committee, one of them a Party member except in groups 07 and 10; all standards attested, the
candidates approved and the list approved; 01-08 then have their lists posted (and frozen). Group 03
had a complaint that the Inspection Committee concluded as not upheld. Group 11: two candidates, one
with an unresolved complaint, so it stays preparing. Group 12: one nomination, not yet vetted.
Idempotent: a group that already has candidates is not nominated again, and stages only move forward.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from accounts.models import Role, User
from config.errors import DomainError
from elections.candidates import services
from elections.candidates.models import Candidate, Complaint, ConsultationMeeting, Criterion
from elections.models import Campaign, GroupElection, Stage
from elections.services.transitions import group_election_approve_list, group_election_post_lists
from residents.models import LeaderTerm, PartyCell, Resident, Ward

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
APPROVED_GROUPS = [f"{n:02d}" for n in range(1, 11)]
POSTED_GROUPS = [f"{n:02d}" for n in range(1, 9)]
NO_PARTY_MEMBER_GROUPS = {"07", "10"}
COMPLAINT_CONCLUDED_GROUP = "03"
OPEN_COMPLAINT_GROUP = "11"
SINGLE_NOMINATION_GROUP = "12"

ATTESTATION_NOTES = {
    Criterion.HEALTH: "Đủ sức khỏe; nhiệt tình, trách nhiệm trong các phong trào của tổ dân phố.",
    Criterion.POLITICAL_MORAL: "Có bản lĩnh chính trị, phẩm chất đạo đức tốt; được nhân dân tín nhiệm (ý kiến Chi ủy).",
    Criterion.PRESTIGE: "Có uy tín với Đảng và nhân dân trong khu dân cư (ý kiến Ban công tác Mặt trận).",
    Criterion.EXAMPLE: "Bản thân và gia đình gương mẫu chấp hành chủ trương, chính sách và quy ước của tổ dân phố.",
    Criterion.CAPACITY: "Có năng lực, kinh nghiệm và phương pháp vận động nhân dân; đã tham gia công tác ở tổ dân phố.",
}


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=["ubnd", "mttq", "ubkt"])}


def _nominator(group, users: dict[str, User]) -> User:
    """The group's cell secretary when there is an account, otherwise the Front official."""
    secretary = (
        User.objects.filter(role=Role.CELL_SECRETARY, party_cell_id=group.party_cell_id, is_active=True)
        .order_by("username")
        .first()
    )
    return secretary or users["mttq"]


def _eligible(group, election_day: datetime.date, exclude: set[int], *, youngest: int, oldest: int):
    """Permanent residents of the group within the ages, steadiest households first."""
    latest = election_day.replace(year=election_day.year - youngest)
    earliest = election_day.replace(year=election_day.year - oldest - 1)
    return (
        Resident.objects.filter(
            household__group=group,
            residence_status=Resident.Residence.PERMANENT,
            birth_date__gt=earliest,
            birth_date__lte=latest,
        )
        .exclude(pk__in=exclude)
        .select_related("household")
        .order_by("household__number", "pk")
    )


def _pick_two(group, campaign: Campaign, *, party_member: bool) -> list[Resident]:
    """The outgoing leader when eligible, plus one Party member (or none, for the groups without)."""
    min_age = campaign.legal_profile.min_candidate_age
    cell_secretaries = set(PartyCell.objects.exclude(secretary=None).values_list("secretary_id", flat=True))
    # Election-team members can never stand (the demo team accounts are residents of their group).
    team_names = User.objects.filter(role=Role.TEAM_MEMBER, group=group).values_list("full_name", flat=True)
    team = set(Resident.objects.filter(household__group=group, full_name__in=team_names).values_list("pk", flat=True))
    excluded = cell_secretaries | team
    pool = _eligible(group, campaign.election_day, excluded, youngest=35, oldest=65)
    picked: list[Resident] = []
    leader = (
        LeaderTerm.objects.filter(group=group, resident__isnull=False)
        .order_by("-start_date")
        .select_related("resident")
        .first()
    )
    eligible_leader = leader and pool.filter(pk=leader.resident_id).exists()
    if eligible_leader and (party_member or not leader.resident.is_party_member):
        picked.append(leader.resident)
    # Prefer people of 35-65; widen to every eligible age, then drop the Party-member wish, if the
    # group (a small sample) has nobody who fits.
    wide = _eligible(group, campaign.election_day, excluded, youngest=min_age, oldest=90)
    for candidates_pool, strict in ((pool, True), (wide, True), (wide, False)):
        need_member = party_member and not any(r.is_party_member for r in picked)
        households = {r.household_id for r in picked}
        for resident in candidates_pool:
            if len(picked) == 2:
                break
            if resident in picked or resident.household_id in households:
                continue
            # Exactly one Party member where the group has one, none in the groups without.
            if strict and resident.is_party_member != need_member:
                continue
            if not party_member and resident.is_party_member:
                continue
            picked.append(resident)
            households.add(resident.household_id)
            need_member = False
    return picked


def _title(person) -> str:
    return "bà" if person.gender == "F" else "ông"


def _consultation(ge: GroupElection, actor: User, day: datetime.date, people: list[Resident]) -> ConsultationMeeting:
    existing = ConsultationMeeting.objects.filter(group_election=ge).first()
    if existing:
        return existing
    cell = ge.group.party_cell
    secretary = cell.secretary if cell else None
    return services.consultation_record(
        group_election=ge,
        held_on=day,
        venue=f"Nhà văn hóa {ge.group.name.lower()}",
        participants="\n".join(
            [
                (f"{_title(secretary).capitalize()} {secretary.full_name}" if secretary else "Đại diện Chi ủy")
                + f" - Bí thư {cell.name if cell else 'chi bộ'}",
                "Trưởng Ban công tác Mặt trận tổ dân phố",
                "Chi hội trưởng Chi hội Phụ nữ, Chi hội trưởng Chi hội Cựu chiến binh",
            ]
        ),
        agreement=(
            "Chi ủy và Ban công tác Mặt trận thống nhất giới thiệu "
            + " và ".join(f"{_title(person)} {person.full_name}" for person in people)
            + " ra ứng cử Tổ trưởng tổ dân phố nhiệm kỳ "
            + ge.campaign.label
            + "."
        ),
        actor=actor,
    )


def _nominate_and_vet(ge: GroupElection, residents: list[Resident], users: dict[str, User], day: datetime.date):
    nominator = _nominator(ge.group, users)
    meeting = _consultation(ge, nominator, day, residents)
    candidates = []
    for resident in residents:
        candidate = services.candidate_nominate(
            group_election=ge,
            resident=resident,
            source=Candidate.Source.FRONT,
            consultation=meeting,
            actor=nominator,
            note="Theo kết quả hiệp thương với Chi ủy.",
        )
        for criterion, note in ATTESTATION_NOTES.items():
            services.candidate_attest(
                candidate=candidate, criterion=criterion, meets=True, note=note, actor=users["mttq"]
            )
        candidates.append(candidate)
    return candidates


def _complaint(candidate: Candidate, users: dict[str, User], *, conclude: bool) -> None:
    complaint = services.complaint_receive(
        candidate=candidate,
        received_on=datetime.date(2020, 12, 28),
        channel=Complaint.Channel.MAILBOX if not conclude else Complaint.Channel.LETTER,
        kind=Complaint.Kind.DENUNCIATION if not conclude else Complaint.Kind.COMPLAINT,
        is_anonymous=not conclude,
        complainant_name="" if not conclude else "Trần Thị Mỹ",
        complainant_contact="" if not conclude else "Kiệt 4, đường Lý Thần Tông",
        content=(
            "Thư không ký tên phản ánh người ứng cử xây dựng công trình phụ lấn chiếm hành lang kiệt, "
            "đề nghị làm rõ trước khi đưa vào danh sách bầu cử."
            if not conclude
            else "Phản ánh người ứng cử chưa đóng đầy đủ các khoản đóng góp của tổ dân phố năm 2020."
        ),
        due_on=datetime.date(2021, 1, 5),
        actor=users["mttq"],
    )
    handler = users["ubkt"] if complaint.handler == Complaint.Handler.INSPECTION else users["ubnd"]
    services.complaint_start_investigation(complaint=complaint, actor=handler, note="Phân công xác minh.")
    if conclude:
        services.complaint_conclude(
            complaint=complaint,
            findings=(
                "Qua xác minh với Ban công tác Mặt trận và thủ quỹ tổ dân phố, người ứng cử đã đóng đầy đủ "
                "các khoản đóng góp năm 2020 (có sổ thu kèm theo). Nội dung phản ánh không có cơ sở."
            ),
            conclusion=Complaint.Conclusion.NOT_UPHELD,
            actor=handler,
        )


def _load_group(ge: GroupElection, users: dict[str, User], stdout) -> None:
    code = ge.group.code
    if Candidate.objects.filter(group_election=ge).exists():
        return
    residents = _pick_two(ge.group, ge.campaign, party_member=code not in NO_PARTY_MEMBER_GROUPS)
    if code == SINGLE_NOMINATION_GROUP:
        residents = residents[:1]
    if not residents:
        stdout.write(f"{ge.group.name}: no eligible resident for a demo candidate.\n")
        return
    day = datetime.date(2020, 12, 21) + datetime.timedelta(days=int(code) % 4)
    if code == SINGLE_NOMINATION_GROUP:
        meeting = _consultation(ge, users["mttq"], day, [residents[0]])
        services.candidate_nominate(
            group_election=ge,
            resident=residents[0],
            source=Candidate.Source.FRONT,
            consultation=meeting,
            actor=users["mttq"],
        )
        return
    candidates = _nominate_and_vet(ge, residents, users, day)
    party = [c for c in candidates if c.resident.is_party_member]
    if code == COMPLAINT_CONCLUDED_GROUP and candidates:
        _complaint((party or candidates)[0], users, conclude=True)
    if code == OPEN_COMPLAINT_GROUP:
        target = (party or candidates)[-1]
        _complaint(target, users, conclude=False)
        for candidate in candidates:
            if candidate.pk != target.pk:
                services.candidate_approve(candidate=candidate, actor=users["ubnd"])
        return
    if code in APPROVED_GROUPS:
        for candidate in candidates:
            services.candidate_approve(candidate=candidate, actor=users["ubnd"])


def _advance(ge: GroupElection, users: dict[str, User], stdout) -> None:
    code = ge.group.code
    try:
        if code in APPROVED_GROUPS and ge.stage == Stage.PREPARING:
            group_election_approve_list(group_election=ge, actor=users["ubnd"], note="Danh sách đã hiệp thương.")
        if code in POSTED_GROUPS and ge.stage == Stage.LIST_APPROVED:
            group_election_post_lists(
                group_election=ge,
                actor=users["ubnd"],
                posted_at=datetime.datetime(2021, 1, 2, 8, 0, tzinfo=TZ),
                note="Niêm yết tại nhà văn hóa tổ dân phố.",
            )
    except DomainError as error:
        stdout.write(f"{ge.group.name}: {'; '.join(error.messages)}\n")


def load(*, stdout) -> None:
    ward = Ward.objects.filter(name="Hương Xuân", is_sample=True).first()
    campaign = (
        Campaign.objects.filter(ward=ward, is_current=True).select_related("legal_profile").first() if ward else None
    )
    if campaign is None:
        stdout.write("No demo campaign: the demo candidates are not loaded.\n")
        return
    users = _users()
    if set(users) != {"ubnd", "mttq", "ubkt"}:
        stdout.write("Demo users ubnd, mttq and ubkt are missing: the demo candidates are not loaded.\n")
        return
    elections = GroupElection.objects.filter(campaign=campaign).select_related(
        "group__party_cell", "campaign__legal_profile"
    )
    for ge in elections.order_by("group__code"):
        if ge.stage not in services.EDITABLE_STAGES:
            continue
        _load_group(ge, users, stdout)
        ge.refresh_from_db()
        _advance(ge, users, stdout)
