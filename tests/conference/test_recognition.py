"""The recognition decision, the leader history, the papers, and a re-vote end to end through the real services."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AuditEntry
from config.errors import DomainError
from elections.candidates.models import Candidate
from elections.conference.models import BoardRole
from elections.conference.services.board import count_board_member_add
from elections.conference.services.checkin import conference_set_head_count
from elections.conference.services.conference import conference_open, conference_open_vote, conference_schedule
from elections.count.forms import DecisionForm
from elections.count.models import RecognitionDecision
from elections.count.papers import count_record_pdf, recognition_decision_pdf
from elections.count.selectors import recognition_deadline
from elections.count.services.recognition import decision_issue
from elections.count.services.result import revote_schedule
from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_resolve, tally_submit
from elections.models import Stage
from residents.models import LeaderTerm
from tests.candidates.factories import CandidateFactory
from tests.conference.countkit import DAY, Day, electors, fast_passwords, pdf_text  # noqa: F401
from tests.factories import GroupElectionFactory, HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db

DECISION_DAY = datetime.date(2021, 1, 13)


def _elected(day: Day, votes=(200, 120)):
    data = day.data(votes)
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    return count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
    )


def _issue(day: Day, chairman, **kwargs):
    kwargs.setdefault("number", 5)
    kwargs.setdefault("decision_date", DECISION_DAY)
    kwargs.setdefault("recipients", "Như Điều 3\nThường trực Đảng ủy, HĐND phường\n- Lưu: VT.")
    kwargs.setdefault("proposer", "Tổ trưởng Tổ bầu cử")
    return decision_issue(group_election=day.group_election, actor=chairman, **kwargs)


def test_the_chairman_recognises_the_elected_leader_and_the_leader_history_follows():
    day = Day(electorate=361, present=340)
    count = _elected(day)
    old = LeaderTerm.objects.create(
        group=day.group, full_name="Lê Văn Cũ", term_label="2018-2020", start_date=datetime.date(2018, 7, 8)
    )
    day.first.resident.is_party_member = True
    day.first.resident.party_cell = day.group.party_cell
    day.first.resident.save()
    chairman = day.official("chairman", full_name="Lê Quang Vinh")
    assert recognition_deadline(count) == datetime.date(2021, 1, 15)  # 5 working days after Sunday 10/01/2021

    decision = _issue(day, chairman)
    assert decision.number_display == "05/QĐ-UBND"
    assert decision.candidate == day.first
    assert decision.signer_name == "Lê Quang Vinh"
    assert decision.recipients == "Như Điều 3\nThường trực Đảng ủy, HĐND phường"
    day.group_election.refresh_from_db()
    assert day.group_election.stage == Stage.RECOGNISED
    term = LeaderTerm.objects.get(group=day.group, term_label="2021-2023")
    assert term.resident == day.first.resident
    assert term.start_date == DECISION_DAY and term.end_date is None
    assert term.was_party_member is True
    old.refresh_from_db()
    assert old.end_date == DECISION_DAY - datetime.timedelta(days=1)
    assert AuditEntry.objects.filter(event="recognition_decision_issued").exists()
    assert AuditEntry.objects.filter(event="leader_term_closed").exists()
    with pytest.raises(DomainError):  # once only
        _issue(day, chairman, number=6)


@pytest.mark.parametrize("role", ["ward_official", "front_official", "team_member"])
def test_only_the_chairman_issues_the_decision(role):
    day = Day(electorate=361, present=340)
    _elected(day)
    user = day.team_user() if role == "team_member" else day.official(role)
    with pytest.raises(DomainError):
        _issue(day, user)
    assert not RecognitionDecision.objects.exists()


def test_decision_checks_number_date_and_stage():
    day = Day(electorate=361, present=340)
    chairman = day.official("chairman")
    with pytest.raises(DomainError):  # not elected yet
        _issue(day, chairman)
    _elected(day)
    with pytest.raises(DomainError):
        _issue(day, chairman, decision_date=datetime.date(2021, 1, 9))
    with pytest.raises(DomainError):
        _issue(day, chairman, number=0)
    with pytest.raises(DomainError):
        _issue(day, chairman, recipients=" \n- Lưu: VT.")
    other = Day(electorate=361, present=340, campaign=day.group_election.campaign)
    _elected(other)
    _issue(other, chairman, number=5)
    with pytest.raises(DomainError):  # the number is taken in this campaign
        _issue(day, chairman, number=5)
    assert RecognitionDecision.objects.count() == 1


def test_no_decision_for_a_group_without_a_winner():
    day = Day(electorate=361, present=314)
    _elected(day, (159, 149))
    with pytest.raises(DomainError):
        _issue(day, day.official("chairman"))


# ------------------------------------------------------------------ papers


def test_the_count_record_reads_back_with_every_figure():
    day = Day(electorate=361, present=314)
    data = day.data((159, 149), invalid={"no_stamp": 2, "all_crossed_out": 3, "added_content": 1})
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(4),
        witness_2=day.elector(7),
        count_started_at=DAY + datetime.timedelta(hours=1, minutes=50),
        count_ended_at=DAY + datetime.timedelta(hours=2, minutes=20),
    )
    text = pdf_text(count_record_pdf(day.conference))
    flat = " ".join(text.split())
    assert "BIÊN BẢN KIỂM PHIẾU" in flat
    assert f"Về việc bầu Tổ trưởng {day.group.name}" in flat
    assert "vào hồi 09 giờ 50 phút, ngày 10 tháng 01 năm 2021" in flat
    assert "1. Ông (bà) Phan Văn Trưởng - Tổ trưởng" in flat
    assert "Lê Thị Một - Thành viên" in flat
    assert "Cử tri 4" in flat and "Cử tri 7" in flat
    assert "Tổng số hộ gia đình của tổ dân phố: 361" in flat
    assert "Số đại diện hộ gia đình có mặt: 314" in flat
    assert "Số phiếu phát ra: 314" in flat
    assert "Số phiếu thu vào: 314" in flat
    assert "Số phiếu hợp lệ: 308" in flat
    assert "Số phiếu không hợp lệ: 6" in flat
    assert "Không có dấu của Tổ bầu cử: 2 phiếu" in flat
    assert "Số phiếu bầu cho ông Nguyễn Văn An: 159 phiếu, đạt 44,04% so với tổng số hộ gia đình" in flat
    assert "Số phiếu bầu cho bà Trần Thị Bình: 149 phiếu, đạt 41,27%" in flat
    assert "Không có người ứng cử nào đạt trên 50%" in flat
    assert "kết thúc vào hồi 10 giờ 20 phút cùng ngày" in flat
    assert "TM. BAN KIỂM PHIẾU" in flat


def test_the_recognition_decision_reads_back_as_a_decree_30_paper():
    day = Day(electorate=361, present=340)
    _elected(day)
    decision = _issue(day, day.official("chairman", full_name="Lê Quang Vinh"))
    text = pdf_text(recognition_decision_pdf(decision))
    flat = " ".join(text.split())
    assert "ỦY BAN NHÂN DÂN" in flat and "PHƯỜNG HƯƠNG XUÂN" in flat
    assert "Số: 05/QĐ-UBND" in flat
    assert "Hương Xuân, ngày 13 tháng 01 năm 2021" in flat
    assert "QUYẾT ĐỊNH" in flat
    assert f"Về việc công nhận Tổ trưởng {day.group.name}" in flat
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG HƯƠNG XUÂN" in flat
    assert "Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11;" in flat
    assert "Căn cứ Biên bản kiểm phiếu bầu Tổ trưởng" in flat
    assert "Theo đề nghị của Tổ trưởng Tổ bầu cử." in flat
    assert "Điều 1. Công nhận ông Nguyễn Văn An" in flat
    assert "nhiệm kỳ 2021-2023" in flat
    assert "Điều 2." in flat and "Điều 3." in flat
    assert "Nơi nhận:" in flat and "- Như Điều 3;" in flat and "- Lưu: VT." in flat
    assert "Lê Quang Vinh" in flat


# ------------------------------------------------------------------ a re-vote, end to end


def test_a_revote_end_to_end_through_the_real_services():
    group_election = GroupElectionFactory(stage=Stage.LISTS_POSTED)
    group_election.report_override_reason = "Báo cáo trình bày trực tiếp."
    group_election.save(update_fields=["report_override_reason"])
    electors(group_election, 361)
    day_users = Day.__new__(Day)
    day_users.ward, day_users.group = group_election.group.ward, group_election.group
    official = day_users.official()
    chairman = day_users.official("chairman", full_name="Lê Quang Vinh")
    candidates = []
    for index, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình")):
        resident = ResidentFactory(
            household=HouseholdFactory(group=group_election.group, number=f"9{index}"), full_name=name
        )
        candidates.append(
            CandidateFactory(group_election=group_election, resident=resident, status=Candidate.Status.APPROVED)
        )

    def sitting(at, votes, *, revote=False, previous=None):
        if previous is None:
            conference = conference_schedule(
                group_election=group_election, actor=official, scheduled_at=at, venue="Nhà văn hóa"
            )
        else:
            conference = previous
        conference = conference_open(conference=conference, actor=official, at=at)
        head, a, b = day_users.team_user(), day_users.team_user(), day_users.team_user()
        for role, user in ((BoardRole.HEAD, head), (BoardRole.MEMBER, a), (BoardRole.MEMBER, b)):
            count_board_member_add(
                conference=conference, actor=official, role=role, full_name=f"Ban {user.pk}", user=user
            )
        conference_set_head_count(conference=conference, actor=official, head_count=320)
        conference = conference_open_vote(
            conference=conference, actor=official, voting_method="secret", at=at + datetime.timedelta(minutes=50)
        )
        data_votes = {candidates[0].pk: votes[0], candidates[1].pk: votes[1]}
        from elections.count.services.figures import CountData

        right = CountData(
            issued=320, returned=320, valid=sum(votes), invalid_by_reason={"other": 320 - sum(votes)}, votes=data_votes
        )
        typo = CountData(
            issued=320,
            returned=320,
            valid=sum(votes),
            invalid_by_reason={"other": 320 - sum(votes)},
            votes={**data_votes, candidates[1].pk: votes[1] - 10},
        )
        tally_submit(conference=conference, actor=a, data=right)
        assert tally_submit(conference=conference, actor=b, data=typo).status == "mismatch"
        tally_resolve(conference=conference, actor=head, chosen={f"vote_{candidates[1].pk}": votes[1]}, note="Kiểm lại")
        first_elector = group_election.electors.order_by("number")
        count_seal(
            conference=conference,
            actor=head,
            witness_1=first_elector[0],
            witness_2=first_elector[1],
            count_ended_at=at + datetime.timedelta(hours=3),
        )
        group_election.refresh_from_db()
        return conference

    first = sitting(DAY, (159, 150))
    assert group_election.stage == Stage.NO_WINNER
    second = revote_schedule(
        conference=first, actor=official, scheduled_at=DAY + datetime.timedelta(days=14), venue="Nhà văn hóa"
    )
    group_election.refresh_from_db()
    assert group_election.stage == Stage.REVOTE_SCHEDULED
    second = sitting(second.scheduled_at, (190, 120), previous=second)
    assert group_election.stage == Stage.ELECTED
    assert second.sequence == 2 and second.is_revote

    decision = decision_issue(
        group_election=group_election,
        actor=chairman,
        number=8,
        decision_date=datetime.date(2021, 1, 26),
        recipients="Như Điều 3",
        proposer="Tổ trưởng Tổ bầu cử",
    )
    group_election.refresh_from_db()
    assert group_election.stage == Stage.RECOGNISED
    assert decision.conference == second
    text = " ".join(pdf_text(recognition_decision_pdf(decision)).split())
    assert "Căn cứ Biên bản kiểm phiếu bầu lại Tổ trưởng" in text
    assert "ngày 24/01/2021" in text
    # Both sittings and both counts are kept.
    assert [c.count.outcome for c in group_election.conferences.order_by("sequence")] == ["below_threshold", "elected"]


def test_the_count_record_of_a_show_of_hands_has_no_ballot_lines():
    day = Day(electorate=50, present=40, method="hands")
    from elections.count.services.figures import CountData

    data = CountData(votes={day.first.pk: 30, day.second.pk: 10})
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    flat = " ".join(pdf_text(count_record_pdf(day.conference)).split())
    assert "biểu quyết giơ tay" in flat
    assert "Số phiếu phát ra" not in flat
    assert "Số người biểu quyết tán thành cho ông Nguyễn Văn An: 30 người, đạt 60,00%" in flat
    assert "Ông Nguyễn Văn An đạt 60,00% so với tổng số hộ gia đình của tổ dân phố (trên 50%), trúng cử" in flat


def test_no_count_record_before_the_count_is_accepted():
    day = Day()
    with pytest.raises(DomainError):
        count_record_pdf(day.conference)


def test_the_decision_number_help_shows_the_number_in_the_field():
    assert "“Số: 08/QĐ-UBND”" in str(DecisionForm(initial={"number": 8}).fields["number"].help_text)
    assert "“Số: 12/QĐ-UBND”" in str(DecisionForm({"number": "12"}).fields["number"].help_text)
