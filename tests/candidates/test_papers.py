import io
import unicodedata

import pytest
from pypdf import PdfReader

from config.errors import DomainError
from elections.candidates.papers import ballot_pdf, candidate_list_pdf
from elections.candidates.selectors import ballot_candidates, default_ballot_copies
from elections.models import Stage
from tests.candidates.factories import CandidateFactory, ComplaintFactory
from tests.factories import HouseholdFactory


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return unicodedata.normalize("NFC", "".join(page.extract_text() for page in reader.pages))


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def approved_list(group_election, person):
    group = group_election.group
    names = ["Trương Thị Ứng", "Nguyễn Văn Đức", "Lê Thị Ánh", "Phạm Văn Dũng"]
    made = {}
    for i, name in enumerate(names):
        resident = person(group, name, party=(i == 0), address=f"Kiệt {i + 3} Lý Thần Tông")
        made[name] = CandidateFactory(
            group_election=group_election, resident=resident, status="approved", attested=True
        )
    group_election.stage = Stage.LIST_APPROVED
    group_election.save()
    return made


def test_ballot_candidates_in_vietnamese_order_of_given_name(group_election, approved_list):
    names = [c.resident.full_name for c in ballot_candidates(group_election)]
    # Ánh < Dũng < Đức < Ứng: given names first, đ after d, ư after u.
    assert names == ["Lê Thị Ánh", "Phạm Văn Dũng", "Nguyễn Văn Đức", "Trương Thị Ứng"]


def test_candidate_with_open_complaint_is_not_on_the_ballot(group_election, approved_list):
    ComplaintFactory(candidate=approved_list["Nguyễn Văn Đức"])
    names = [c.resident.full_name for c in ballot_candidates(group_election)]
    assert "Nguyễn Văn Đức" not in names
    ComplaintFactory(
        candidate=approved_list["Lê Thị Ánh"], status="concluded", findings="Không có cơ sở", conclusion="not_upheld"
    )
    assert "Lê Thị Ánh" in [c.resident.full_name for c in ballot_candidates(group_election)]


def test_candidate_list_pdf_reads_back_in_order(group_election, approved_list):
    text = text_of(candidate_list_pdf(group_election))
    assert "DANH SÁCH NGƯỜI ỨNG CỬ" in text
    assert "Bầu Tổ trưởng Tổ dân phố 5, nhiệm kỳ 2021-2023" in text
    assert "UBND PHƯỜNG HƯƠNG XUÂN" in text
    positions = [text.index(n) for n in ["Lê Thị Ánh", "Phạm Văn Dũng", "Nguyễn Văn Đức", "Trương Thị Ứng"]]
    assert positions == sorted(positions)
    assert "Đảng viên" in text and "Kiệt 3 Lý Thần Tông" in text
    assert "04 người ứng cử" in text


def test_ballot_pdf_several_per_page_in_order(group_election, approved_list):
    pdf = ballot_pdf(group_election, 7)
    text = text_of(pdf)
    assert text.count("PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ") == 7
    assert "Nhiệm kỳ 2021-2023" in text
    assert "Họ và tên người ứng cử" in text and "Địa chỉ thường trú" in text
    assert "giữ lại MỘT (01) họ tên" in text
    assert "Dấu của Tổ bầu cử" in text
    first = text.split("PHIẾU BẦU TỔ TRƯỞNG")[1]
    positions = [first.index(n) for n in ["Lê Thị Ánh", "Phạm Văn Dũng", "Nguyễn Văn Đức", "Trương Thị Ứng"]]
    assert positions == sorted(positions)
    # four candidates: two ballots to a page -> 4 pages for 7 ballots
    assert pages_of(pdf) == 4


def test_ballot_pdf_three_per_page_for_two_candidates(group_election, person):
    for name in ["Hồ Văn Bình", "Võ Thị Cúc"]:
        CandidateFactory(group_election=group_election, resident=person(group_election.group, name), status="approved")
    group_election.stage = Stage.LISTS_POSTED
    group_election.save()
    pdf = ballot_pdf(group_election, 380)
    assert pages_of(pdf) == 127
    assert text_of(pdf).count("PHIẾU BẦU TỔ TRƯỞNG") == 380


def test_ballot_copies_bounds_and_stage(group_election, approved_list):
    with pytest.raises(DomainError):
        ballot_pdf(group_election, 0)
    with pytest.raises(DomainError):
        ballot_pdf(group_election, 2001)
    group_election.stage = Stage.PREPARING
    group_election.save()
    with pytest.raises(DomainError) as err:
        candidate_list_pdf(group_election)
    assert "Tổ dân phố 5" in str(err.value)


def test_default_copies_is_electorate_plus_five_percent(group_election):
    for _ in range(361):
        HouseholdFactory(group=group_election.group)
    assert default_ballot_copies(group_election) == 380
