import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from config.errors import DomainError
from elections.candidates import services
from elections.candidates.models import Candidate, Complaint, Criterion
from elections.candidates.selectors import ballot_candidates, list_problems
from elections.models import Stage
from tests.candidates.factories import ConsultationFactory


@pytest.fixture
def meeting(group_election, users):
    return services.consultation_record(
        group_election=group_election,
        held_on=datetime.date(2020, 12, 22),
        participants="Bí thư chi bộ\nTrưởng ban công tác Mặt trận",
        agreement="Thống nhất giới thiệu hai người.",
        actor=users["secretary"],
    )


def nominate(group_election, resident, actor, meeting=None, source=Candidate.Source.FRONT):
    return services.candidate_nominate(
        group_election=group_election, resident=resident, source=source, consultation=meeting, actor=actor
    )


def attest_all(candidate, actor):
    for criterion in Criterion.values:
        services.candidate_attest(candidate=candidate, criterion=criterion, meets=True, note="Đạt yêu cầu", actor=actor)


def test_cell_secretary_nominates_two_residents_of_own_group(group_election, users, person, meeting):
    group = group_election.group
    a = nominate(group_election, person(group, "Nguyễn Văn An", party=True), users["secretary"], meeting)
    b = nominate(group_election, person(group, "Trần Thị Bình"), users["secretary"], meeting)
    assert {a.status, b.status} == {Candidate.Status.NOMINATED}
    assert a.is_party_member and not b.is_party_member
    entries = AuditEntry.objects.filter(event="candidate_nominated", group=group)
    assert entries.count() == 2
    assert entries.filter(after__full_name="Nguyễn Văn An", actor=users["secretary"]).exists()
    assert AuditEntry.objects.filter(event="consultation_recorded", group=group).count() == 1


def test_cell_secretary_cannot_nominate_in_another_cells_group(other_election, users, person):
    with pytest.raises(PermissionDenied):
        nominate(other_election, person(other_election.group, "Lê Văn Cường"), users["secretary"], source="self")
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("role", ["chairman", "committee", "inspection", "team"])
def test_other_roles_cannot_nominate(group_election, users, person, role):
    with pytest.raises(PermissionDenied):
        nominate(group_election, person(group_election.group, "Lê Văn Cường"), users[role], source="self")


def test_nineteen_year_old_is_refused_with_the_rule(group_election, users, person):
    young = person(group_election.group, "Phạm Thị Dung", born=datetime.date(2001, 6, 1))
    with pytest.raises(DomainError) as err:
        nominate(group_election, young, users["ward"], source="self")
    message = err.value.messages[0]
    assert "Phạm Thị Dung" in message and "19" in message and "21" in message and "10/01/2021" in message
    assert err.value.field == "resident"
    assert not Candidate.objects.exists()
    assert not AuditEntry.objects.filter(event="candidate_nominated").exists()


def test_turning_21_on_election_day_is_enough(group_election, users, person):
    resident = person(group_election.group, "Hoàng Văn Đức", born=datetime.date(2000, 1, 10))
    assert nominate(group_election, resident, users["ward"], source="self").pk


def test_resident_of_another_group_is_refused(group_election, other_election, users, person):
    outsider = person(other_election.group, "Võ Văn Khoa")
    with pytest.raises(DomainError) as err:
        nominate(group_election, outsider, users["ward"], source="floor")
    assert "Võ Văn Khoa" in err.value.messages[0] and "Tổ dân phố 9" in err.value.messages[0]
    assert "permanent" in err.value.messages[0] or "thường trú" in err.value.messages[0]


def test_temporary_resident_is_refused(group_election, users, person):
    resident = person(group_election.group, "Đặng Thị Hằng", temporary=True)
    with pytest.raises(DomainError) as err:
        nominate(group_election, resident, users["ward"], source="self")
    assert "Đặng Thị Hằng" in err.value.messages[0]


def test_front_introduction_needs_consultation_and_at_most_two(group_election, users, person, meeting):
    group = group_election.group
    with pytest.raises(DomainError) as err:
        nominate(group_election, person(group, "Ngô Văn Lâm"), users["ward"])
    assert err.value.field == "consultation"
    assert "hãy chọn cuộc họp" in err.value.messages[0]  # a meeting exists: it is to be chosen, not recorded
    nominate(group_election, person(group, "Ngô Văn Lâm"), users["ward"], meeting)
    nominate(group_election, person(group, "Bùi Thị Mai"), users["ward"], meeting)
    with pytest.raises(DomainError) as err:
        nominate(group_election, person(group, "Lý Văn Nam"), users["ward"], meeting)
    assert "2" in err.value.messages[0]
    # A self-nomination may stand beside the Front's two.
    assert nominate(group_election, person(group, "Lý Văn Nam"), users["ward"], source="self").source == "self"


def test_consultation_of_another_group_is_refused(group_election, other_election, users, person):
    foreign = ConsultationFactory(group_election=other_election)
    with pytest.raises(DomainError) as err:
        nominate(group_election, person(group_election.group, "Ngô Văn Lâm"), users["ward"], foreign)
    assert "hãy ghi nhận cuộc họp hiệp thương trước" in err.value.messages[0]  # none in this group yet


def test_same_person_cannot_be_nominated_twice(group_election, users, person):
    resident = person(group_election.group, "Ngô Văn Lâm")
    nominate(group_election, resident, users["ward"], source="self")
    with pytest.raises(DomainError) as err:
        nominate(group_election, resident, users["secretary"], source="floor")
    assert "Ngô Văn Lâm" in err.value.messages[0]


def test_no_nomination_after_the_conference(group_election, users, person):
    group_election.stage = Stage.CONFERENCE_HELD
    group_election.save()
    with pytest.raises(DomainError):
        nominate(group_election, person(group_election.group, "Ngô Văn Lâm"), users["ward"], source="self")


def test_vetting_and_approval_by_role(group_election, users, person, meeting):
    candidate = nominate(group_election, person(group_election.group, "Nguyễn Văn An"), users["secretary"], meeting)
    with pytest.raises(PermissionDenied):
        services.candidate_attest(
            candidate=candidate, criterion="health", meets=True, note="x", actor=users["secretary"]
        )
    with pytest.raises(DomainError):
        services.candidate_attest(candidate=candidate, criterion="health", meets=True, note="  ", actor=users["front"])
    services.candidate_attest(
        candidate=candidate, criterion="health", meets=True, note="Khỏe mạnh", actor=users["front"]
    )
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.UNDER_REVIEW
    with pytest.raises(DomainError) as err:
        services.candidate_approve(candidate=candidate, actor=users["ward"])
    assert "not yet attested" in " ".join(err.value.messages) or "chưa" in " ".join(err.value.messages)
    attest_all(candidate, users["ward"])
    attestation = candidate.attestations.get(criterion="health")
    assert attestation.official_name == "Trần Văn Phường" and attestation.official_position.startswith("Công chức")
    with pytest.raises(PermissionDenied):
        services.candidate_approve(candidate=candidate, actor=users["secretary"])
    services.candidate_approve(candidate=candidate, actor=users["ward"])
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.APPROVED and candidate.decided_by == users["ward"]
    events = list(
        AuditEntry.objects.filter(object_type="candidates.candidate", object_id=str(candidate.pk)).values_list(
            "event", flat=True
        )
    )
    assert "candidate_approved" in events and "candidate_review_started" in events
    assert events.count("candidate_criterion_attested") == 6  # health twice (front, then ward) + 4 others


def test_criterion_not_met_blocks_approval(group_election, users, person, meeting):
    candidate = nominate(group_election, person(group_election.group, "Nguyễn Văn An"), users["ward"], meeting)
    attest_all(candidate, users["ward"])
    services.candidate_attest(
        candidate=candidate, criterion="prestige", meets=False, note="Nhiều ý kiến", actor=users["ward"]
    )
    problems = services.approval_problems(candidate)
    assert any("Prestige" in p or "Uy tín" in p or "uy tín" in p for p in problems)


def test_reject_and_withdraw_need_a_reason(group_election, users, person, meeting):
    a = nominate(group_election, person(group_election.group, "Nguyễn Văn An"), users["ward"], meeting)
    b = nominate(group_election, person(group_election.group, "Trần Thị Bình"), users["ward"], meeting)
    with pytest.raises(DomainError):
        services.candidate_reject(candidate=a, reason=" ", actor=users["ward"])
    with pytest.raises(PermissionDenied):
        services.candidate_reject(candidate=a, reason="Không đạt", actor=users["secretary"])
    services.candidate_reject(candidate=a, reason="Không đạt tiêu chuẩn uy tín", actor=users["ward"])
    services.candidate_withdraw(candidate=b, reason="Xin rút vì lý do sức khỏe", actor=users["secretary"])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("rejected", "withdrawn")
    with pytest.raises(DomainError):
        services.candidate_withdraw(candidate=b, reason="again", actor=users["ward"])
    assert AuditEntry.objects.get(event="candidate_rejected").note == "Không đạt tiêu chuẩn uy tín"
    assert AuditEntry.objects.filter(event="candidate_withdrawn", actor=users["secretary"]).exists()


def test_complaint_blocks_approval_until_inspection_concludes(group_election, users, person, meeting):
    member = nominate(group_election, person(group_election.group, "Nguyễn Văn An", party=True), users["ward"], meeting)
    attest_all(member, users["ward"])
    complaint = services.complaint_receive(
        candidate=member,
        received_on=datetime.date(2020, 12, 28),
        channel=Complaint.Channel.LETTER,
        content="Phản ánh về việc lấn chiếm đất công.",
        is_anonymous=True,
        actor=users["front"],
    )
    assert complaint.handler == Complaint.Handler.INSPECTION
    assert complaint.due_on == datetime.date(2021, 1, 7)
    with pytest.raises(DomainError) as err:
        services.candidate_approve(candidate=member, actor=users["ward"])
    assert any("Nguyễn Văn An" in m and "28/12/2020" in m for m in err.value.messages)
    # The ward cannot conclude a complaint about a Party member: that is the Inspection Committee's.
    with pytest.raises(PermissionDenied):
        services.complaint_conclude(complaint=complaint, findings="x", conclusion="not_upheld", actor=users["ward"])
    services.complaint_start_investigation(complaint=complaint, actor=users["inspection"])
    with pytest.raises(DomainError):
        services.candidate_approve(candidate=member, actor=users["ward"])
    with pytest.raises(DomainError):
        services.complaint_conclude(
            complaint=complaint, findings=" ", conclusion="not_upheld", actor=users["inspection"]
        )
    services.complaint_conclude(
        complaint=complaint, findings="Không có cơ sở.", conclusion="not_upheld", actor=users["inspection"]
    )
    services.candidate_approve(candidate=member, actor=users["ward"])
    member.refresh_from_db()
    assert member.status == "approved"
    events = set(AuditEntry.objects.filter(group=group_election.group).values_list("event", flat=True))
    assert {"complaint_received", "complaint_investigation_started", "complaint_concluded"} <= events
    received = AuditEntry.objects.get(event="complaint_received")
    assert "complainant_name" not in received.after


def test_upheld_complaint_blocks_approval(group_election, users, person, meeting):
    candidate = nominate(group_election, person(group_election.group, "Trần Thị Bình"), users["ward"], meeting)
    attest_all(candidate, users["ward"])
    complaint = services.complaint_receive(
        candidate=candidate,
        received_on=datetime.date(2020, 12, 28),
        channel="phone",
        content="Nội dung",
        complainant_name="Lê Thị Hoa",
        actor=users["inspection"],
    )
    assert complaint.handler == Complaint.Handler.WARD
    with pytest.raises(PermissionDenied):
        services.complaint_start_investigation(complaint=complaint, actor=users["inspection"])
    services.complaint_conclude(complaint=complaint, findings="Đúng sự thật.", conclusion="upheld", actor=users["ward"])
    with pytest.raises(DomainError) as err:
        services.candidate_approve(candidate=candidate, actor=users["ward"])
    assert "Trần Thị Bình" in err.value.messages[-1]


def test_named_complaint_needs_a_name_and_cannot_come_from_the_future(group_election, users, person, meeting):
    candidate = nominate(group_election, person(group_election.group, "Trần Thị Bình"), users["ward"], meeting)
    kwargs = {"candidate": candidate, "channel": "letter", "content": "x", "actor": users["ward"]}
    with pytest.raises(DomainError) as err:
        services.complaint_receive(received_on=datetime.date(2020, 12, 28), **kwargs)
    assert err.value.field == "complainant_name"
    with pytest.raises(DomainError) as err:
        services.complaint_receive(received_on=datetime.date(2999, 1, 1), is_anonymous=True, **kwargs)
    assert err.value.field == "received_on"
    with pytest.raises(PermissionDenied):
        services.complaint_receive(
            received_on=datetime.date(2020, 12, 28), is_anonymous=True, **{**kwargs, "actor": users["secretary"]}
        )
    assert not Complaint.objects.exists()


def approved_pair(group_election, users, person, meeting):
    group = group_election.group
    out = []
    for name, party in (("Nguyễn Văn An", True), ("Trần Thị Bình", False)):
        c = nominate(group_election, person(group, name, party=party), users["ward"], meeting)
        attest_all(c, users["ward"])
        services.candidate_approve(candidate=c, actor=users["ward"])
        out.append(c)
    return out


def test_list_approval_precondition(group_election, users, person, meeting):
    from elections.workflow import TransitionError, group_election_transition

    pending = nominate(group_election, person(group_election.group, "Lê Văn Cường"), users["ward"], source="self")
    with pytest.raises(TransitionError) as err:
        group_election_transition(group_election=group_election, target=Stage.LIST_APPROVED, actor=users["ward"])
    assert any("at least" in r or "ít nhất" in r for r in err.value.reasons)
    a, b = approved_pair(group_election, users, person, meeting)
    assert any("Lê Văn Cường" in p for p in list_problems(group_election))
    services.candidate_withdraw(candidate=pending, reason="Rút", actor=users["ward"])
    services.complaint_receive(
        candidate=a,
        received_on=datetime.date(2020, 12, 29),
        channel="letter",
        content="x",
        is_anonymous=True,
        actor=users["ward"],
    )
    with pytest.raises(TransitionError) as err:
        group_election_transition(group_election=group_election, target=Stage.LIST_APPROVED, actor=users["ward"])
    assert any("Nguyễn Văn An" in r for r in err.value.reasons)
    assert [c.resident.full_name for c in ballot_candidates(group_election)] == ["Trần Thị Bình"]
    complaint = a.complaints.get()
    services.complaint_conclude(
        complaint=complaint, findings="Không có cơ sở", conclusion="partly", actor=users["inspection"]
    )
    group_election_transition(group_election=group_election, target=Stage.LIST_APPROVED, actor=users["ward"])
    group_election.refresh_from_db()
    assert group_election.stage == Stage.LIST_APPROVED
    assert [c.resident.full_name for c in ballot_candidates(group_election)] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_posting_freezes_the_list_and_later_changes_need_a_reason(group_election, users, person, meeting):
    from elections.workflow import TransitionError, group_election_transition

    a, b = approved_pair(group_election, users, person, meeting)
    group_election_transition(group_election=group_election, target=Stage.LIST_APPROVED, actor=users["ward"])
    complaint = services.complaint_receive(
        candidate=b,
        received_on=datetime.date(2020, 12, 30),
        channel="letter",
        content="x",
        is_anonymous=True,
        actor=users["ward"],
    )
    with pytest.raises(TransitionError) as err:
        group_election_transition(group_election=group_election, target=Stage.LISTS_POSTED, actor=users["ward"])
    assert any("Trần Thị Bình" in r for r in err.value.reasons)
    services.complaint_conclude(
        complaint=complaint, findings="Không đúng", conclusion="not_upheld", actor=users["ward"]
    )
    group_election_transition(group_election=group_election, target=Stage.LISTS_POSTED, actor=users["ward"])
    freeze = group_election.candidate_list_freeze
    assert sorted(freeze.candidate_ids) == sorted([a.pk, b.pk])
    assert AuditEntry.objects.filter(event="candidate_list_frozen", group=group_election.group).exists()

    with pytest.raises(DomainError):
        services.candidate_withdraw(candidate=b, reason="Chuyển nơi ở", actor=users["ward"])
    with pytest.raises(DomainError):
        services.candidate_list_change_after_posting(candidate=b, change="withdraw", reason="", actor=users["ward"])
    with pytest.raises(PermissionDenied):
        services.candidate_list_change_after_posting(
            candidate=b, change="withdraw", reason="Chuyển nơi ở", actor=users["secretary"]
        )
    services.candidate_list_change_after_posting(
        candidate=b, change="withdraw", reason="Chuyển nơi ở", actor=users["ward"]
    )
    b.refresh_from_db()
    assert b.status == "withdrawn"
    entry = AuditEntry.objects.get(event="candidate_list_changed_after_posting")
    assert (
        entry.note == "Chuyển nơi ở" and entry.before["status"] == "approved" and entry.after["status"] == "withdrawn"
    )
    assert [c.resident.full_name for c in ballot_candidates(group_election)] == ["Nguyễn Văn An"]


def test_change_after_posting_refused_before_posting(group_election, users, person, meeting):
    a, _b = approved_pair(group_election, users, person, meeting)
    with pytest.raises(DomainError):
        services.candidate_list_change_after_posting(candidate=a, change="reject", reason="x", actor=users["ward"])
