"""Papers that prove themselves: the fingerprint printed on a paper is that of its figures and names, it is
registered when the record is sealed / issued / posted, and the public verify page tells current,
superseded (with the corrigendum's date and reason) or unknown."""

from __future__ import annotations

import datetime
import unicodedata
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from elections.conference.papers import minutes_pdf, team_decision_pdf
from elections.conference.services.team import team_decision_record, team_member_add
from elections.count.fingerprints import count_record_payload, minutes_payload
from elections.count.models import CountVote
from elections.count.papers import count_record_pdf, recognition_decision_pdf
from elections.count.services.recognition import decision_issue
from elections.count.services.result import count_correct
from elections.models import Stage
from tests.conference.countkit import Day, fast_passwords, pdf_text  # noqa: F401
from tests.publicview.kit import pdf_qr_codes, sealed
from verification.fingerprint import canonical_bytes, fingerprint, normalise_code, short_form
from verification.models import PaperFingerprint, PaperKind

pytestmark = pytest.mark.django_db


def _state(client, code: str) -> str:
    response = client.get(reverse("publicview:verify", kwargs={"code": code}))
    assert response.status_code == 200
    text = response.content.decode()
    states = [s for s in ("current", "superseded", "unknown") if f'data-state="{s}"' in text]
    assert len(states) == 1, text
    return states[0]


# ---------------------------------------------------------------- the canonical form


def test_the_fingerprint_depends_on_the_figures_not_on_their_order_or_unicode_form():
    payload = {"group": "Tổ dân phố 1", "votes": [["Nguyễn Văn An", 200, "55,40%"]], "date": datetime.date(2021, 1, 10)}
    same = {"date": datetime.date(2021, 1, 10), "votes": [["Nguyễn Văn An", 200, "55,40%"]], "group": "Tổ dân phố 1"}
    decomposed = payload | {"group": unicodedata.normalize("NFD", "Tổ dân phố 1")}
    assert fingerprint(payload) == fingerprint(same) == fingerprint(decomposed)
    assert canonical_bytes(payload).startswith(b'{"date":"2021-01-10","group"')
    changed = payload | {"votes": [["Nguyễn Văn An", 201, "55,40%"]]}
    assert fingerprint(changed) != fingerprint(payload)
    assert len(fingerprint(payload)) == 64


def test_times_and_floats_are_refused_in_a_payload():
    with pytest.raises(TypeError):
        fingerprint({"at": datetime.datetime(2021, 1, 10, 8, 0)})
    with pytest.raises(TypeError):
        fingerprint({"percent": 44.04})


def test_codes_typed_by_hand_are_normalised():
    assert normalise_code("3F2A-91bc 04D7") == "3f2a91bc04d7"
    assert normalise_code("not hex!") == ""
    assert short_form("3f2a91bc04d7e55a" + "0" * 48) == "3F2A-91BC-04D7-E55A"


# ---------------------------------------------------------------- the count record, end to end


def test_the_qr_code_of_the_sealed_count_record_opens_a_page_that_says_it_matches(client):
    day = Day(electorate=361, present=314)
    sealed(day, (200, 110), invalid={"no_stamp": 4})
    pdf = count_record_pdf(day.conference)
    expected = fingerprint(count_record_payload(day.conference))
    # The paper shows the short code in words...
    assert short_form(expected) in pdf_text(pdf)
    # ...and a QR code (read from the printed page as an image) linking to the verify page of its fingerprint.
    codes = pdf_qr_codes(pdf)
    assert len(codes) == 1
    url = urlsplit(codes[0])
    assert url.path == reverse("publicview:verify", kwargs={"code": expected})
    assert _state(client, expected) == "current"
    page = client.get(url.path).content.decode()
    for figure in ("361", "314", "Nguyễn Văn An", "200", "55,40%", "Tổ dân phố"):
        assert figure in page
    # The short code typed by hand finds the same paper.
    typed = client.get(reverse("publicview:verify_form"), {"code": short_form(expected)}, follow=True)
    assert 'data-state="current"' in typed.content.decode()


def test_the_minutes_are_registered_and_printed_with_their_own_fingerprint(client):
    day = Day(electorate=300, present=200)
    sealed(day, (160, 40))
    expected = fingerprint(minutes_payload(day.conference))
    assert PaperFingerprint.objects.get(kind=PaperKind.MINUTES).fingerprint == expected
    assert short_form(expected) in pdf_text(minutes_pdf(day.conference))
    assert _state(client, expected) == "current"


def test_one_vote_altered_behind_the_services_back_gives_unknown(client):
    day = Day(electorate=361, present=314)
    sealed(day, (200, 110))
    genuine = fingerprint(count_record_payload(day.conference))
    CountVote.objects.filter(count__conference=day.conference, candidate=day.second).update(votes=111)
    forged = fingerprint(count_record_payload(day.conference))
    assert forged != genuine
    assert short_form(forged) in pdf_text(count_record_pdf(day.conference))
    assert _state(client, forged) == "unknown"
    assert _state(client, genuine) == "current"


def test_after_a_corrigendum_the_old_paper_says_superseded_with_its_date_and_reason(client):
    day = Day(electorate=361, present=314)
    sealed(day, (200, 110))
    old = fingerprint(count_record_payload(day.conference))
    count_correct(
        conference=day.conference,
        actor=day.official(),
        data=day.data((200, 112)),
        reason="Nhầm khi cộng phiếu bà Bình.",
    )
    new = fingerprint(count_record_payload(day.conference))
    assert new != old
    assert _state(client, old) == "superseded"
    assert _state(client, new) == "current"
    page = client.get(reverse("publicview:verify", kwargs={"code": old})).content.decode()
    assert "Nhầm khi cộng phiếu bà Bình." in page
    row = PaperFingerprint.objects.get(fingerprint=old)
    assert row.superseded_by.fingerprint == new
    assert page.count(row.superseded_at.astimezone(datetime.UTC).strftime("%Y")) >= 1
    # the minutes printed before the correction are superseded too
    assert PaperFingerprint.objects.filter(kind=PaperKind.MINUTES, superseded_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(event="paper_fingerprint_issued").count() == 4


def test_papers_printed_before_the_seal_carry_no_fingerprint():
    day = Day(electorate=100, present=80)
    data = day.data((60, 20))
    from elections.count.services.tally import tally_submit

    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    assert "Mã kiểm tra" not in pdf_text(count_record_pdf(day.conference))
    assert not PaperFingerprint.objects.exists()


# ---------------------------------------------------------------- decisions


def test_the_recognition_decision_is_registered_when_issued(client):
    from accounts.models import Role

    day = Day(electorate=361, present=340)
    sealed(day, (200, 120))
    decision = decision_issue(
        group_election=day.group_election,
        actor=day.official(role=Role.CHAIRMAN),
        number=5,
        decision_date=datetime.date(2021, 1, 13),
        recipients="Như Điều 3",
        proposer="Tổ trưởng Tổ bầu cử",
    )
    row = PaperFingerprint.objects.get(kind=PaperKind.RECOGNITION_DECISION)
    assert row.paper_date == decision.decision_date
    assert short_form(row.fingerprint) in pdf_text(recognition_decision_pdf(decision))
    page = client.get(reverse("publicview:verify", kwargs={"code": row.fingerprint})).content.decode()
    assert "05/QĐ-UBND" in page and "Nguyễn Văn An" in page


def test_the_team_decision_is_superseded_when_the_team_changes(client):
    from accounts.models import Role

    day = Day()
    official = day.official(role=Role.WARD_OFFICIAL)
    group_election = day.group_election
    team_decision_record(
        group_election=group_election, actor=official, number="12/QĐ-UBND", signed_on=datetime.date(2020, 12, 30)
    )
    first = PaperFingerprint.objects.get(kind=PaperKind.TEAM_DECISION)
    assert short_form(first.fingerprint) in pdf_text(team_decision_pdf(group_election))
    team_member_add(group_election=group_election, actor=official, role="member", full_name="Đỗ Văn Mới")
    first.refresh_from_db()
    assert not first.is_current
    current = PaperFingerprint.objects.get(kind=PaperKind.TEAM_DECISION, superseded_at__isnull=True)
    assert short_form(current.fingerprint) in pdf_text(team_decision_pdf(group_election))
    assert _state(client, first.fingerprint) == "superseded"


# ---------------------------------------------------------------- posted lists


def test_posting_the_lists_registers_both_lists_and_the_verify_page_shows_no_voter(client):
    from accounts.models import Role
    from elections.candidates.models import Candidate
    from elections.services.transitions import group_election_post_lists
    from tests.candidates.factories import CandidateFactory
    from tests.factories import GroupElectionFactory, HouseholdFactory, ResidentFactory, user_with_role

    group_election = GroupElectionFactory(stage=Stage.LIST_APPROVED)
    group = group_election.group
    residents = []
    for index, name in enumerate(["Nguyễn Văn Zyxa", "Trần Thị Zyxb", "Lê Văn Zyxc"]):
        household = HouseholdFactory(group=group, number=f"{index + 1:03d}", address=f"{index + 1} Kiệt Zyxq")
        residents.append(ResidentFactory(household=household, full_name=name, gender="F" if "Thị" in name else "M"))
    CandidateFactory(
        group_election=group_election, resident=residents[0], status=Candidate.Status.APPROVED, attested=True
    )
    second = CandidateFactory(
        group_election=group_election, resident=residents[1], status=Candidate.Status.APPROVED, attested=True
    )
    official = user_with_role(Role.WARD_OFFICIAL, ward=group.ward)
    group_election_post_lists(group_election=group_election, actor=official)
    voter_list = PaperFingerprint.objects.get(kind=PaperKind.VOTER_LIST)
    candidate_list = PaperFingerprint.objects.get(kind=PaperKind.CANDIDATE_LIST)
    # The voter list printed from the register page carries the registered fingerprint.
    client.force_login(official)
    response = client.get(reverse("residents:voter_list_pdf", args=[group.pk]))
    assert short_form(voter_list.fingerprint) in pdf_text(response.content)
    from elections.candidates.papers import candidate_list_pdf

    assert short_form(candidate_list.fingerprint) in pdf_text(candidate_list_pdf(group_election))
    client.logout()
    page = client.get(reverse("publicview:verify", kwargs={"code": voter_list.fingerprint})).content.decode()
    assert 'data-state="current"' in page
    assert "Zyx" not in page  # no voter's name, no address: only the totals
    assert ">3<" in page

    # A change of the posted candidate list supersedes it with a fixed reason (never the official's words).
    from elections.candidates.services import candidate_list_change_after_posting

    candidate_list_change_after_posting(candidate=second, change="withdraw", reason="Đơn tố cáo Qzzq", actor=official)
    candidate_list.refresh_from_db()
    assert not candidate_list.is_current
    page = client.get(reverse("publicview:verify", kwargs={"code": candidate_list.fingerprint})).content.decode()
    assert 'data-state="superseded"' in page and "Qzzq" not in page
    assert PaperFingerprint.objects.filter(kind=PaperKind.CANDIDATE_LIST, superseded_at__isnull=True).count() == 1


def test_an_unknown_or_malformed_code_says_unknown(client):
    assert _state(client, "0" * 64) == "unknown"
    assert _state(client, "abc") == "unknown"
    assert _state(client, "not-a-code") == "unknown"
