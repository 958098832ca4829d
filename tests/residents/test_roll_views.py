"""Roll import through the client: upload -> preview -> confirm, error page, scoping, staged files."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory

from accounts.context_processors import access
from accounts.models import Role
from audit.models import AuditEntry
from residents.models import Household, Resident
from tests.factories import HouseholdFactory, ResidentFactory, ResidentialGroupFactory, WardFactory, user_with_role
from tests.residents.roll_helpers import csv_bytes, family, roll_translations, row, xlsx_bytes  # noqa: F401


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def group(ward):
    return ResidentialGroupFactory(ward=ward, code="05", name="Tổ dân phố 5")


@pytest.fixture
def official(make_user):
    return make_user(Role.WARD_OFFICIAL)


def url(group, name="import"):
    return f"/residents/groups/{group.pk}/roll/{name}/"


def upload(client, group, content: bytes, name="roll.csv"):
    return client.post(url(group), {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE="vi")


def test_upload_page(client_for, official, group):
    response = client_for(official).get(url(group), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập danh sách hộ và nhân khẩu của Tổ dân phố 5" in html
    assert "/residents/roll/template.xlsx" in html and "/residents/roll/template.csv" in html


def test_preview_then_confirm(client_for, official, group, tmp_path):
    existing = HouseholdFactory(group=group, number="99")
    left_out = ResidentFactory(household=existing, full_name="Hồ Văn Chín")
    client = client_for(official)
    content = csv_bytes(family("1") + family("2", surname="Lê"))
    response = upload(client, group, content)
    assert response.status_code == 302
    preview_url = response["Location"]
    token = re.search(r"token=([\w-]+)", preview_url).group(1)
    assert (tmp_path / "roll_uploads" / f"{token}.upload").read_bytes() == content
    assert not Household.objects.filter(number="1").exists()  # nothing written before confirming

    preview = client.get(preview_url, HTTP_ACCEPT_LANGUAGE="vi")
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Tệp hợp lệ. Chưa có gì được lưu." in html
    assert "Nhân khẩu của tổ không có trong tệp" in html and "Hồ Văn Chín" in html
    assert "giữ nguyên" in html
    assert "Xác nhận và nhập" in html

    response = client.post(url(group, "import/confirm"), {"token": token}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302 and response["Location"] == f"/residents/groups/{group.pk}/"
    assert Resident.objects.filter(household__group=group).count() == 7
    assert Resident.objects.filter(pk=left_out.pk).exists()
    assert AuditEntry.objects.filter(event="roll_imported", group=group).count() == 1
    assert not (tmp_path / "roll_uploads" / f"{token}.upload").exists()
    # The token is spent: a second confirmation imports nothing more.
    again = client.post(url(group, "import/confirm"), {"token": token})
    assert again.status_code == 302 and again["Location"] == url(group)
    assert AuditEntry.objects.filter(event="roll_imported", group=group).count() == 1


def test_same_file_again_previews_no_changes(client_for, official, group):
    client = client_for(official)
    content = xlsx_bytes([["1", "Số 1", "x", "Lê Văn Tám", "01/01/1980", "Nam"]], headers=HEADERS_SHORT)
    token = re.search(r"token=([\w-]+)", upload(client, group, content, "roll.xlsx")["Location"]).group(1)
    client.post(url(group, "import/confirm"), {"token": token})
    response = upload(client, group, content, "roll.xlsx")
    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "nhập tệp này sẽ không thay đổi gì" in preview
    assert "Xác nhận và nhập" not in preview


HEADERS_SHORT = ["Số hộ", "Địa chỉ", "Chủ hộ", "Họ và tên", "Ngày sinh", "Giới tính"]


def test_bad_file_lists_every_error_and_writes_nothing(client_for, official, group, tmp_path):
    rows = [row(**{"Họ và tên": ""}), row(**{"Số hộ": "2", "Ngày sinh": "30/02/1990", "Giới tính": "Khác"})]
    response = upload(client_for(official), group, csv_bytes(rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tệp “roll.csv” có 3 lỗi. Chưa nhập gì." in html
    assert "thiếu họ và tên." in html
    assert "“30/02/1990” không phải là ngày có thật (dd/mm/yyyy)." in html
    assert "giới tính “Khác” không hợp lệ (ghi Nam hoặc Nữ)." in html
    assert re.search(r"<td>3</td><td>Giới tính</td>", html)
    assert not Household.objects.exists()
    assert not list(tmp_path.glob("roll_uploads/*"))  # a bad file is not kept


def test_wrong_encoding_is_reported(client_for, official, group):
    response = upload(client_for(official), group, b"S\xf4 h\xf4,H\xf4 t\xean\r\n")  # Windows-1258 bytes
    assert response.status_code == 400
    assert "Sai bảng mã: tệp không phải văn bản UTF-8 (ký tự sai đầu tiên ở dòng 1)" in response.content.decode()


def test_cell_secretary_cannot_import(client_for, make_user, group):
    secretary = make_user(Role.CELL_SECRETARY, party_cell=group.party_cell)
    client = client_for(secretary)
    assert client.get(url(group)).status_code == 403
    assert upload(client, group, csv_bytes([row()])).status_code == 403
    assert client.get("/residents/roll/template.csv").status_code == 403
    assert not Resident.objects.exists()


def test_ward_official_of_another_ward_gets_404(client_for, group):
    stranger = user_with_role(Role.WARD_OFFICIAL, ward=WardFactory(name="Hương Văn"))
    client = client_for(stranger)
    assert client.get(url(group)).status_code == 404
    assert upload(client, group, csv_bytes([row()])).status_code == 404
    assert not Resident.objects.exists()


def test_token_of_another_session_or_group_is_refused(client, official, group, ward):
    client.force_login(official)
    token = re.search(r"token=([\w-]+)", upload(client, group, csv_bytes([row()]))["Location"]).group(1)
    other_group = ResidentialGroupFactory(ward=ward)
    response = client.post(url(other_group, "import/confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == url(other_group)
    # Another official, another session: the token is not theirs.
    colleague = user_with_role(Role.WARD_OFFICIAL, ward=ward)
    client.force_login(colleague)
    response = client.post(url(group, "import/confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == url(group)
    assert not Resident.objects.exists()


def test_tampered_staged_file_is_refused(client_for, official, group, tmp_path):
    client = client_for(official)
    token = re.search(r"token=([\w-]+)", upload(client, group, csv_bytes([row()]))["Location"]).group(1)
    (tmp_path / "roll_uploads" / f"{token}.upload").write_bytes(csv_bytes([row(**{"Họ và tên": "Kẻ Giả Mạo"})]))
    response = client.post(url(group, "import/confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == url(group)
    assert not Resident.objects.exists()
    assert client.get(f"{url(group, 'import/confirm')}?token={token}").status_code == 302  # no preview either


def test_template_download(client_for, official):
    response = client_for(official).get("/residents/roll/template.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "mau-danh-sach-ho.csv" in response["Content-Disposition"]
    assert client_for(official).get("/residents/roll/template.xlsx").status_code == 200


@pytest.mark.parametrize(
    ("role", "expect_import", "expect_export"),
    [(Role.WARD_OFFICIAL, True, True), (Role.CELL_SECRETARY, False, True), (Role.CHAIRMAN, False, False)],
)
def test_group_actions_partial(group, role, expect_import, expect_export):
    kwargs = {"party_cell": group.party_cell} if role == Role.CELL_SECRETARY else {}
    user = user_with_role(role, ward=group.ward, **kwargs)
    request = RequestFactory().get("/")
    request.user = user
    html = Template('{% include "residents/roll/_group_actions.html" %}').render(
        Context({"group": group, "user": user, **access(request)})
    )
    assert (f"/residents/groups/{group.pk}/roll/import/" in html) is expect_import
    assert (f"/residents/groups/{group.pk}/roll/export.xlsx" in html) is expect_export


def test_confirm_rechecks_the_file_against_the_register(client_for, official, group):
    client = client_for(official)
    content = csv_bytes([row(**{"Đảng viên": "x", "Ngày vào Đảng": "03/02/2000"})])
    token = re.search(r"token=([\w-]+)", upload(client, group, content)["Location"]).group(1)
    group.party_cell = None  # the group lost its Party cell between the preview and the confirmation
    group.save()
    response = client.post(url(group, "import/confirm"), {"token": token}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "tổ dân phố này chưa thuộc chi bộ nào" in response.content.decode()
    assert not Resident.objects.exists()


def test_a_long_preview_is_shown_a_page_at_a_time(client_for, official, group):
    client = client_for(official)
    rows = [row(**{"Số hộ": str(n), "Họ và tên": f"Người Thứ {n:03d}"}) for n in range(1, 121)]
    response = upload(client, group, csv_bytes(rows))
    preview_url = response["Location"]
    first = client.get(preview_url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Người Thứ 050" in first and "Người Thứ 051" not in first
    assert "1–50 trên 120" in first and "Trang 1/3" in first
    token = re.search(r"token=([\w-]+)", preview_url).group(1)
    third = client.get(f"{preview_url}&residents_new=3", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Người Thứ 101" in third and "Người Thứ 100" not in third and "Trang 3/3" in third
    assert f"token={token}&amp;residents_new=2" in third  # the link back keeps the upload
