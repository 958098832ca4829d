"""The count entered twice: every check of the tally, agreement, differences and their resolution, the seal."""

from __future__ import annotations

import datetime

import pytest

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.conference.models import Conference
from elections.count.models import Count, CountOutcome, TallyEntry
from elections.count.services.figures import CountData, TallyError
from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_differences, tally_resolve, tally_submit
from elections.models import Stage
from tests.conference.countkit import DAY, Day, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def _problems(excinfo) -> dict:
    return dict(excinfo.value.problems)


def test_both_entries_agree_and_the_count_is_accepted():
    day = Day(electorate=361, present=314)
    data = day.data((159, 140), invalid={"no_stamp": 10, "all_crossed_out": 5})

    first = tally_submit(conference=day.conference, actor=day.member_a, data=data)
    assert first.status == "recorded"
    assert first.entry.slot == 1
    assert not Count.objects.filter(conference=day.conference).exists()

    second = tally_submit(conference=day.conference, actor=day.member_b, data=data)
    assert second.status == "accepted"
    assert second.entry.slot == 2

    count = Count.objects.get(conference=day.conference)
    assert count.method == Count.Method.AGREED
    assert (count.electorate, count.present, count.issued, count.returned, count.valid) == (361, 314, 314, 314, 299)
    assert count.invalid_no_stamp == 10 and count.invalid_all_crossed_out == 5
    assert {v.candidate_id: v.votes for v in count.votes.all()} == {day.first.pk: 159, day.second.pk: 140}
    assert count.outcome == CountOutcome.BELOW_THRESHOLD
    assert count.elected is None
    day.conference.refresh_from_db()
    day.group_election.refresh_from_db()
    assert day.conference.status == Conference.Status.COUNTED
    assert day.group_election.stage == Stage.COUNTED
    events = list(AuditEntry.objects.filter(group=day.group).values_list("event", flat=True))
    assert events.count("count_entered") == 2
    assert "count_accepted" in events


def test_elected_with_more_than_half_of_the_whole_electorate():
    day = Day(electorate=361, present=340)
    data = day.data((181, 150))
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    count = Count.objects.get(conference=day.conference)
    assert count.outcome == CountOutcome.ELECTED
    assert count.elected == day.first


def test_exactly_half_of_the_electorate_is_not_elected():
    day = Day(electorate=360, present=360)
    data = day.data((180, 170))
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    count = Count.objects.get(conference=day.conference)
    assert count.outcome == CountOutcome.BELOW_THRESHOLD


def test_the_same_figures_sent_twice_change_nothing():
    day = Day()
    data = day.data((159, 140))
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    again = tally_submit(conference=day.conference, actor=day.member_a, data=data)
    assert again.status == "unchanged"
    assert TallyEntry.objects.filter(conference=day.conference).count() == 1


def test_a_member_may_change_their_entry_before_the_other_enters():
    day = Day()
    tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 140)))
    changed = tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 141)))
    assert changed.status == "updated"
    entry = TallyEntry.objects.get(conference=day.conference)
    assert {v.candidate_id: v.votes for v in entry.votes.all()} == {day.first.pk: 159, day.second.pk: 141}
    assert AuditEntry.objects.filter(event="count_entry_changed").count() == 1


def test_differing_entries_show_only_the_differing_fields_and_the_head_resolves():
    day = Day()
    right = day.data((159, 140), invalid={"no_stamp": 15})
    typo = day.data((159, 104), invalid={"no_stamp": 15}, valid=299)  # 140 typed as 104
    tally_submit(conference=day.conference, actor=day.member_a, data=right)
    result = tally_submit(conference=day.conference, actor=day.member_b, data=typo)
    assert result.status == "mismatch"
    assert not Count.objects.filter(conference=day.conference).exists()

    differences = tally_differences(day.conference)
    assert [(d.key, d.first, d.second) for d in differences] == [(f"vote_{day.second.pk}", 140, 104)]

    # A plain member of the board cannot settle it; the note is required; every differing field too.
    with pytest.raises(DomainError):
        tally_resolve(conference=day.conference, actor=day.member_a, chosen={f"vote_{day.second.pk}": 140}, note="x")
    with pytest.raises(DomainError):
        tally_resolve(conference=day.conference, actor=day.head, chosen={f"vote_{day.second.pk}": 140}, note=" ")
    with pytest.raises(TallyError):
        tally_resolve(conference=day.conference, actor=day.head, chosen={}, note="Đếm lại")

    count = tally_resolve(
        conference=day.conference,
        actor=day.head,
        chosen={f"vote_{day.second.pk}": 140},
        note="Kiểm lại phiếu trước hai người chứng kiến.",
    )
    assert count.method == Count.Method.RESOLVED
    assert count.resolved_by == day.head
    assert count.resolution[0]["first"] == 140 and count.resolution[0]["second"] == 104
    assert count.resolution[0]["chosen"] == 140
    assert {v.candidate_id: v.votes for v in count.votes.all()} == {day.first.pk: 159, day.second.pk: 140}
    day.group_election.refresh_from_db()
    assert day.group_election.stage == Stage.COUNTED
    assert AuditEntry.objects.filter(event="count_mismatch").exists()


def test_a_ward_official_may_resolve_differences():
    day = Day()
    tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 140)))
    tally_submit(conference=day.conference, actor=day.member_b, data=day.data((158, 141)))
    count = tally_resolve(
        conference=day.conference,
        actor=day.official(),
        chosen={f"vote_{day.first.pk}": 159, f"vote_{day.second.pk}": 140},
        note="Đối chiếu biên bản.",
    )
    assert count.valid == 299 and count.method == Count.Method.RESOLVED


def test_resolved_figures_must_still_add_up():
    day = Day()
    tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 140)))
    tally_submit(conference=day.conference, actor=day.member_b, data=day.data((158, 141)))
    with pytest.raises(TallyError) as excinfo:
        tally_resolve(
            conference=day.conference,
            actor=day.head,
            chosen={f"vote_{day.first.pk}": 159, f"vote_{day.second.pk}": 141},
            note="Sai",
        )
    assert "300" in str(excinfo.value) and "299" in str(excinfo.value)
    assert not Count.objects.filter(conference=day.conference).exists()


def test_a_third_member_cannot_enter_once_two_have():
    day = Day()
    tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 140)))
    tally_submit(conference=day.conference, actor=day.member_b, data=day.data((159, 141)))
    with pytest.raises(DomainError):
        tally_submit(conference=day.conference, actor=day.head, data=day.data((159, 140)))
    with pytest.raises(DomainError):
        tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 139)))


@pytest.mark.parametrize("role", [Role.WARD_OFFICIAL, Role.CHAIRMAN, Role.CELL_SECRETARY, Role.FRONT_OFFICIAL])
def test_only_count_board_members_enter(role):
    day = Day()
    kwargs = {"party_cell": day.group.party_cell} if role == Role.CELL_SECRETARY else {}
    with pytest.raises(DomainError):
        tally_submit(conference=day.conference, actor=day.official(role, **kwargs), data=day.data((1, 1)))
    assert not TallyEntry.objects.exists()


def test_a_team_member_not_on_the_board_or_of_another_group_cannot_enter():
    day = Day()
    outsider = day.team_user()  # same group, not on the count board of this conference
    with pytest.raises(DomainError):
        tally_submit(conference=day.conference, actor=outsider, data=day.data((1, 1)))
    other = Day(campaign=day.group_election.campaign)
    with pytest.raises(DomainError):
        tally_submit(conference=day.conference, actor=other.member_a, data=day.data((1, 1)))
    assert not TallyEntry.objects.filter(conference=day.conference).exists()


def test_the_count_waits_for_the_vote():
    day = Day()
    Conference.objects.filter(pk=day.conference.pk).update(status=Conference.Status.OPEN)
    day.conference.refresh_from_db()
    with pytest.raises(DomainError):
        tally_submit(conference=day.conference, actor=day.member_a, data=day.data((1, 1)))


# ------------------------------------------------------------------ every check of the tally


@pytest.mark.parametrize(
    ("kwargs", "present", "field", "figures"),
    [
        ({"issued": 320, "returned": 299}, 314, "issued", ("320", "314")),
        ({"issued": 290, "returned": 299}, 314, "returned", ("299", "290")),
        ({"valid": 290}, 314, "valid", ("290", "299")),
    ],
)
def test_ballot_checks_name_the_field(kwargs, present, field, figures):
    day = Day(present=present)
    data = day.data((150, 140), **kwargs) if "valid" not in kwargs else day.data((150, 140), returned=299, **kwargs)
    with pytest.raises(TallyError) as excinfo:
        tally_submit(conference=day.conference, actor=day.member_a, data=data)
    problems = _problems(excinfo)
    assert field in problems
    assert all(figure in problems[field] for figure in figures)
    assert not TallyEntry.objects.exists()


def test_present_cannot_exceed_the_electorate():
    day = Day(electorate=100, present=101)
    with pytest.raises(TallyError) as excinfo:
        tally_submit(conference=day.conference, actor=day.member_a, data=day.data((50, 40)))
    messages = " ".join(m for _k, m in excinfo.value.problems)
    assert "101" in messages and "100" in messages


def test_a_candidate_cannot_have_more_votes_than_valid_ballots():
    day = Day()
    data = day.data((300, 0), valid=290, returned=300, invalid={"other": 10})
    with pytest.raises(TallyError) as excinfo:
        tally_submit(conference=day.conference, actor=day.member_a, data=data)
    problems = _problems(excinfo)
    assert f"vote_{day.first.pk}" in problems
    assert "Nguyễn Văn An" in problems[f"vote_{day.first.pk}"]


def test_the_total_of_votes_cannot_exceed_valid_ballots():
    day = Day()
    data = day.data((200, 150), valid=300)
    with pytest.raises(TallyError) as excinfo:
        tally_submit(conference=day.conference, actor=day.member_a, data=data)
    assert any(key is None and "350" in message for key, message in excinfo.value.problems)


def test_negative_numbers_are_refused_by_field():
    day = Day()
    data = day.data((-1, 10), invalid={"no_stamp": -2}, valid=9, returned=7, issued=7)
    with pytest.raises(TallyError) as excinfo:
        tally_submit(conference=day.conference, actor=day.member_a, data=data)
    problems = _problems(excinfo)
    assert f"vote_{day.first.pk}" in problems
    assert "invalid_no_stamp" in problems
    assert not TallyEntry.objects.exists()


def test_every_candidate_needs_a_figure():
    day = Day()
    data = CountData(issued=10, returned=10, valid=10, votes={day.first.pk: 10})
    with pytest.raises(TallyError) as excinfo:
        tally_submit(conference=day.conference, actor=day.member_a, data=data)
    assert f"vote_{day.second.pk}" in _problems(excinfo)


def test_show_of_hands_checks_the_votes_against_those_present():
    day = Day(electorate=50, present=40, method="hands")
    with pytest.raises(TallyError) as excinfo:
        tally_submit(
            conference=day.conference, actor=day.member_a, data=CountData(votes={day.first.pk: 41, day.second.pk: 0})
        )
    assert f"vote_{day.first.pk}" in _problems(excinfo)
    with pytest.raises(TallyError):
        tally_submit(
            conference=day.conference, actor=day.member_a, data=CountData(votes={day.first.pk: 30, day.second.pk: 11})
        )
    # Ballot figures are ignored for a show of hands.
    data = CountData(issued=999, votes={day.first.pk: 30, day.second.pk: 10})
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(
        conference=day.conference, actor=day.member_b, data=CountData(votes={day.first.pk: 30, day.second.pk: 10})
    )
    count = Count.objects.get(conference=day.conference)
    assert count.issued == 0 and count.voting_method == "hands"
    assert count.outcome == CountOutcome.ELECTED  # 30 of 50 = 60 %


# ------------------------------------------------------------------ seal


def _accepted(day, votes=(181, 120)):
    data = day.data(votes)
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    return Count.objects.get(conference=day.conference)


def test_sealing_moves_the_group_to_elected():
    day = Day(electorate=361, present=320)
    _accepted(day)
    count = count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
        complaints="",
    )
    assert count.is_sealed and count.sealed_by == day.head
    day.conference.refresh_from_db()
    day.group_election.refresh_from_db()
    assert day.conference.status == Conference.Status.SEALED
    assert day.group_election.stage == Stage.ELECTED
    with pytest.raises(DomainError):
        count_seal(
            conference=day.conference,
            actor=day.head,
            witness_1=day.elector(1),
            witness_2=day.elector(2),
            count_ended_at=DAY + datetime.timedelta(hours=3),
        )


def test_sealing_nobody_elected_moves_the_group_to_no_winner():
    day = Day(electorate=361, present=314)
    _accepted(day, (159, 140))
    count_seal(
        conference=day.conference,
        actor=day.official(),
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
    )
    day.group_election.refresh_from_db()
    assert day.group_election.stage == Stage.NO_WINNER


def test_witnesses_are_two_different_people_and_not_candidates():
    day = Day()
    _accepted(day)
    from elections.conference.models import Elector

    candidate_line = Elector.objects.create(
        group_election=day.group_election,
        number=999,
        household_number="900",
        resident=day.first.resident,
        full_name=day.first.resident.full_name,
        name_folded="nguyen van an",
    )
    with pytest.raises(TallyError) as excinfo:
        count_seal(
            conference=day.conference,
            actor=day.head,
            witness_1=candidate_line,
            witness_2=day.elector(1),
            count_ended_at=DAY + datetime.timedelta(hours=3),
        )
    assert "witness_1" in _problems(excinfo)
    with pytest.raises(TallyError) as excinfo:
        count_seal(
            conference=day.conference,
            actor=day.head,
            witness_1=day.elector(1),
            witness_2=day.elector(1),
            count_ended_at=DAY + datetime.timedelta(hours=3),
        )
    assert "witness_2" in _problems(excinfo)
    with pytest.raises(TallyError) as excinfo:
        count_seal(
            conference=day.conference,
            actor=day.head,
            witness_1=day.elector(1),
            witness_2=day.elector(2),
            count_ended_at=DAY - datetime.timedelta(hours=1),
        )
    assert "count_ended_at" in _problems(excinfo)
    assert not Count.objects.get(conference=day.conference).is_sealed


def test_only_the_head_or_a_ward_official_seals():
    day = Day()
    _accepted(day)
    with pytest.raises(DomainError):
        count_seal(
            conference=day.conference,
            actor=day.member_a,
            witness_1=day.elector(1),
            witness_2=day.elector(2),
            count_ended_at=DAY + datetime.timedelta(hours=3),
        )
