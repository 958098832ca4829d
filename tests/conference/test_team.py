"""The election team: members and roles, never a candidate, the chairman's decision and its PDF."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.candidates.models import Candidate
from elections.conference.models import TeamDecision, TeamMember, TeamRole
from elections.conference.papers import team_decision_pdf
from elections.conference.services.team import is_team_member, team_decision_record, team_member_add
from residents.models import Resident
from tests.candidates.factories import CandidateFactory
from tests.conference.day import election_with_register, pdf_text, team_user

pytestmark = pytest.mark.django_db


def _resident(group_election, name):
    return Resident.objects.get(household__group=group_election.group, full_name=name)


def test_members_with_roles_one_head_one_secretary():
    ge = election_with_register(households=4)
    head = team_member_add(
        group_election=ge,
        actor=None,
        role=TeamRole.HEAD,
        resident=_resident(ge, "Nguyễn Văn A"),
        affiliation="Trưởng Ban công tác Mặt trận",
    )
    team_member_add(group_election=ge, actor=None, role=TeamRole.SECRETARY, full_name="Ngô Thị Hoa")
    assert head.full_name == "Nguyễn Văn A"
    with pytest.raises(DomainError) as excinfo:
        team_member_add(group_election=ge, actor=None, role=TeamRole.HEAD, resident=_resident(ge, "Trần Thị Bình"))
    assert "Nguyễn Văn A" in excinfo.value.messages[0]
    with pytest.raises(DomainError):
        team_member_add(group_election=ge, actor=None, role=TeamRole.MEMBER, resident=_resident(ge, "Nguyễn Văn A"))
    assert TeamMember.objects.filter(group_election=ge).count() == 2
    assert AuditEntry.objects.filter(event="team_member_added", group=ge.group).count() == 2
    assert is_team_member(group_election=ge, resident=_resident(ge, "Nguyễn Văn A"))


def test_a_candidate_can_never_sit_on_the_team():
    ge = election_with_register(households=3)
    person = _resident(ge, "Trần Thị Bình")
    CandidateFactory(group_election=ge, resident=person)
    with pytest.raises(DomainError) as excinfo:
        team_member_add(group_election=ge, actor=None, role=TeamRole.MEMBER, resident=person)
    assert "Trần Thị Bình" in excinfo.value.messages[0]
    # Typed by name instead of picked: refused too.
    with pytest.raises(DomainError):
        team_member_add(group_election=ge, actor=None, role=TeamRole.MEMBER, full_name="tran thi binh")
    assert not TeamMember.objects.filter(group_election=ge).exists()


def test_a_withdrawn_candidate_may_serve():
    ge = election_with_register(households=3)
    person = _resident(ge, "Lê Văn Cường")
    CandidateFactory(group_election=ge, resident=person, status=Candidate.Status.WITHDRAWN)
    member = team_member_add(group_election=ge, actor=None, role=TeamRole.MEMBER, resident=person)
    assert member.pk


def test_resident_of_another_group_and_foreign_account_refused():
    ge = election_with_register(households=2)
    other = election_with_register(households=2)
    with pytest.raises(DomainError):
        team_member_add(group_election=ge, actor=None, role=TeamRole.MEMBER, resident=_resident(other, "Nguyễn Văn A"))
    with pytest.raises(DomainError):
        team_member_add(
            group_election=ge, actor=None, role=TeamRole.MEMBER, full_name="Phan Văn Tý", user=team_user(other.group)
        )
    own = team_member_add(
        group_election=ge, actor=None, role=TeamRole.MEMBER, full_name="Phan Văn Tý", user=team_user(ge.group)
    )
    assert own.user.group_id == ge.group_id


def test_decision_recorded_and_corrected_with_audit():
    ge = election_with_register(households=2)
    team_decision_record(group_election=ge, actor=None, number="12/QĐ-UBND", signed_on=datetime.date(2020, 12, 30))
    team_decision_record(
        group_election=ge,
        actor=None,
        number="13/QĐ-UBND",
        signed_on=datetime.date(2020, 12, 30),
        signer_name="Hồ Văn B",
    )
    decision = TeamDecision.objects.get(group_election=ge)
    assert decision.number == "13/QĐ-UBND"
    events = list(AuditEntry.objects.filter(group=ge.group).values_list("event", flat=True))
    assert "team_decision_recorded" in events and "team_decision_corrected" in events
    with pytest.raises(DomainError):
        team_decision_record(group_election=ge, actor=None, number="  ", signed_on=datetime.date(2020, 12, 30))


def test_team_decision_pdf_reads_back():
    ge = election_with_register(households=3)
    team_member_add(
        group_election=ge,
        actor=None,
        role=TeamRole.HEAD,
        resident=_resident(ge, "Nguyễn Văn A"),
        affiliation="Trưởng Ban công tác Mặt trận",
    )
    team_member_add(group_election=ge, actor=None, role=TeamRole.SECRETARY, resident=_resident(ge, "Trần Thị Bình"))
    team_decision_record(
        group_election=ge,
        actor=None,
        number="12/QĐ-UBND",
        signed_on=datetime.date(2020, 12, 30),
        signer_name="Hoàng Văn Chủ",
    )
    text = pdf_text(team_decision_pdf(ge))
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "Số: 12/QĐ-UBND",
        "Hương Xuân, ngày 30 tháng 12 năm 2020",
        "QUYẾT ĐỊNH",
        "thành lập Tổ bầu cử",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nguyễn Văn A",
        "Trưởng Ban công tác Mặt trận",
        "Thư ký",
        "Nơi nhận:",
        "Lưu: VT.",
        "Hoàng Văn Chủ",
    ):
        assert expected in text, expected


# ------------------------------------------------------------------------- views


def test_ward_official_adds_a_member_through_the_page(client_for, make_user):
    ge = election_with_register(households=3)
    client = client_for(make_user(Role.WARD_OFFICIAL))
    page = client.get(reverse("conference:team", args=[ge.pk]))
    assert page.status_code == 200 and "Nguyễn Văn A" in page.content.decode()
    response = client.post(
        reverse("conference:team_member_add", args=[ge.pk]),
        {"resident": _resident(ge, "Nguyễn Văn A").pk, "role": "head", "affiliation": "Trưởng Ban công tác Mặt trận"},
    )
    assert response.status_code == 302
    assert TeamMember.objects.filter(group_election=ge, role="head").exists()
    response = client.post(reverse("conference:team_member_add", args=[ge.pk]), {"role": "member"})
    assert response.status_code == 400
    pdf = client.get(reverse("conference:team_decision_pdf", args=[ge.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_candidate_refused_through_the_page_with_a_message(client_for, make_user):
    ge = election_with_register(households=3)
    person = _resident(ge, "Lê Văn Cường")
    CandidateFactory(group_election=ge, resident=person)
    client = client_for(make_user(Role.FRONT_OFFICIAL))
    response = client.post(
        reverse("conference:team_member_add", args=[ge.pk]), {"resident": person.pk, "role": "member"}
    )
    assert response.status_code == 400
    assert "Lê Văn Cường" in response.content.decode()
    assert not TeamMember.objects.filter(group_election=ge).exists()


def test_roles_that_may_not_manage_the_team(client_for, make_user):
    ge = election_with_register(households=2)
    other = election_with_register(households=2)
    data = {"full_name": "Ngô Văn Mới", "role": "member"}
    # Sees the group, may not change its team.
    secretary = make_user(Role.CELL_SECRETARY, party_cell=ge.group.party_cell)
    assert client_for(secretary).get(reverse("conference:team", args=[ge.pk])).status_code == 200
    assert client_for(secretary).post(reverse("conference:team_member_add", args=[ge.pk]), data).status_code == 404
    # A team member of another group does not even see it.
    stranger = team_user(other.group)
    assert client_for(stranger).get(reverse("conference:team", args=[ge.pk])).status_code == 404
    assert not TeamMember.objects.filter(group_election=ge).exists()
