"""Each group's page: stage and buttons, the legal calendar, refusals with reasons, the timeline, scoping."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from config.errors import DomainError
from elections import calendar
from elections.models import LegalProfile, Stage
from elections.services import (
    difficulty_report_create,
    difficulty_respond,
    group_election_approve_list,
    group_election_declare_no_winner,
    group_election_hold_conference,
    group_election_post_lists,
    group_election_record_count,
    group_election_schedule_revote,
    group_election_start_preparing,
)
from elections.workflow import TransitionError, blocking_reasons
from tests.elections.conftest import TZ, plan_all

pytestmark = pytest.mark.django_db


def _calendar_rows(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-step="(\w+)">(.*?)</tr>', html, re.S))


def test_worked_deadlines_on_the_group_page(hx, client_for):
    ge = hx.ge("01")
    page = client_for(hx.official).get(reverse("elections:group_election_detail", args=[ge.pk])).content.decode()
    rows = _calendar_rows(page)
    assert "21/12/2020" in rows["plan"]
    assert "26/12/2020" in rows["candidate_list"]
    assert "31/12/2020" in rows["team_decision"]
    assert "03/01/2021" in rows["posting"]
    assert "10/01/2021" in rows["election"]
    assert "15/01/2021" in rows["recognition"]  # 5 working days after Sunday 10/01/2021
    assert "Chủ tịch" in rows["recognition"] or "Chairman" in rows["recognition"]


def test_calendar_status_follows_the_stage(hx, only_own_hooks):
    today = datetime.date(2020, 12, 27)
    ge = hx.ge("01")
    status = {s.code: s.status for s in calendar.group_calendar(ge, today=today)}
    assert status["plan"] == calendar.OVERDUE and status["candidate_list"] == calendar.OVERDUE
    assert status["team_decision"] == calendar.DUE and status["recognition"] == calendar.DUE
    plan_all(hx)
    ge = hx.ge("01")
    group_election_start_preparing(group_election=ge, actor=hx.official)
    group_election_approve_list(group_election=ge, actor=hx.official)
    status = {s.code: s.status for s in calendar.group_calendar(hx.ge("01"), today=today)}
    assert status["plan"] == calendar.DONE and status["candidate_list"] == calendar.DONE
    assert status["posting"] == calendar.DUE
    posted = group_election_post_lists(group_election=hx.ge("01"), actor=hx.official)
    assert posted.list_posted_at is not None and posted.stage == Stage.LISTS_POSTED
    status = {s.code: s.status for s in calendar.group_calendar(posted, today=datetime.date(2021, 2, 1))}
    assert status["posting"] == calendar.DONE and status["team_decision"] == calendar.DONE
    assert status["election"] == calendar.OVERDUE and status["recognition"] == calendar.OVERDUE


def test_calendar_of_the_2023_profile_names_the_committee(hx):
    hx.campaign.legal_profile = LegalProfile.objects.get(code="2023")
    steps = calendar.group_calendar(hx.ge("01"))
    recognition = next(s for s in steps if s.code == "recognition")
    assert recognition.due == datetime.date(2021, 1, 15)
    assert "Committee" in recognition.responsible or "Ủy ban" in recognition.responsible


def test_transition_refused_with_every_reason_then_done(hx, client_for):
    ge = hx.ge("01")
    with pytest.raises(TransitionError) as refused:
        group_election_start_preparing(group_election=ge, actor=hx.official)
    (reason,) = refused.value.reasons
    assert "Tổ dân phố 1" in reason
    assert hx.ge("01").stage == Stage.PLANNED
    # Through the page: the refusal and its reasons are shown, nothing moves.
    url = reverse("elections:group_election_move", args=[ge.pk, Stage.PREPARING])
    response = client_for(hx.official).post(url)
    assert response.status_code == 422
    refusal = response.content.decode().split('id="refusal"')[1].split("</div>")[0]
    assert "Tổ dân phố 1" in refusal and reason in refusal.replace("&ldquo;", "“")
    # A role that may not move the group gets its own reason, together with the plan's.
    reasons = blocking_reasons(ge, Stage.PREPARING, actor=hx.secretary)
    assert len(reasons) == 2
    plan_all(hx)
    client_for(hx.official).post(url, {"note": "Bắt đầu chuẩn bị nhân sự"})
    assert hx.ge("01").stage == Stage.PREPARING
    entry = AuditEntry.objects.filter(event="stage_changed", group=ge.group).first()
    assert entry.before == {"stage": "planned"} and entry.after == {"stage": "preparing"}
    assert entry.note == "Bắt đầu chuẩn bị nhân sự" and entry.actor == hx.official
    # Moving back to an earlier stage is refused.
    with pytest.raises(TransitionError):
        group_election_start_preparing(group_election=hx.ge("01"), actor=hx.official)


def test_buttons_per_role(hx, client_for):
    plan_all(hx)
    ge = hx.ge("01")
    url = reverse("elections:group_election_detail", args=[ge.pk])
    preparing = reverse("elections:group_election_move", args=[ge.pk, Stage.PREPARING])
    assert preparing in client_for(hx.official).get(url).content.decode()
    assert preparing not in client_for(hx.secretary).get(url).content.decode()
    assert preparing not in client_for(hx.chairman).get(url).content.decode()
    # The secretary posting anyway is refused with the reason.
    response = client_for(hx.secretary).post(preparing)
    assert response.status_code == 422 and 'id="refusal"' in response.content.decode()
    assert hx.ge("01").stage == Stage.PLANNED


def test_revote_keeps_the_history(hx, only_own_hooks):
    plan_all(hx)
    ge = hx.ge("01")
    for move in (group_election_start_preparing, group_election_approve_list, group_election_post_lists):
        move(group_election=ge, actor=hx.official)
    group_election_hold_conference(group_election=ge, actor=hx.official)
    group_election_record_count(group_election=ge, actor=hx.official)
    ge = group_election_declare_no_winner(group_election=ge, actor=hx.official)
    assert ge.revote_due == datetime.date(2021, 1, 25)
    with pytest.raises(DomainError) as late:
        group_election_schedule_revote(
            group_election=ge, actor=hx.official, at=datetime.datetime(2021, 1, 30, 8, tzinfo=TZ), venue="Nhà văn hóa"
        )
    assert "25/01/2021" in late.value.messages[0]
    ge = group_election_schedule_revote(
        group_election=ge, actor=hx.official, at=datetime.datetime(2021, 1, 24, 8, tzinfo=TZ), venue="Hội trường tổ 1"
    )
    assert ge.stage == Stage.REVOTE_SCHEDULED and ge.round == 2 and ge.planned_venue == "Hội trường tổ 1"
    entry = AuditEntry.objects.filter(event="stage_changed", group=ge.group).first()
    assert entry.before["planned_at"].startswith("2021-01-10") and entry.after["planned_at"].startswith("2021-01-24")
    steps = {s.code: s for s in calendar.group_calendar(ge, today=datetime.date(2021, 1, 20))}
    assert steps["election"].status == calendar.DONE
    assert steps["revote"].due == datetime.date(2021, 1, 25) and steps["revote"].status == calendar.DUE
    assert steps["recognition"].due == datetime.date(2021, 1, 29)  # 5 working days after Sunday 24/01


def test_scoping_404(hx, client_for):
    ge1, ge3 = hx.ge("01"), hx.ge("03")
    detail = "elections:group_election_detail"
    assert client_for(hx.secretary).get(reverse(detail, args=[ge1.pk])).status_code == 200
    assert client_for(hx.secretary).get(reverse(detail, args=[ge3.pk])).status_code == 404
    assert client_for(hx.team).get(reverse(detail, args=[ge1.pk])).status_code == 200
    assert client_for(hx.team).get(reverse(detail, args=[hx.ge("02").pk])).status_code == 404
    assert (
        client_for(hx.secretary).post(reverse("elections:group_election_move", args=[ge3.pk, "preparing"])).status_code
        == 404
    )
    assert client_for(hx.member).get(reverse(detail, args=[ge3.pk])).status_code == 200  # ward-wide reading
    assert client_for(hx.official).get(reverse(detail, args=[999999])).status_code == 404


def test_timeline_shows_every_action(hx, client_for):
    plan_all(hx)
    ge = hx.ge("01")
    group_election_start_preparing(group_election=ge, actor=hx.official)
    report = difficulty_report_create(
        actor=hx.member, campaign=hx.campaign, group=ge.group, title="Thiếu người ứng cử", description="Chưa có ai."
    )
    difficulty_respond(report=report, actor=hx.chairman, text="Giao chi bộ xử lý.", status="resolved")
    page = client_for(hx.secretary).get(reverse("elections:group_election_detail", args=[ge.pk])).content.decode()
    timeline = page[page.index('id="timeline"') :]
    events = [e.event for e in AuditEntry.objects.filter(group=ge.group)]
    assert events == [
        "difficulty_responded",
        "difficulty_reported",
        "stage_changed",
        "plan_updated",
        "group_election_opened",
    ]
    # Newest first, with actor names and before -> after.
    positions = [timeline.index(name) for name in ("Lê Quang Vinh", "Phan Đình Tâm", "Nguyễn Thị Thu Hà")]
    assert positions == sorted(positions)
    assert "Nhà văn hóa tổ dân phố 1" in timeline and "10/01/2021 07:30" in timeline
    assert "Giao chi bộ xử lý." in timeline and "→" in timeline
    assert timezone.localtime(AuditEntry.objects.filter(group=ge.group).first().at).strftime("%d/%m/%Y") in timeline


def test_sub_app_sections_are_included_when_present(hx, client_for, tmp_path, settings):
    section = tmp_path / "candidates" / "_group_section.html"
    section.parent.mkdir()
    section.write_text("<section id='cands'>{{ group.name }} / {{ group_election.pk }} / {{ user.username }}</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    ge = hx.ge("01")
    page = client_for(hx.official).get(reverse("elections:group_election_detail", args=[ge.pk])).content.decode()
    assert f"<section id='cands'>Tổ dân phố 1 / {ge.pk} / ubnd</section>" in page
