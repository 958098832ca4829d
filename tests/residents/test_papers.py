"""The group's printed lists: rendered to PDF and read back, Vietnamese diacritics included."""

import unicodedata
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from elections.conference.models import Elector
from elections.models import Campaign
from tests.factories import GroupElectionFactory

pytestmark = pytest.mark.django_db


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.getvalue()))
    return nfc("".join(page.extract_text() for page in reader.pages))


def positions(text: str, names: list[str]) -> list[int]:
    found = [text.find(nfc(n)) for n in names]
    assert -1 not in found, (names, found)
    return found


def test_household_representative_list(client_for, make_user, register, campaign):
    client = client_for(make_user(Role.WARD_OFFICIAL))
    response = client.get(reverse("residents:voter_list_pdf", args=[register.group1.pk]))
    assert "danh-sach-dai-dien-ho-gia-dinh" in response["Content-Disposition"]
    text = pdf_text(response)
    for label in (
        "UBND PHƯỜNG HƯƠNG XUÂN",
        "TỔ BẦU CỬ TỔ DÂN PHỐ 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "DANH SÁCH ĐẠI DIỆN HỘ GIA ĐÌNH",
        "nhiệm kỳ 2021-2023",
        "Họ và tên",
        "Nơi cư trú",
        "Ghi chú",
    ):
        assert nfc(label) in text, label
    # Vietnamese order: Anh before Ước; the minor-only household has no representative.
    anh, uoc = positions(text, ["Nguyễn Văn Anh", "Đặng Văn Ước"])
    assert anh < uoc
    assert nfc("Phạm Minh Đức") not in text
    assert nfc("Lê Thị Ửng") not in text  # not the representative of her household
    assert "02/03/1960" in text
    assert nfc("thường trú") in text
    assert nfc("Tổng số 2 người; trong đó 2 nam, 0 nữ.") in " ".join(text.split())


def test_full_voter_list_on_request(client_for, make_user, register, campaign):
    client = client_for(make_user(Role.FRONT_OFFICIAL))
    response = client.get(reverse("residents:voter_list_pdf", args=[register.group1.pk]), {"mode": "all_voters"})
    text = pdf_text(response)
    assert nfc("DANH SÁCH CỬ TRI") in text
    names = ["Nguyễn Văn Anh", "Lê Thị Ửng", "Đặng Văn Ước", "Trần Thị Ý"]
    assert positions(text, names) == sorted(positions(text, names))
    assert nfc("tạm trú") in text
    assert nfc("Tổng số 4 người; trong đó 2 nam, 2 nữ.") in " ".join(text.split())


def test_campaign_for_all_voters_prints_the_voter_list(client_for, make_user, register, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(electorate_mode=Campaign.Electorate.ALL_VOTERS)
    client = client_for(make_user(Role.WARD_OFFICIAL))
    text = pdf_text(client.get(reverse("residents:voter_list_pdf", args=[register.group1.pk])))
    assert nfc("DANH SÁCH CỬ TRI") in text
    assert nfc("Lê Thị Ửng") in text


def test_team_member_prints_without_full_birth_dates(client_for, make_user, register, campaign):
    client = client_for(make_user(Role.TEAM_MEMBER, group=register.group1))
    text = pdf_text(client.get(reverse("residents:voter_list_pdf", args=[register.group1.pk])))
    assert nfc("Đặng Văn Ước") in text
    assert "02/03/1960" not in text
    assert "1960" in text


def test_signin_sheet(client_for, make_user, register, campaign):
    client = client_for(make_user(Role.CELL_SECRETARY, party_cell=register.cell1))
    response = client.get(reverse("residents:signin_sheet_pdf", args=[register.group1.pk]))
    text = pdf_text(response)
    for label in ("DANH SÁCH ĐẠI DIỆN HỘ GIA ĐÌNH DỰ HỘI NGHỊ", "STT", "Số hộ", "Họ và tên đại diện", "Ký tên"):
        assert nfc(label) in text, label
    assert nfc("Hương Xuân, ngày 10 tháng 01 năm 2021") in text
    assert positions(text, ["Nguyễn Văn Anh", "Đặng Văn Ước"]) == sorted(
        positions(text, ["Nguyễn Văn Anh", "Đặng Văn Ước"])
    )
    assert "002" in text and "001" in text


def test_posted_list_prints_the_frozen_electorate(client_for, make_user, register, campaign):
    election = GroupElectionFactory(campaign=campaign, group=register.group1, list_posted_at=timezone.now())
    Elector.objects.create(
        group_election=election,
        number=1,
        household_number="777",
        full_name="Ngô Thị Đã Chốt",
        gender="F",
        residence="permanent",
        address="Số 7 Kim Trà",
        birth_date="1955-05-05",
    )
    client = client_for(make_user(Role.WARD_OFFICIAL))
    text = pdf_text(client.get(reverse("residents:voter_list_pdf", args=[register.group1.pk])))
    assert nfc("Ngô Thị Đã Chốt") in text
    assert nfc("Đặng Văn Ước") not in text  # the register changed nothing once the list was posted
    assert nfc("Tổng số 1 người; trong đó 0 nam, 1 nữ.") in " ".join(text.split())


def test_group_without_campaign_still_prints(client_for, make_user, register):
    client = client_for(make_user(Role.WARD_OFFICIAL))
    text = pdf_text(client.get(reverse("residents:signin_sheet_pdf", args=[register.group2.pk])))
    assert nfc("Hồ Thị Hương") in text
    assert nfc("ngày ... tháng ... năm ...") in text


def test_signin_sheet_dated_on_the_planned_sitting(client_for, make_user, register, campaign):
    import datetime

    planned = timezone.make_aware(datetime.datetime(2021, 1, 24, 8, 0))
    GroupElectionFactory(campaign=campaign, group=register.group2, planned_at=planned)
    client = client_for(make_user(Role.WARD_OFFICIAL))
    text = pdf_text(client.get(reverse("residents:signin_sheet_pdf", args=[register.group2.pk])))
    assert nfc("Hương Xuân, ngày 24 tháng 01 năm 2021") in text
