"""The result by law, corrigenda of a sealed count, and the re-vote as a new conference of the same election."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from config.errors import DomainError
from elections.conference.models import Conference
from elections.count.models import Corrigendum, Count, CountOutcome
from elections.count.selectors import count_summary, percent_vi, revote_deadline_for
from elections.count.services.figures import CountData
from elections.count.services.result import count_correct, revote_schedule
from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_submit
from elections.models import Stage
from tests.conference.countkit import DAY, Day, fast_passwords  # noqa: F401
from tests.factories import CampaignFactory, LegalProfileFactory

pytestmark = pytest.mark.django_db


def _sealed(day: Day, votes, **kwargs) -> Count:
    data = day.data(votes, **kwargs)
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    return count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
    )


def test_159_of_361_elects_nobody_with_44_04_percent():
    day = Day(electorate=361, present=314)
    count = _sealed(day, (159, 149), invalid={"no_stamp": 6})
    assert count.outcome == CountOutcome.BELOW_THRESHOLD
    summary = count_summary(day.conference)
    assert summary["elected"] is None
    assert summary["outcome"] == "below_threshold"
    assert summary["votes"][0] == ("Nguyễn Văn An", 159, Decimal("44.04"))
    assert percent_vi(summary["votes"][0][2]) == "44,04%"
    assert summary["invalid"] == 6
    assert summary["invalid_by_reason"]["Không có dấu của Tổ bầu cử"] == 6
    day.group_election.refresh_from_db()
    assert day.group_election.stage == Stage.NO_WINNER


def test_count_summary_is_none_before_the_count_is_accepted():
    day = Day()
    assert count_summary(day.conference) is None


def test_a_tie_above_a_lower_threshold_elects_nobody():
    profile = LegalProfileFactory(code="low-threshold", winning_percent=Decimal("30"))
    day = Day(
        electorate=100, present=90, campaign=CampaignFactory(label="2024-2026", legal_profile=profile, is_current=False)
    )
    count = _sealed(day, (40, 40))
    assert count.outcome == CountOutcome.TIE
    day.group_election.refresh_from_db()
    assert day.group_election.stage == Stage.NO_WINNER


def test_percent_is_written_with_a_decimal_comma():
    assert percent_vi(Decimal("44.04")) == "44,04%"
    assert percent_vi(Decimal("50")) == "50,00%"


# ------------------------------------------------------------------ corrigendum


def test_a_ward_official_corrects_a_sealed_count_and_the_original_is_kept():
    day = Day(electorate=361, present=340)
    count = _sealed(day, (200, 120))
    corrected = day.data((201, 119))
    official = day.official()
    count_correct(conference=day.conference, actor=official, data=corrected, reason="Nhầm khi cộng phiếu bà Bình.")
    count.refresh_from_db()
    assert {v.candidate_id: v.votes for v in count.votes.all()} == {day.first.pk: 201, day.second.pk: 119}
    corrigendum = Corrigendum.objects.get(count=count)
    assert corrigendum.number == 1
    assert corrigendum.original["votes"] == {str(day.first.pk): 200, str(day.second.pk): 120}
    assert corrigendum.corrected["votes"] == {str(day.first.pk): 201, str(day.second.pk): 119}
    assert corrigendum.corrected_by == official
    entry = AuditEntry.objects.get(event="count_corrected")
    assert entry.before["votes"][str(day.first.pk)] == 200
    assert entry.after["votes"][str(day.first.pk)] == 201
    assert entry.note == "Nhầm khi cộng phiếu bà Bình."
    summary = count_summary(day.conference)
    assert summary["votes"][0][2] == Decimal("55.68")  # recomputed: 201 / 361


def test_a_correction_needs_a_reason_a_sealed_count_and_a_ward_official():
    day = Day(electorate=361, present=340)
    data = day.data((200, 120))
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    with pytest.raises(DomainError):  # not sealed yet
        count_correct(conference=day.conference, actor=day.official(), data=day.data((201, 119)), reason="x")
    count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
    )
    with pytest.raises(DomainError):
        count_correct(conference=day.conference, actor=day.official(), data=day.data((201, 119)), reason="  ")
    with pytest.raises(DomainError):
        count_correct(conference=day.conference, actor=day.head, data=day.data((201, 119)), reason="Sai")
    with pytest.raises(DomainError):  # the figures must still add up
        count_correct(
            conference=day.conference, actor=day.official(), data=day.data((201, 119), valid=300), reason="Sai"
        )
    with pytest.raises(DomainError):  # nothing changes
        count_correct(conference=day.conference, actor=day.official(), data=day.data((200, 120)), reason="Sai")
    assert not Corrigendum.objects.exists()


def test_a_correction_cannot_change_who_is_elected():
    day = Day(electorate=361, present=340)
    _sealed(day, (185, 120))
    with pytest.raises(DomainError):
        count_correct(conference=day.conference, actor=day.official(), data=day.data((175, 130)), reason="Sai")
    assert Count.objects.get(conference=day.conference).outcome == CountOutcome.ELECTED


# ------------------------------------------------------------------ re-vote


def test_revote_is_a_new_conference_within_the_profile_limit():
    day = Day(electorate=361, present=314)
    _sealed(day, (159, 149))
    official = day.official()
    assert revote_deadline_for(day.conference) == datetime.date(2021, 1, 25)
    too_late = DAY + datetime.timedelta(days=16)
    with pytest.raises(DomainError):
        revote_schedule(conference=day.conference, actor=official, scheduled_at=too_late, venue="Nhà văn hóa")
    with pytest.raises(DomainError):
        revote_schedule(conference=day.conference, actor=official, scheduled_at=DAY, venue="Nhà văn hóa")
    with pytest.raises(DomainError):
        revote_schedule(
            conference=day.conference,
            actor=day.head,
            scheduled_at=DAY + datetime.timedelta(days=7),
            venue="Nhà văn hóa",
        )
    new = revote_schedule(
        conference=day.conference, actor=official, scheduled_at=DAY + datetime.timedelta(days=14), venue="Nhà văn hóa"
    )
    assert new.sequence == 2 and new.is_revote and new.previous == day.conference
    assert new.status == Conference.Status.SCHEDULED
    day.group_election.refresh_from_db()
    assert day.group_election.stage == Stage.REVOTE_SCHEDULED
    # The first sitting and its count stay as history.
    assert Count.objects.get(conference=day.conference).outcome == CountOutcome.BELOW_THRESHOLD
    with pytest.raises(DomainError):  # only once
        revote_schedule(
            conference=day.conference, actor=official, scheduled_at=DAY + datetime.timedelta(days=10), venue="X"
        )


def test_no_revote_when_someone_was_elected():
    day = Day(electorate=361, present=340)
    _sealed(day, (200, 120))
    with pytest.raises(DomainError):
        revote_schedule(
            conference=day.conference,
            actor=day.official(),
            scheduled_at=DAY + datetime.timedelta(days=7),
            venue="Nhà văn hóa",
        )


def test_count_data_round_trips():
    data = CountData(issued=5, returned=5, valid=4, invalid_by_reason={"other": 1}, votes={3: 4})
    assert CountData.from_json(data.as_json()) == data
    assert CountData.from_flat(data.flat()) == data
