"""Notices: each kind is sent by the real service to the right people, and its link opens for them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from elections.candidates.models import Complaint
from elections.candidates.services import complaint_receive
from elections.count.services.recognition import decision_issue
from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_submit
from elections.services import difficulty_report_create
from elections.termreports import services as termreports
from notices.models import Notice
from notices.services import notice_send
from tests.candidates.factories import CandidateFactory
from tests.conference.countkit import DAY, Day, fast_passwords  # noqa: F401
from tests.elections.conftest import build_ward
from tests.factories import (
    GroupElectionFactory,
    HouseholdFactory,
    PartyCellFactory,
    ResidentFactory,
    ResidentialGroupFactory,
    user_with_role,
)
from tests.termreports.factories import COMPLETE, LeaderTermFactory, populate

pytestmark = pytest.mark.django_db


def _opens_for(client, user, notice: Notice) -> None:
    """The reader opens the notice from the inbox, lands on its page, and the page answers."""
    client.force_login(user)
    inbox = client.get(reverse("notices:inbox")).content.decode()
    assert reverse("notices:open", args=[notice.pk]) in inbox
    response = client.get(reverse("notices:open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == notice.url
    assert client.get(notice.url).status_code == 200
    notice.refresh_from_db()
    assert notice.read_at is not None


# ---- one builder per kind: runs the real service, returns {reader: expected notice count}


def _difficulty(ward):
    hx = build_ward(ward)
    difficulty_report_create(
        actor=hx.member, campaign=hx.campaign, group=hx.groups["01"], title="Thiếu địa điểm họp", description="Mô tả"
    )
    return {hx.official: 1, hx.chairman: 0, hx.front: 0, hx.member: 0, hx.secretary: 0}


def _complaint(ward):
    group = ResidentialGroupFactory(ward=ward, code="11", name="Tổ dân phố 11")
    ge = GroupElectionFactory(group=group)
    member = ResidentFactory(household=HouseholdFactory(group=group), party_member=True, full_name="Nguyễn Văn An")
    candidate = CandidateFactory(group_election=ge, resident=member)
    official = user_with_role(Role.WARD_OFFICIAL, ward=ward)
    inspection = user_with_role(Role.INSPECTION, ward=ward)
    front = user_with_role(Role.FRONT_OFFICIAL, ward=ward)
    committee = user_with_role(Role.COMMITTEE_MEMBER, ward=ward)
    complaint = complaint_receive(
        candidate=candidate,
        received_on=datetime.date(2020, 12, 28),
        channel=Complaint.Channel.LETTER,
        content="Phản ánh về việc lấn chiếm đất công.",
        is_anonymous=True,
        actor=front,
    )
    assert complaint.handler == Complaint.Handler.INSPECTION
    return {official: 1, inspection: 1, front: 0, committee: 0}


def _term_report(ward, *, accept: bool):
    cell = PartyCellFactory(ward=ward, name="Chi bộ Khu dân cư 2")
    group = ResidentialGroupFactory(ward=ward, code="05", name="Tổ dân phố 5", party_cell=cell)
    populate(group, households=2, per_household=2, party_members=1)
    LeaderTermFactory(group=group, full_name="Hoàng Văn Lực")
    ge = GroupElectionFactory(group=group)
    secretary = user_with_role(Role.CELL_SECRETARY, ward=ward, party_cell=cell)
    official = user_with_role(Role.WARD_OFFICIAL, ward=ward)
    report = termreports.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    report = termreports.term_report_submit(report=report, actor=secretary)
    report = termreports.term_report_review(report=report, actor=secretary)
    if accept:
        termreports.term_report_accept(report=report, actor=official)
    else:
        termreports.term_report_return(report=report, actor=official, comment="Bổ sung số liệu hòa giải.")
    return {secretary: 1, official: 0}


def _count_mismatch(ward):
    day = Day()
    tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 140)))
    tally_submit(conference=day.conference, actor=day.member_b, data=day.data((159, 104)))
    return {day.head: 1, day.member_a: 0, day.member_b: 0}


def _decision(ward):
    day = Day(electorate=361, present=340)
    data = day.data((200, 120))
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
    )
    area = user_with_role(Role.COMMITTEE_MEMBER, ward=day.ward, assigned_groups=[day.group])
    elsewhere = user_with_role(Role.COMMITTEE_MEMBER, ward=day.ward)
    chairman = day.official(Role.CHAIRMAN)
    decision_issue(
        group_election=day.group_election,
        actor=chairman,
        number=5,
        decision_date=datetime.date(2021, 1, 13),
        recipients="Như Điều 3\n- Lưu: VT.",
        proposer="Tổ trưởng Tổ bầu cử",
    )
    return {area: 1, elsewhere: 0, chairman: 0}


BUILDERS = {
    Notice.Kind.DIFFICULTY_REPORTED: _difficulty,
    Notice.Kind.COMPLAINT_RECEIVED: _complaint,
    Notice.Kind.TERM_REPORT_RETURNED: lambda ward: _term_report(ward, accept=False),
    Notice.Kind.TERM_REPORT_ACCEPTED: lambda ward: _term_report(ward, accept=True),
    Notice.Kind.COUNT_MISMATCH: _count_mismatch,
    Notice.Kind.DECISION_ISSUED: _decision,
}


def test_every_kind_has_a_test():
    assert set(BUILDERS) == set(Notice.Kind.values)


@pytest.mark.parametrize("kind", list(BUILDERS))
def test_each_notice_reaches_its_readers_and_its_link_opens_for_them(kind, ward, client):
    readers = BUILDERS[kind](ward)
    for user, expected in readers.items():
        notices = list(Notice.objects.filter(recipient=user, kind=kind))
        assert len(notices) == expected, (kind, user.role)
        for notice in notices:
            assert notice.text and "%(" not in notice.text
            _opens_for(client, user, notice)


def test_a_complaint_about_a_non_member_reaches_the_ward_but_not_the_inspection_committee(ward):
    ge = GroupElectionFactory(group=ResidentialGroupFactory(ward=ward))
    candidate = CandidateFactory(group_election=ge)
    official = user_with_role(Role.WARD_OFFICIAL, ward=ward)
    inspection = user_with_role(Role.INSPECTION, ward=ward)
    complaint_receive(
        candidate=candidate,
        received_on=datetime.date(2020, 12, 28),
        channel=Complaint.Channel.LETTER,
        content="Nội dung",
        complainant_name="Lê Thị Hoa",
        actor=user_with_role(Role.FRONT_OFFICIAL, ward=ward),
    )
    assert Notice.objects.filter(recipient=official).count() == 1
    assert not Notice.objects.filter(recipient=inspection).exists()


def test_the_navbar_counts_unread_notices_and_the_inbox_marks_them_read(ward, client):
    reader = user_with_role(Role.WARD_OFFICIAL, ward=ward)
    other = user_with_role(Role.WARD_OFFICIAL, ward=ward)
    notice_send(recipients=[reader, reader, other], kind=Notice.Kind.DIFFICULTY_REPORTED, url="/elections/",
                params={"group": "Tổ dân phố 1", "title": "Loa hỏng"})  # fmt: skip
    notice_send(recipients=[reader], kind=Notice.Kind.DECISION_ISSUED, url="/elections/",
                params={"group": "Tổ dân phố 2", "number": "05/QĐ-UBND"}, actor=reader)  # fmt: skip
    assert Notice.objects.filter(recipient=reader).count() == 1  # once each, never to the one who acted
    client.force_login(reader)
    page = client.get(reverse("notices:inbox")).content.decode()
    assert "Tổ dân phố 1: đã có báo cáo khó khăn: “Loa hỏng”." in page
    assert 'text-bg-warning">1<' in page
    client.post(reverse("notices:mark_all_read"))
    page = client.get(reverse("notices:inbox")).content.decode()
    assert 'text-bg-warning">1<' not in page
    theirs = Notice.objects.get(recipient=other)
    assert client.get(reverse("notices:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_outside_link_is_never_followed(ward, client):
    reader = user_with_role(Role.WARD_OFFICIAL, ward=ward)
    [notice] = notice_send(recipients=[reader], kind=Notice.Kind.DIFFICULTY_REPORTED, url="https://example.com/",
                           params={"group": "x", "title": "y"})  # fmt: skip
    client.force_login(reader)
    assert client.get(reverse("notices:open", args=[notice.pk])).url == reverse("notices:inbox")
