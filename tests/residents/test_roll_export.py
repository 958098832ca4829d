"""Roll export: CSV with BOM and XLSX, formula injection neutralised, round trip, personal data, scoping."""

import datetime
import io

import openpyxl
import pytest

from accounts.access import PERMISSIONS, Action
from accounts.models import Role
from audit.models import AuditEntry
from residents.models import Household, Resident
from residents.roll.exporting import roll_file, roll_template
from residents.roll.parsing import roll_parse
from residents.roll.services import roll_export, roll_import
from tests.factories import HouseholdFactory, ResidentFactory, ResidentialGroupFactory, WardFactory, user_with_role
from tests.residents.roll_helpers import csv_bytes, family, roll_translations  # noqa: F401


@pytest.fixture
def group(ward):
    return ResidentialGroupFactory(ward=ward, code="05", name="Tổ dân phố 5")


@pytest.fixture
def official(make_user):
    return make_user(Role.WARD_OFFICIAL)


@pytest.fixture
def hostile_group(group):
    """A household whose address and a resident's name would run as formulas in a spreadsheet."""
    household = HouseholdFactory(group=group, number="3", address='=HYPERLINK("http://evil","x")')
    head = ResidentFactory(
        household=household,
        full_name="@SUM(1+1)",
        birth_date=datetime.date(1980, 1, 2),
        gender="M",
        identity_number="046080001234",
        party_member=True,
    )
    household.head = head
    household.save()
    ResidentFactory(household=household, full_name="-2+3", birth_date=datetime.date(1982, 3, 4), gender="F")
    ResidentFactory(household=household, full_name="+Lê Thị Tư", birth_date=datetime.date(2005, 6, 7), gender="F")
    return group


def test_csv_has_bom_vietnamese_headers_and_neutralised_formulas(hostile_group):
    content, filename, content_type, count = roll_file(group=hostile_group, file_format="csv", personal=True)
    assert content.startswith(b"\xef\xbb\xbf")
    assert filename.endswith(".csv") and content_type.startswith("text/csv") and count == 3
    text = content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Số hộ,Địa chỉ,Chủ hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh,Cư trú,Đảng viên,Ngày vào Đảng"
    assert lines[1].startswith('3,"\'=HYPERLINK(""http://evil"",""x"")",x,\'@SUM(1+1),02/01/1980,Nam,046080001234,')
    assert ",'-2+3,04/03/1982,Nữ," in lines[2]
    assert ",'+Lê Thị Tư,07/06/2005,Nữ," in lines[3]
    for line in lines[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_text_cells_are_strings_never_formulas(hostile_group):
    content, filename, _type, _count = roll_file(group=hostile_group, file_format="xlsx", personal=True)
    assert filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "Số hộ",
        "Địa chỉ",
        "Chủ hộ",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Số định danh",
        "Cư trú",
        "Đảng viên",
        "Ngày vào Đảng",
    ]
    cells = [c for r in sheet.iter_rows(min_row=2) for c in r]
    assert not [c for c in cells if c.data_type == "f"]
    address = sheet["B2"]
    assert address.data_type == "s" and address.value == '\'=HYPERLINK("http://evil","x")'
    assert sheet["D2"].value == "'@SUM(1+1)" and sheet["D2"].data_type == "s"
    assert sheet["G2"].value == "046080001234" and sheet["G2"].data_type == "s"  # leading zero kept
    assert sheet["E2"].value == datetime.datetime(1980, 1, 2)  # a real date cell
    assert sheet["E2"].number_format.lower() == "dd/mm/yyyy"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_reimports_with_no_changes(group, official, file_format):
    rows = family("1") + family("2", surname="Lê") + family("10", surname="Võ")
    rows[0].update({"Đảng viên": "x", "Ngày vào Đảng": "03/02/2000", "Số định danh": "046070001234"})
    roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    # Formula-like text survives the round trip unchanged.
    Household.objects.filter(group=group, number="2").update(address="-Xóm Bàu")
    content, filename, _type = roll_export(actor=official, group=group, file_format=file_format)
    before = list(Resident.objects.order_by("pk").values())
    plan = roll_import(actor=official, group=group, content=content, filename=filename)
    assert not plan.has_changes, [
        (p.row.row, [(c.label, c.old, c.new) for c in p.changes]) for p in plan.residents_updated
    ]
    assert plan.counts()["residents_unchanged"] == 9
    assert list(Resident.objects.order_by("pk").values()) == before
    assert Household.objects.get(group=group, number="2").address == "-Xóm Bàu"


def test_export_order_households_by_number_head_first(group, official):
    rows = family("10", surname="Võ") + family("2", surname="Lê")
    rows[0], rows[1] = rows[1], rows[0]  # the head of 10 is not on the first row of the file
    roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    content, _name, _type, _count = roll_file(group=group, file_format="csv", personal=True)
    lines = content.decode("utf-8-sig").splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == ["2", "2", "2", "10", "10", "10"]
    assert lines[3].split(",")[4] == "Võ Văn Bình" and lines[3].split(",")[3] == "x"


def test_without_personal_data_no_birth_dates_identity_numbers_or_party_membership(hostile_group):
    content, _name, _type, _count = roll_file(group=hostile_group, file_format="csv", personal=False)
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Số hộ,Địa chỉ,Chủ hộ,Họ và tên,Giới tính,Cư trú"
    assert "046080001234" not in text and "02/01/1980" not in text


def test_export_service_hides_personal_data_from_roles_without_it(hostile_group, make_user, monkeypatch):
    secretary = make_user(Role.CELL_SECRETARY, party_cell=hostile_group.party_cell)
    content, _name, _type = roll_export(actor=secretary, group=hostile_group, file_format="csv")
    assert b"046080001234" in content  # cell secretaries may see personal data today
    monkeypatch.setitem(
        PERMISSIONS, Action.VIEW_PERSONAL_DATA, PERMISSIONS[Action.VIEW_PERSONAL_DATA] - {Role.CELL_SECRETARY}
    )
    content, _name, _type = roll_export(actor=secretary, group=hostile_group, file_format="csv")
    assert b"046080001234" not in content
    entries = AuditEntry.objects.filter(event="roll_exported", group=hostile_group).order_by("pk")
    assert [e.after["personal_data"] for e in entries] == [True, False]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_template_has_headers_and_one_valid_example(file_format):
    content, filename, _type = roll_template(file_format=file_format)
    assert filename.startswith("mau-danh-sach-ho")
    parsed = roll_parse(content=content, filename=filename)
    assert parsed.errors == []
    assert len(parsed.rows) == 1 and parsed.rows[0].full_name == "Nguyễn Văn An"


# ---- through the client -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.WARD_OFFICIAL, Role.FRONT_OFFICIAL, Role.CELL_SECRETARY, Role.ADMIN])
def test_export_view_allowed_roles(hostile_group, client_for, role):
    kwargs = {"party_cell": hostile_group.party_cell} if role == Role.CELL_SECRETARY else {}
    user = user_with_role(role, ward=hostile_group.ward, **kwargs)
    response = client_for(user).get(f"/residents/groups/{hostile_group.pk}/roll/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 4


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.INSPECTION, Role.COMMITTEE_MEMBER])
def test_export_view_forbidden_roles(hostile_group, client_for, role):
    user = user_with_role(role, ward=hostile_group.ward)
    response = client_for(user).get(f"/residents/groups/{hostile_group.pk}/roll/export.csv")
    assert response.status_code == 403


def test_export_view_out_of_scope_is_404(hostile_group, client_for, ward):
    other_cell_secretary = user_with_role(Role.CELL_SECRETARY, ward=ward)  # another cell of the same ward
    assert (
        client_for(other_cell_secretary).get(f"/residents/groups/{hostile_group.pk}/roll/export.csv").status_code == 404
    )
    other_ward = WardFactory(name="Hương Văn")
    official = user_with_role(Role.WARD_OFFICIAL, ward=other_ward)
    assert client_for(official).get(f"/residents/groups/{hostile_group.pk}/roll/export.csv").status_code == 404


def test_export_view_unknown_format_is_404(hostile_group, client_for, official):
    assert client_for(official).get(f"/residents/groups/{hostile_group.pk}/roll/export.pdf").status_code == 404


def test_export_view_query_count_is_bounded(group, official, client_for, django_assert_max_num_queries):
    rows = []
    for h in range(1, 41):
        rows += family(str(h))
    roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    client = client_for(official)
    with django_assert_max_num_queries(12):
        response = client.get(f"/residents/groups/{group.pk}/roll/export.csv")
    assert response.content.decode("utf-8-sig").count("\n") == 121
