"""The conference: scheduling, opening (term report), quorum for the vote, count board, adjourning, papers."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.conference.models import Attendance, Conference, CountBoardMember, Elector
from elections.conference.papers import minutes_pdf
from elections.conference.services.board import count_board_member_add
from elections.conference.services.conference import (
    conference_adjourn,
    conference_open,
    conference_open_vote,
    conference_update,
)
from elections.conference.services.minutes import conference_minutes_upload
from elections.models import Stage
from elections.workflow import TransitionError, group_election_transition
from papers.templatetags.papers import long_date
from residents.models import Resident
from tests.candidates.factories import CandidateFactory
from tests.conference.day import DAY, election_with_register, pdf_text, schedule, team_user
from tests.factories import CampaignFactory, LegalProfileFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db


def _check_in(conference, count):
    electors = Elector.objects.filter(group_election=conference.group_election).order_by("number")[:count]
    Attendance.objects.bulk_create(Attendance(conference=conference, elector=e) for e in electors)


def _opened(households=5, present=3, **kwargs):
    ge = election_with_register(households=households, **kwargs)
    conference = schedule(ge)
    conference = conference_open(conference=conference, actor=None)
    _check_in(conference, present)
    return ge, conference


def test_schedule_numbers_sittings_and_allows_one_active():
    ge = election_with_register(households=2)
    first = schedule(ge)
    assert first.sequence == 1 and first.status == Conference.Status.SCHEDULED
    with pytest.raises(DomainError):
        schedule(ge)
    assert first.guest_official == "" and Conference.objects.filter(group_election=ge).count() == 1


def test_opening_refused_without_an_accepted_term_report():
    ge = election_with_register(households=3, override=False)
    conference = schedule(ge)
    with pytest.raises(DomainError) as excinfo:
        conference_open(conference=conference, actor=None)
    assert ge.group.name in excinfo.value.messages[0]
    assert Conference.objects.get(pk=conference.pk).status == Conference.Status.SCHEDULED


def test_opening_with_a_recorded_override_freezes_the_electorate():
    ge = election_with_register(households=3, override=False)
    ge.report_override_reason = "Tổ trưởng cũ ốm, báo cáo do Ban công tác Mặt trận trình bày."
    ge.save(update_fields=["report_override_reason"])
    conference = conference_open(conference=schedule(ge), actor=None)
    assert conference.status == Conference.Status.OPEN
    assert conference.electorate_size == 3 and conference.electorate_mode == ge.campaign.electorate_mode
    assert conference.opened_at is not None


def test_opening_with_an_accepted_report():
    from django.utils import timezone

    from elections.termreports.models import TermReport

    ge = election_with_register(households=3, override=False)
    official = UserFactory(ward=ge.group.ward)
    now = timezone.now()
    TermReport.objects.create(
        group_election=ge,
        term_label="2018-2020",
        status=TermReport.Status.ACCEPTED,
        submitted_at=now,
        reviewed_at=now,
        accepted_at=now,
        accepted_by=official,
        created_by=official,
        end_households=3,
    )
    assert conference_open(conference=schedule(ge), actor=None).status == Conference.Status.OPEN


def test_opening_refused_before_the_lists_are_posted():
    ge = election_with_register(households=3, stage=Stage.LIST_APPROVED)
    with pytest.raises(DomainError):
        conference_open(conference=schedule(ge), actor=None)


def test_vote_refused_without_quorum_then_adjourned_to_a_new_sitting():
    ge, conference = _opened(households=6, present=3)  # 3 of 6 is not more than half
    count_board_member_add(conference=conference, actor=None, role="head", full_name="Phan Văn Kiểm")
    actor = team_user(ge.group)
    with pytest.raises(DomainError) as excinfo:
        conference_open_vote(conference=conference, actor=actor, voting_method="secret")
    assert "3" in excinfo.value.messages[0] and "6" in excinfo.value.messages[0]
    new = conference_adjourn(
        conference=conference,
        actor=actor,
        reason="Chỉ 3/6 hộ có mặt, không đủ quá nửa.",
        new_scheduled_at=DAY + datetime.timedelta(days=7),
    )
    old = Conference.objects.get(pk=conference.pk)
    assert old.status == Conference.Status.ADJOURNED and old.adjourn_reason
    assert (new.sequence, new.previous_id, new.status) == (2, old.pk, Conference.Status.SCHEDULED)
    assert new.venue == old.venue and new.chair_name == old.chair_name
    ge.refresh_from_db()
    assert ge.stage == Stage.LISTS_POSTED
    assert AuditEntry.objects.filter(event="conference_adjourned", group=ge.group).exists()


def test_adjourn_needs_a_reason_and_a_later_date():
    ge = election_with_register(households=2)
    conference = schedule(ge)
    with pytest.raises(DomainError):
        conference_adjourn(
            conference=conference, actor=None, reason="", new_scheduled_at=DAY + datetime.timedelta(days=1)
        )
    with pytest.raises(DomainError):
        conference_adjourn(conference=conference, actor=None, reason="Mưa bão", new_scheduled_at=DAY)
    assert Conference.objects.filter(group_election=ge).count() == 1


def test_vote_opens_with_quorum_and_board_and_moves_the_group():
    ge, conference = _opened(households=5, present=3)
    count_board_member_add(conference=conference, actor=None, role="head", full_name="Phan Văn Kiểm")
    actor = team_user(ge.group)
    conference = conference_open_vote(conference=conference, actor=actor, voting_method="secret")
    assert conference.status == Conference.Status.VOTING and conference.present_at_vote == 3
    ge.refresh_from_db()
    assert ge.stage == Stage.CONFERENCE_HELD
    # The presence is frozen: later check-ins cannot change it.
    Attendance.objects.create(conference=conference, elector=Elector.objects.filter(group_election=ge).last())
    from elections.conference.selectors import quorum_status

    assert quorum_status(conference).present == 3


def test_vote_needs_a_count_board_head():
    ge, conference = _opened(households=5, present=4)
    with pytest.raises(DomainError):
        conference_open_vote(conference=conference, actor=team_user(ge.group), voting_method="hands")
    with pytest.raises(DomainError):
        conference_open_vote(conference=conference, actor=team_user(ge.group), voting_method="")


def test_the_stage_cannot_be_moved_by_hand_without_a_vote():
    ge = election_with_register(households=2)
    official = UserFactory(ward=ge.group.ward, role=Role.WARD_OFFICIAL)
    with pytest.raises(TransitionError):
        group_election_transition(group_election=ge, target=Stage.CONFERENCE_HELD, actor=official)


def test_count_board_bounds_under_the_2023_profile():
    profile = LegalProfileFactory(code="nd-59-2023", name="NĐ 59/2023", count_board_min=3, count_board_max=5)
    campaign = CampaignFactory(ward=WardFactory(name="Hương Vân"), legal_profile=profile)
    ge, conference = _opened(households=6, present=5, campaign=campaign)
    count_board_member_add(conference=conference, actor=None, role="head", full_name="Người Một")
    count_board_member_add(conference=conference, actor=None, role="member", full_name="Người Hai")
    with pytest.raises(DomainError) as excinfo:
        conference_open_vote(conference=conference, actor=None, voting_method="secret")
    assert "3" in excinfo.value.messages[0] and "5" in excinfo.value.messages[0]
    for name in ("Người Ba", "Người Bốn", "Người Năm"):
        count_board_member_add(conference=conference, actor=None, role="member", full_name=name)
    with pytest.raises(DomainError):
        count_board_member_add(conference=conference, actor=None, role="member", full_name="Người Sáu")
    with pytest.raises(DomainError):
        count_board_member_add(conference=conference, actor=None, role="head", full_name="Người Bảy")
    assert CountBoardMember.objects.filter(conference=conference).count() == 5


def test_a_candidate_can_never_sit_on_the_count_board():
    ge, conference = _opened(households=4, present=3)
    person = Resident.objects.get(household__group=ge.group, full_name="Trần Thị Bình")
    CandidateFactory(group_election=ge, resident=person)
    with pytest.raises(DomainError):
        count_board_member_add(conference=conference, actor=None, role="member", resident=person)
    with pytest.raises(DomainError):
        count_board_member_add(conference=conference, actor=None, role="member", full_name="Trần Thị Bình")
    assert not CountBoardMember.objects.filter(conference=conference).exists()


def test_board_account_must_be_a_count_account_of_the_group():
    ge, conference = _opened(households=4, present=3)
    other = election_with_register(households=1)
    with pytest.raises(DomainError):
        count_board_member_add(
            conference=conference, actor=None, role="member", full_name="Ai Đó", user=team_user(other.group)
        )
    member = count_board_member_add(
        conference=conference, actor=None, role="member", full_name="Ai Đó", user=team_user(ge.group)
    )
    assert member.user.group_id == ge.group_id


def test_details_update_and_schedule_locked_after_opening():
    ge, conference = _opened(households=3, present=2)
    conference_update(
        conference=conference, actor=None, opinions="Đề nghị sửa đường kiệt.", chair_position="Trưởng ban"
    )
    conference.refresh_from_db()
    assert conference.opinions == "Đề nghị sửa đường kiệt."
    with pytest.raises(DomainError):
        conference_update(conference=conference, actor=None, venue="Chỗ khác")


def test_minutes_pdf_reads_back():
    ge, conference = _opened(households=5, present=3)
    count_board_member_add(conference=conference, actor=None, role="head", full_name="Phan Văn Kiểm")
    conference_update(
        conference=conference,
        actor=None,
        guest_official="Lê Thị Cán Bộ",
        guest_cell_secretary="Hồ Văn Bí Thư",
        discussion="Các hộ thống nhất cao với báo cáo.",
        opinions="Đề nghị sửa đường kiệt 12.",
    )
    conference = conference_open_vote(conference=conference, actor=team_user(ge.group), voting_method="secret")
    text = pdf_text(minutes_pdf(conference))
    for expected in (
        "UBND PHƯỜNG HƯƠNG XUÂN",
        "BIÊN BẢN",
        "Hội nghị đại diện hộ gia đình",
        "I. THÀNH PHẦN THAM DỰ",
        "II. NỘI DUNG HỘI NGHỊ",
        "Lê Văn Chủ",
        "Trần Thị Thư",
        "Lê Thị Cán Bộ",
        "Hồ Văn Bí Thư",
        "60,00%",
        "bỏ phiếu kín",
        "Phan Văn Kiểm",
        "Đề nghị sửa đường kiệt 12.",
        "THƯ KÝ",
        "CHỦ TỌA",
    ):
        assert expected in text, expected
    # The header is dated the day the sitting opened, as the body says it (not the day it was first planned).
    opened = long_date(timezone.localtime(conference.opened_at).date())
    assert f"Hương Xuân, {opened}" in text
    assert f"phút, {opened}, tại" in " ".join(text.split())


def test_minutes_of_an_adjourned_sitting_say_why():
    ge = election_with_register(households=4)
    conference = schedule(ge)
    conference_adjourn(
        conference=conference,
        actor=None,
        reason="Không đủ quá nửa số hộ.",
        new_scheduled_at=DAY + datetime.timedelta(days=7),
    )
    conference.refresh_from_db()
    text = pdf_text(minutes_pdf(conference))
    assert "Không đủ quá nửa số hộ." in text and "ngày 17 tháng 01 năm 2021" in text
    assert "không đủ điều kiện" in text


@override_settings(MAX_ATTACHMENT_BYTES=1000)
def test_minutes_scan_type_and_size(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    ge, conference = _opened(households=3, present=2)
    with pytest.raises(DomainError):  # not before the vote
        conference_minutes_upload(
            conference=conference, actor=None, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
        )
    count_board_member_add(conference=conference, actor=None, role="head", full_name="Phan Văn Kiểm")
    conference = conference_open_vote(conference=conference, actor=team_user(ge.group), voting_method="hands")
    with pytest.raises(DomainError):
        conference_minutes_upload(
            conference=conference, actor=None, uploaded=SimpleUploadedFile("a.pdf", b"MZ not a pdf at all")
        )
    with pytest.raises(DomainError):
        conference_minutes_upload(
            conference=conference, actor=None, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 2000)
        )
    saved = conference_minutes_upload(
        conference=conference, actor=None, uploaded=SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0 jpeg bytes")
    )
    assert saved.minutes_scan_type == "image/jpeg" and saved.minutes_scan.name.endswith(".jpg")
    with saved.minutes_scan.open("rb") as handle:
        assert handle.read().startswith(b"\xff\xd8\xff")


# ------------------------------------------------------------------------- views


def test_conference_page_flow_for_a_team_member(client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    ge = election_with_register(households=4)
    conference = schedule(ge)
    member = team_user(ge.group)
    client = client_for(member)
    assert client.get(reverse("conference:detail", args=[conference.pk])).status_code == 200
    assert client.post(reverse("conference:open", args=[conference.pk])).status_code == 302
    _check_in(conference, 3)
    client.post(
        reverse("conference:board_member_add", args=[conference.pk]), {"full_name": "Phan Văn Kiểm", "role": "head"}
    )
    url = reverse("conference:open_vote", args=[conference.pk])
    # Irreversible: the first POST shows what will be recorded and records nothing.
    summary = client.post(url, {"voting_method": "secret"})
    assert summary.status_code == 200
    text = summary.content.decode()
    assert "Xác nhận: tiến hành bầu cử" in text and "Bỏ phiếu kín" in text and "Phan Văn Kiểm" in text
    assert "3/4" in text  # present of the electorate
    assert Conference.objects.get(pk=conference.pk).status == Conference.Status.OPEN
    back = client.post(url, {"voting_method": "secret", "step": "edit"})
    assert back.status_code == 302 and Conference.objects.get(pk=conference.pk).status == Conference.Status.OPEN
    response = client.post(url, {"voting_method": "secret", "step": "confirm"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == Conference.Status.VOTING
    upload = SimpleUploadedFile("bb.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    assert (
        client.post(reverse("conference:minutes_scan_upload", args=[conference.pk]), {"scan": upload}).status_code
        == 302
    )
    download = client.get(reverse("conference:minutes_scan", args=[conference.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    pdf = client.get(reverse("conference:minutes_pdf", args=[conference.pk]))
    assert pdf.status_code == 200 and io.BytesIO(pdf.content).read(5) == b"%PDF-"


def test_vote_refused_without_quorum_through_the_page(client_for):
    ge = election_with_register(households=4)
    conference = conference_open(conference=schedule(ge), actor=None)
    _check_in(conference, 2)
    client = client_for(team_user(ge.group))
    client.post(
        reverse("conference:board_member_add", args=[conference.pk]), {"full_name": "Phan Văn Kiểm", "role": "head"}
    )
    response = client.post(
        reverse("conference:open_vote", args=[conference.pk]),
        {"voting_method": "secret", "step": "confirm"},
        follow=True,
    )
    assert Conference.objects.get(pk=conference.pk).status == Conference.Status.OPEN
    assert "2" in response.content.decode() and "alert-danger" in response.content.decode()
    response = client.post(
        reverse("conference:adjourn", args=[conference.pk]),
        {"reason": "Không đủ quá nửa", "new_scheduled_at": "17/01/2021 08:00"},
    )
    assert response.status_code == 302
    assert Conference.objects.filter(group_election=ge, sequence=2, status="scheduled").exists()


def test_per_role_access_to_the_conference(client_for, make_user):
    ge = election_with_register(households=2)
    other = election_with_register(households=2)
    conference = schedule(ge)
    chairman = make_user(Role.CHAIRMAN)
    # The chairman sees the sitting and prints its minutes, but does not run it.
    assert client_for(chairman).get(reverse("conference:detail", args=[conference.pk])).status_code == 200
    assert client_for(chairman).get(reverse("conference:minutes_pdf", args=[conference.pk])).status_code == 200
    assert client_for(chairman).post(reverse("conference:open", args=[conference.pk])).status_code == 404
    # A team member of another group sees nothing of it.
    assert client_for(team_user(other.group)).get(reverse("conference:detail", args=[conference.pk])).status_code == 404
    # Only ward staff schedule.
    assert client_for(team_user(ge.group)).get(reverse("conference:schedule", args=[ge.pk])).status_code == 404
    assert (
        client_for(make_user(Role.WARD_OFFICIAL)).get(reverse("conference:schedule", args=[ge.pk])).status_code == 200
    )
    assert Conference.objects.get(pk=conference.pk).status == Conference.Status.SCHEDULED


def test_group_section_renders(rf, make_user):
    from django.template.loader import render_to_string

    ge = election_with_register(households=2)
    schedule(ge)
    request = rf.get("/")
    request.user = make_user(Role.WARD_OFFICIAL)
    html = render_to_string("conference/_group_section.html", {"group_election": ge}, request=request)
    assert reverse("conference:team", args=[ge.pk]) in html
    assert "conference/" in html and "/check-in/" in html
