import io

import pytest

from audit.models import AuditEntry
from elections.candidates import demo
from elections.candidates.models import Candidate, CandidateListFreeze, Complaint
from elections.candidates.selectors import ballot_candidates
from elections.models import GroupElection, Stage


@pytest.fixture
def demo_ward(db, settings):
    import elections.demo
    import elections.termreports.demo
    import residents.demo

    out = io.StringIO()
    residents.demo.load(stdout=out, households_scale=0.1)
    elections.demo.load(stdout=out)
    elections.termreports.demo.load(stdout=out)
    return out


def test_demo_candidates_stages_and_idempotence(demo_ward):
    out = io.StringIO()
    demo.load(stdout=out)
    stages = {ge.group.code: ge.stage for ge in GroupElection.objects.select_related("group")}
    assert all(stages[f"{n:02d}"] == Stage.LISTS_POSTED for n in range(1, 9)), out.getvalue()
    assert stages["09"] == stages["10"] == Stage.LIST_APPROVED
    assert stages["11"] == stages["12"] == Stage.PREPARING
    for code in [f"{n:02d}" for n in range(1, 11)]:
        ge = GroupElection.objects.get(group__code=code)
        approved = ballot_candidates(ge)
        assert len(approved) == 2
        has_member = any(c.resident.is_party_member for c in approved)
        assert has_member == (code not in demo.NO_PARTY_MEMBER_GROUPS)
    assert CandidateListFreeze.objects.count() == 8
    assert Complaint.objects.filter(status="concluded").count() == 1
    open_complaint = Complaint.objects.exclude(status="concluded").get()
    assert open_complaint.candidate.group_election.group.code == "11"
    assert Candidate.objects.filter(group_election__group__code="12").count() == 1
    before = (Candidate.objects.count(), AuditEntry.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Candidate.objects.count(), AuditEntry.objects.count()) == before
