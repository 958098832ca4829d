"""The term report's services: writing, the review workflow, refusals, the conference gate, the audit."""

import datetime

import pytest
from django.utils import timezone, translation

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.termreports import services
from elections.termreports.models import TermReport, TermReportStep
from elections.termreports.selectors import conference_opening_blocker, report_figures
from tests.factories import CampaignFactory, GroupElectionFactory
from tests.termreports.factories import COMPLETE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; the Vietnamese ones are asserted in the tests marked so."""
    with translation.override("en"):
        yield


def events(report):
    return list(
        AuditEntry.objects.filter(object_type="termreports.termreport", object_id=str(report.pk))
        .order_by("id")
        .values_list("event", flat=True)
    )


def write(ge, actor, **overrides):
    return services.term_report_save(group_election=ge, actor=actor, data={**COMPLETE, **overrides})


def test_save_creates_a_draft_with_the_registers_leader_and_audits(ge, secretary, group):
    report = services.term_report_save(group_election=ge, actor=secretary, data={"situation": " Tổ đoàn kết. "})
    assert report.status == TermReport.Status.DRAFT
    assert report.term_label == "2018-2020"
    assert report.leader_name == "Hoàng Văn Lực"
    assert report.leader_term.group_id == group.pk
    assert report.situation == "Tổ đoàn kết."
    assert report.start_source == TermReport.StartSource.GROUP
    entry = AuditEntry.objects.get(event="term_report_created")
    assert entry.group_id == group.pk and entry.actor_id == secretary.pk
    assert entry.after["situation"] == "Tổ đoàn kết."


def test_a_typed_leader_name_is_replaced_by_the_register(ge, secretary):
    report = services.term_report_save(group_election=ge, actor=secretary, data={"leader_name": "Ai đó"})
    assert report.leader_name == "Hoàng Văn Lực"


def test_changes_to_a_draft_are_audited_field_by_field(ge, secretary):
    report = write(ge, secretary)
    services.term_report_save(group_election=ge, actor=secretary, data={"lessons": "Bài học mới."})
    entry = AuditEntry.objects.filter(event="term_report_changed").get()
    assert entry.before == {"lessons": COMPLETE["lessons"]}
    assert entry.after == {"lessons": "Bài học mới."}
    report.refresh_from_db()
    assert report.lessons == "Bài học mới."
    # saving with no change writes no entry
    services.term_report_save(group_election=ge, actor=secretary, data={"lessons": "Bài học mới."})
    assert AuditEntry.objects.filter(event="term_report_changed").count() == 1


def test_submit_freezes_the_register_figures(ge, secretary):
    report = services.term_report_submit(report=write(ge, secretary), actor=secretary)
    assert report.status == TermReport.Status.SUBMITTED
    assert report.end_figures() == {"households": 3, "residents": 6, "voters": 3, "party_members": 2}
    assert report.end_counted_on == timezone.localdate()
    assert report.submitted_by == secretary
    entry = AuditEntry.objects.get(event="term_report_submitted")
    assert entry.after["households"] == 3 and entry.after["status"] == "submitted"
    assert report.steps.get().kind == TermReportStep.Kind.SUBMITTED


def test_submit_refuses_an_incomplete_report_naming_the_empty_sections(ge, secretary):
    report = write(ge, secretary, lessons="", start_voters=None)
    with pytest.raises(DomainError) as exc:
        services.term_report_submit(report=report, actor=secretary)
    text = exc.value.messages[0]
    assert "lessons learned" in text and "voters at the start of the term" in text
    report.refresh_from_db()
    assert report.status == TermReport.Status.DRAFT and report.end_households is None


def test_a_future_report_date_is_refused(ge, secretary):
    with pytest.raises(DomainError) as exc:
        write(ge, secretary, report_date=timezone.localdate() + datetime.timedelta(days=2))
    assert exc.value.field == "report_date"
    assert not TermReport.objects.exists()


def test_leader_name_must_be_typed_when_the_register_does_not_know_the_leader(other_ge, other_secretary):
    report = write(other_ge, other_secretary)
    assert report.leader_term is None and report.leader_name == ""
    with pytest.raises(DomainError, match="outgoing leader"):
        services.term_report_submit(report=report, actor=other_secretary)
    services.term_report_save(group_election=other_ge, actor=other_secretary, data={"leader_name": "Võ Thị Hạnh"})
    report = services.term_report_submit(report=report, actor=other_secretary)
    assert report.leader_name == "Võ Thị Hạnh"


def test_start_figures_come_from_the_previous_campaigns_accepted_report(ward, group, secretary, official, ge):
    old = CampaignFactory(
        ward=ward,
        label="2018-2020",
        previous_term_label="2016-2018",
        term_start=datetime.date(2018, 7, 8),
        term_end=datetime.date(2020, 12, 31),
        election_day=datetime.date(2018, 7, 8),
        is_current=False,
    )
    old_ge = GroupElectionFactory(campaign=old, group=group)
    old_report = write(old_ge, secretary, leader_name="Phan Văn Cũ")
    old_report = services.term_report_submit(report=old_report, actor=secretary)
    services.term_report_review(report=old_report, actor=secretary)
    services.term_report_accept(report=old_report, actor=official)
    report = write(ge, secretary, start_households=999)
    assert report.start_source == TermReport.StartSource.SNAPSHOT
    assert report.start_households == 3  # the old report's end figure, not the typed 999
    figures = report_figures(report=report, group_election=ge)
    assert not figures["start_from_group"]


def test_full_path_with_returns_at_both_steps(ge, secretary, official, group):
    report = services.term_report_submit(report=write(ge, secretary), actor=secretary)
    report = services.term_report_return(report=report, actor=secretary, comment="Bổ sung số liệu quỹ.")
    assert report.status == TermReport.Status.DRAFT
    services.term_report_save(group_election=ge, actor=secretary, data={"contributions_funds": "38 triệu đồng."})
    report = services.term_report_submit(report=report, actor=secretary)
    report = services.term_report_review(report=report, actor=secretary, comment="Đạt yêu cầu.")
    assert report.status == TermReport.Status.REVIEWED and report.reviewed_by == secretary
    report = services.term_report_return(report=report, actor=official, comment="Nêu rõ số hộ nghèo.")
    assert report.status == TermReport.Status.DRAFT and report.reviewed_at is None
    report = services.term_report_submit(report=report, actor=secretary)
    report = services.term_report_review(report=report, actor=secretary)
    report = services.term_report_accept(report=report, actor=official, comment="Chấp nhận.")
    assert report.status == TermReport.Status.ACCEPTED
    assert report.accepted_by == official and report.accepted_at is not None
    history = list(report.steps.order_by("id").values_list("kind", "from_status", "comment"))
    assert history == [
        ("submitted", "draft", ""),
        ("returned", "submitted", "Bổ sung số liệu quỹ."),
        ("submitted", "draft", ""),
        ("reviewed", "submitted", "Đạt yêu cầu."),
        ("returned", "reviewed", "Nêu rõ số hộ nghèo."),
        ("submitted", "draft", ""),
        ("reviewed", "submitted", ""),
        ("accepted", "reviewed", "Chấp nhận."),
    ]
    assert events(report) == [
        "term_report_created",
        "term_report_submitted",
        "term_report_returned",
        "term_report_changed",
        "term_report_submitted",
        "term_report_reviewed",
        "term_report_returned",
        "term_report_submitted",
        "term_report_reviewed",
        "term_report_accepted",
    ]
    returned = AuditEntry.objects.filter(event="term_report_returned").order_by("id")
    assert [e.note for e in returned] == ["Bổ sung số liệu quỹ.", "Nêu rõ số hộ nghèo."]
    assert all(e.group_id == group.pk for e in returned)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("review", "only a submitted report can be reviewed"),
        ("accept", "only a report reviewed by the cell secretary can be accepted"),
        ("return", "only a submitted or reviewed report can be returned"),
    ],
)
def test_out_of_order_steps_on_a_draft_are_refused(ge, secretary, official, step, message):
    report = write(ge, secretary)
    actor = official if step == "accept" else secretary
    with pytest.raises(DomainError, match=message):
        if step == "review":
            services.term_report_review(report=report, actor=actor)
        elif step == "accept":
            services.term_report_accept(report=report, actor=actor)
        else:
            services.term_report_return(report=report, actor=actor, comment="x")
    report.refresh_from_db()
    assert report.status == TermReport.Status.DRAFT
    assert not report.steps.exists()


def test_submitted_report_cannot_be_edited_submitted_again_or_accepted(ge, secretary, official):
    report = services.term_report_submit(report=write(ge, secretary), actor=secretary)
    with pytest.raises(DomainError, match="only as a draft"):
        services.term_report_save(group_election=ge, actor=secretary, data={"lessons": "x"})
    with pytest.raises(DomainError, match="only a draft can be submitted"):
        services.term_report_submit(report=report, actor=secretary)
    with pytest.raises(DomainError, match="only a report reviewed"):
        services.term_report_accept(report=report, actor=official)
    report.refresh_from_db()
    assert report.lessons == COMPLETE["lessons"] and report.status == TermReport.Status.SUBMITTED


def test_return_needs_a_comment(ge, secretary):
    report = services.term_report_submit(report=write(ge, secretary), actor=secretary)
    with pytest.raises(DomainError) as exc:
        services.term_report_return(report=report, actor=secretary, comment="   ")
    assert exc.value.field == "comment"
    report.refresh_from_db()
    assert report.status == TermReport.Status.SUBMITTED


@pytest.mark.parametrize("role", [Role.TEAM_MEMBER, Role.CHAIRMAN, Role.COMMITTEE_MEMBER, Role.INSPECTION])
def test_roles_that_may_not_write(ge, make_user, group, role):
    actor = make_user(role, group=group) if role == Role.TEAM_MEMBER else make_user(role)
    with pytest.raises(DomainError, match="may write its term report"):
        write(ge, actor)
    assert not TermReport.objects.exists()


def test_ward_staff_may_write(ge, make_user):
    for role in (Role.WARD_OFFICIAL, Role.FRONT_OFFICIAL):
        services.term_report_save(group_election=ge, actor=make_user(role), data={"lessons": role})
    assert TermReport.objects.get().lessons == Role.FRONT_OFFICIAL


def test_secretary_of_another_cell_can_neither_write_nor_review(ge, secretary, other_secretary):
    with pytest.raises(DomainError):
        write(ge, other_secretary)
    report = services.term_report_submit(report=write(ge, secretary), actor=secretary)
    with pytest.raises(DomainError, match="secretary of the Party cell"):
        services.term_report_review(report=report, actor=other_secretary)
    with pytest.raises(DomainError):
        services.term_report_return(report=report, actor=other_secretary, comment="Không đạt.")


def test_ward_official_cannot_review_and_secretary_cannot_accept(ge, secretary, official):
    report = services.term_report_submit(report=write(ge, secretary), actor=secretary)
    with pytest.raises(DomainError, match="secretary of the Party cell"):
        services.term_report_review(report=report, actor=official)
    report = services.term_report_review(report=report, actor=secretary)
    with pytest.raises(DomainError, match="ward official in charge"):
        services.term_report_accept(report=report, actor=secretary)
    with pytest.raises(DomainError, match="ward official in charge"):
        services.term_report_return(report=report, actor=secretary, comment="Tự trả lại.")


def test_only_the_official_in_charge_accepts_when_one_is_assigned(ge, secretary, official, make_user):
    ge.official_in_charge = official
    ge.save(update_fields=["official_in_charge"])
    colleague = make_user(Role.WARD_OFFICIAL, full_name="Cán bộ khác")
    report = services.term_report_submit(report=write(ge, secretary), actor=secretary)
    report = services.term_report_review(report=report, actor=secretary)
    with pytest.raises(DomainError, match="Nguyễn Thị Thu Hà is the ward official in charge"):
        services.term_report_accept(report=report, actor=colleague)
    assert services.term_report_accept(report=report, actor=official).is_accepted


def test_a_front_official_in_charge_does_not_lock_out_the_ward_officials(ge, secretary, official, make_user):
    ge.official_in_charge = make_user(Role.FRONT_OFFICIAL)
    ge.save(update_fields=["official_in_charge"])
    report = services.term_report_review(
        report=services.term_report_submit(report=write(ge, secretary), actor=secretary), actor=secretary
    )
    assert services.term_report_accept(report=report, actor=official).is_accepted


# ---------------------------------------------------------------- the conference gate


def test_conference_opening_blocker_follows_the_report(ge, secretary, official):
    assert "has not been written yet" in conference_opening_blocker(ge)
    report = write(ge, secretary)
    assert "still a draft" in conference_opening_blocker(ge)
    report = services.term_report_submit(report=report, actor=secretary)
    assert "awaits the cell secretary's review" in conference_opening_blocker(ge)
    report = services.term_report_review(report=report, actor=secretary)
    assert "awaits acceptance" in conference_opening_blocker(ge)
    services.term_report_accept(report=report, actor=official)
    assert conference_opening_blocker(ge) is None


def test_blocker_and_refusals_read_in_vietnamese(ge, secretary):
    with translation.override("vi"):
        assert conference_opening_blocker(ge) == (
            "Chưa thể khai mạc hội nghị của Tổ dân phố 5: báo cáo tổng kết nhiệm kỳ 2018-2020 của tổ trưởng "
            "chưa được xây dựng."
        )
        report = write(ge, secretary, lessons="")
        with pytest.raises(DomainError) as exc:
            services.term_report_submit(report=report, actor=secretary)
        assert exc.value.messages == [
            "Chưa thể nộp báo cáo của Tổ dân phố 5; các mục còn để trống: bài học kinh nghiệm."
        ]
        with pytest.raises(DomainError) as exc:
            services.term_report_review(report=report, actor=secretary)
        assert "chỉ duyệt được báo cáo đã nộp" in exc.value.messages[0]


def test_override_lets_the_conference_open_and_is_audited(ge, secretary, official):
    write(ge, secretary)
    services.term_report_override_record(group_election=ge, actor=official, reason="Tổ trưởng ốm nặng.")
    ge.refresh_from_db()
    assert ge.report_override_reason == "Tổ trưởng ốm nặng." and ge.report_override_by == official
    assert conference_opening_blocker(ge) is None
    entry = AuditEntry.objects.get(event="term_report_override_recorded")
    assert entry.note == "Tổ trưởng ốm nặng." and entry.group_id == ge.group_id
    assert entry.after["report_override_by"] == official.pk
    services.term_report_override_withdraw(group_election=ge, actor=official)
    ge.refresh_from_db()
    assert "still a draft" in conference_opening_blocker(ge)
    assert AuditEntry.objects.filter(event="term_report_override_withdrawn", group=ge.group).exists()


def test_override_refusals(ge, secretary, official, make_user):
    with pytest.raises(DomainError) as exc:
        services.term_report_override_record(group_election=ge, actor=official, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError, match="Only a ward official"):
        services.term_report_override_record(group_election=ge, actor=secretary, reason="Gấp.")
    with pytest.raises(DomainError, match="Only a ward official"):
        services.term_report_override_record(group_election=ge, actor=make_user(Role.FRONT_OFFICIAL), reason="Gấp.")
    with pytest.raises(DomainError, match="no override to withdraw"):
        services.term_report_override_withdraw(group_election=ge, actor=official)
    report = services.term_report_review(
        report=services.term_report_submit(report=write(ge, secretary), actor=secretary), actor=secretary
    )
    services.term_report_accept(report=report, actor=official)
    with pytest.raises(DomainError, match="already accepted"):
        services.term_report_override_record(group_election=ge, actor=official, reason="Gấp.")
    ge.refresh_from_db()
    assert ge.report_override_reason == ""
    assert not AuditEntry.objects.filter(event__startswith="term_report_override").exists()
