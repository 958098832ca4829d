"""The timeline shows figures kept as JSON (invalid ballots by reason, votes) in words, not as raw data."""

import pytest
from django.utils import translation

from audit.services import audit_log
from elections.audit_display import changes, event_label
from tests.factories import GroupElectionFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_count_figures_read_as_words_with_candidate_names():
    from elections.candidates.models import Candidate

    ge = GroupElectionFactory()
    resident = ResidentFactory(household__group=ge.group, full_name="Đỗ Đình Đức")
    nominator = UserFactory(ward=ge.group.ward)
    candidate = Candidate.objects.create(group_election=ge, resident=resident, source="self", nominated_by=nominator)
    entry = audit_log(
        actor=None,
        obj=ge,
        event="count_entered",
        after={"invalid_by_reason": {"no_stamp": 2, "other": 0}, "votes": {str(candidate.pk): 159}},
        group=ge.group,
    )
    with translation.override("vi"):
        shown = {c.label: c.after for c in changes(entry)}
        assert shown["Số phiếu của từng người ứng cử"] == "Đỗ Đình Đức: 159"
        (reason_label,) = [k for k in shown if k.startswith("Phiếu không hợp lệ")]
        assert "2" in shown[reason_label] and "Khác" not in shown[reason_label]
        assert event_label("count_entered") == "Nhập kết quả kiểm phiếu"
        # A status with the same English words elsewhere keeps its own translation.
        assert str(translation.gettext("Term report accepted")) != "Chấp nhận báo cáo nhiệm kỳ"


def test_a_changed_foreign_key_shows_the_name_not_the_id(django_assert_max_num_queries):
    from elections.audit_display import runs
    from elections.candidates.models import Candidate
    from residents.models import Resident

    ge = GroupElectionFactory()
    first = ResidentFactory(household__group=ge.group, full_name="Lê Văn Tám")
    second = ResidentFactory(household__group=ge.group, full_name="Trần Thị Hoa")
    nominator = UserFactory(ward=ge.group.ward)
    candidate = Candidate.objects.create(group_election=ge, resident=first, source="self", nominated_by=nominator)
    entries = [
        audit_log(
            actor=None,
            obj=candidate,
            event="candidate_nominated",
            before={"resident": first.pk},
            after={"resident": second.pk},
            group=ge.group,
        ),
        audit_log(actor=None, obj=candidate, event="candidate_rejected", after={"resident": 999999}, group=ge.group),
    ]
    assert Resident.objects.filter(pk=999999).count() == 0
    with django_assert_max_num_queries(1):  # one query for the residents of both entries
        timeline = runs(entries)
    shown = [(c.before, c.after) for run in timeline for item in run.items for c in item["changes"]]
    assert ("Lê Văn Tám", "Trần Thị Hoa") in shown
    assert ("—", "999999") in shown  # a row that is gone keeps its id


def test_a_name_kept_under_a_relation_key_is_shown_as_written():
    from elections.audit_display import runs

    ge = GroupElectionFactory()
    entry = audit_log(actor=None, obj=ge, event="campaign_updated", after={"campaign": "2021-2023"}, group=ge.group)
    [run] = runs([entry])
    assert [(c.before, c.after) for c in run.items[0]["changes"]] == [("—", "2021-2023")]
