"""Each group's page: stage and buttons, the legal calendar, refusals with reasons, the timeline, scoping."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib import admin as django_admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections import calendar
from elections.conference.models import Conference
from elections.count.models import Count, RecognitionDecision
from elections.count.services.recognition import decision_issue, default_proposer
from elections.count.services.result import revote_schedule
from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_submit
from elections.models import GroupElection, LegalProfile, Stage
from elections.services import (
    difficulty_report_create,
    difficulty_respond,
    group_election_approve_list,
    group_election_post_lists,
    group_election_start_preparing,
)
from elections.workflow import TransitionError, blocking_reasons
from tests.conference.countkit import DAY, Day
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


def _at_the_count(hx, code: str = "01") -> Day:
    """Group `code` after check-in and the opening of the vote: its conference is voting, the count is next."""
    plan_all(hx)
    GroupElection.objects.filter(pk=hx.ge(code).pk).update(stage=Stage.CONFERENCE_HELD)
    return Day(group_election=hx.ge(code), electorate=361, present=314)


def _seal(day: Day, votes: tuple[int, ...]) -> Count:
    """The two members enter the same figures (the count is accepted), the head seals it."""
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


def _writes() -> tuple:
    return (
        AuditEntry.objects.count(),
        Count.objects.count(),
        RecognitionDecision.objects.count(),
        list(GroupElection.objects.order_by("pk").values_list("stage", "stage_changed_at", "round")),
    )


def test_revote_keeps_the_history(hx):
    """Nobody elected by the sealed count: the re-vote's sitting moves the plan on, the first stays in the history."""
    day = _at_the_count(hx)
    _seal(day, (159, 149))
    ge = hx.ge("01")
    assert ge.stage == Stage.NO_WINNER and ge.revote_due == datetime.date(2021, 1, 25)
    with pytest.raises(DomainError) as late:
        revote_schedule(
            conference=day.conference,
            actor=hx.official,
            scheduled_at=datetime.datetime(2021, 1, 30, 8, tzinfo=TZ),
            venue="Nhà văn hóa",
        )
    assert "25/01/2021" in late.value.messages[0]
    revote_schedule(
        conference=day.conference,
        actor=hx.official,
        scheduled_at=datetime.datetime(2021, 1, 24, 8, tzinfo=TZ),
        venue="Hội trường tổ 1",
    )
    ge = hx.ge("01")
    assert ge.stage == Stage.REVOTE_SCHEDULED and ge.round == 2 and ge.planned_venue == "Hội trường tổ 1"
    entry = AuditEntry.objects.filter(event="stage_changed", group=ge.group).first()
    assert entry.before["planned_at"].startswith("2021-01-10") and entry.after["planned_at"].startswith("2021-01-24")
    assert [e.after["stage"] for e in AuditEntry.objects.filter(event="stage_changed", group=ge.group)] == [
        "revote_scheduled",
        "no_winner",
        "counted",
    ]
    steps = {s.code: s for s in calendar.group_calendar(ge, today=datetime.date(2021, 1, 20))}
    assert steps["election"].status == calendar.DONE
    assert steps["revote"].due == datetime.date(2021, 1, 25) and steps["revote"].status == calendar.DUE
    assert steps["recognition"].due == datetime.date(2021, 1, 29)  # 5 working days after Sunday 24/01


# ------------------------------------------------------------------ the side doors are closed


def test_chairman_cannot_recognise_by_the_move_url(hx, client_for):
    """Group elected, no decision: the chairman's POST to move/recognised/ is refused and writes nothing."""
    day = _at_the_count(hx)
    _seal(day, (200, 100))
    ge = hx.ge("01")
    assert ge.stage == Stage.ELECTED
    before = _writes()
    client = client_for(hx.chairman)
    response = client.post(reverse("elections:group_election_move", args=[ge.pk, Stage.RECOGNISED]), {"note": "x"})
    assert response.status_code == 403
    refusal = response.content.decode().split('id="refusal"')[1].split("</div>")[0]
    assert "quyết định công nhận" in refusal or "recognition decision" in refusal
    assert _writes() == before and hx.ge("01").stage == Stage.ELECTED
    # The page offers no such button; it says where the stage comes from.
    page = client.get(reverse("elections:group_election_detail", args=[ge.pk])).content.decode()
    assert "/move/" not in page and 'id="evidence-steps"' in page
    # The decision itself is the way: then the group is recognised.
    decision_issue(
        group_election=ge,
        actor=hx.chairman,
        number=1,
        decision_date=datetime.date(2021, 1, 12),
        recipients="Như Điều 3",
        proposer=default_proposer(ge),
    )
    assert hx.ge("01").stage == Stage.RECOGNISED


def test_ward_official_cannot_count_or_elect_by_the_move_url(hx, client_for):
    """After check-in and the opening of the vote, move/counted/ and move/elected/ are refused, nothing written."""
    day = _at_the_count(hx)
    ge = hx.ge("01")
    assert Conference.objects.get(group_election=ge).status == Conference.Status.VOTING
    before = _writes()
    client = client_for(hx.official)
    for target in (Stage.COUNTED, Stage.ELECTED, Stage.NO_WINNER, Stage.REVOTE_SCHEDULED, Stage.CONFERENCE_HELD):
        response = client.post(reverse("elections:group_election_move", args=[ge.pk, target]))
        assert response.status_code == 403, target
        assert 'id="refusal"' in response.content.decode()
        assert _writes() == before and hx.ge("01").stage == Stage.CONFERENCE_HELD
    # Every role alike, and an unknown stage is not found.
    for user in (hx.front, hx.chairman, hx.member, hx.inspection, hx.secretary, day.head):
        response = client_for(user).post(reverse("elections:group_election_move", args=[ge.pk, Stage.COUNTED]))
        assert response.status_code in (403, 404)
    assert client_for(hx.official).post(f"/elections/groups/{ge.pk}/move/nowhere/").status_code == 404
    assert _writes() == before
    # The double entry is the way: then the group is counted, and the seal says elected.
    _seal(day, (200, 100))
    assert hx.ge("01").stage == Stage.ELECTED


def test_system_administrator_cannot_change_a_stage_in_the_django_admin(hx, client_for, make_user):
    plan_all(hx)
    ge = hx.ge("01")
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client = client_for(admin)
    change = reverse("admin:elections_groupelection_change", args=[ge.pk])
    assert client.get(change).status_code == 200  # read-only
    before = _writes()
    response = client.post(change, {"stage": Stage.RECOGNISED, "group": ge.group.pk, "campaign": ge.campaign.pk})
    assert response.status_code == 403
    changelist = reverse("admin:elections_groupelection_changelist")
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [ge.pk]})
    assert _writes() == before and hx.ge("01").stage == Stage.PLANNED
    # No record an election stage stands on can be added, changed or deleted there either.
    request = RequestFactory().get("/admin/")
    request.user = admin
    for model, model_admin in django_admin.site._registry.items():
        if model._meta.app_label in ("elections", "conference", "candidates", "termreports"):
            assert not model_admin.has_add_permission(request), model
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_delete_permission(request), model
            assert "delete_selected" not in model_admin.get_actions(request), model


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
