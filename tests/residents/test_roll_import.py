"""Roll import: every error kind (row, column, Vietnamese reason), all-or-nothing, idempotency, updates."""

import datetime
import unicodedata

import pytest
from django.utils import translation

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from residents.models import Household, Resident
from residents.roll.parsing import roll_parse
from residents.roll.services import roll_check, roll_import
from tests.factories import HouseholdFactory, ResidentFactory, ResidentialGroupFactory
from tests.residents.roll_helpers import csv_bytes, family, roll_translations, row, xlsx_bytes  # noqa: F401

HEADERS_SHORT = ["Số hộ", "Địa chỉ", "Chủ hộ", "Họ và tên", "Ngày sinh", "Giới tính"]


def vi_errors(content: bytes, *, filename="roll.csv", has_party_cell=True) -> list[str]:
    with translation.override("vi"):
        return roll_parse(content=content, filename=filename, has_party_cell=has_party_cell).error_messages()


@pytest.fixture
def group(ward):
    return ResidentialGroupFactory(ward=ward, code="05", name="Tổ dân phố 5")


@pytest.fixture
def official(make_user):
    return make_user(Role.WARD_OFFICIAL)


def test_valid_file_has_no_errors():
    rows = family("1") + family("2", surname="Lê")
    parsed = roll_parse(content=csv_bytes(rows), filename="roll.csv")
    assert parsed.errors == []
    assert len(parsed.rows) == 6
    assert list(parsed.households) == ["1", "2"]
    assert parsed.households["2"].head.full_name == "Lê Văn Bình"


# ---- every error kind, with its row and column -------------------------------------------------


def test_missing_name():
    errors = vi_errors(csv_bytes([row(), row(**{"Chủ hộ": "", "Họ và tên": "  "})]))
    assert errors == ["Dòng 3, cột “Họ và tên”: thiếu họ và tên."]


def test_unparseable_date_shows_the_value():
    errors = vi_errors(csv_bytes([row(**{"Ngày sinh": "1970-17-05x"})]))
    assert errors == ["Dòng 2, cột “Ngày sinh”: “1970-17-05x” không phải là ngày theo dạng dd/mm/yyyy."]


def test_impossible_date():
    errors = vi_errors(csv_bytes([row(**{"Ngày sinh": "31/02/1980"})]))
    assert errors == ["Dòng 2, cột “Ngày sinh”: “31/02/1980” không phải là ngày có thật (dd/mm/yyyy)."]


def test_missing_birth_date():
    errors = vi_errors(csv_bytes([row(**{"Ngày sinh": ""})]))
    assert errors == ["Dòng 2, cột “Ngày sinh”: thiếu ngày sinh."]


def test_future_birth_date():
    future = (datetime.date.today() + datetime.timedelta(days=400)).strftime("%d/%m/%Y")
    errors = vi_errors(csv_bytes([row(**{"Ngày sinh": future})]))
    assert errors == [f"Dòng 2, cột “Ngày sinh”: ngày sinh {future} ở tương lai."]


def test_unknown_gender():
    errors = vi_errors(csv_bytes([row(**{"Giới tính": "Khác"})]))
    assert errors == ["Dòng 2, cột “Giới tính”: giới tính “Khác” không hợp lệ (ghi Nam hoặc Nữ)."]


def test_gender_words_in_english_and_without_diacritics():
    parsed = roll_parse(
        content=csv_bytes([row(), row(**{"Chủ hộ": "", "Họ và tên": "Trần Thị B", "Giới tính": "nu"})]),
        filename="r.csv",
    )
    assert parsed.errors == []
    assert [r.gender for r in parsed.rows] == ["M", "F"]


def test_duplicate_person_in_one_household():
    rows = [row(), row(**{"Chủ hộ": "", "Họ và tên": "nguyễn  văn an"})]
    errors = vi_errors(csv_bytes(rows))
    assert errors == [
        "Dòng 3, cột “Họ và tên”: trùng người: nguyễn văn an, sinh ngày 17/05/1970, đã có ở dòng 2 trong hộ 1."
    ]


def test_same_person_in_two_households_is_not_a_duplicate():
    rows = [row(), row(**{"Số hộ": "2"})]
    assert vi_errors(csv_bytes(rows)) == []


def test_duplicate_identity_number():
    rows = [row(**{"Số định danh": "046070001234"}), row(**{"Số hộ": "2", "Số định danh": "046070001234"})]
    errors = vi_errors(csv_bytes(rows))
    assert errors == ["Dòng 3, cột “Số định danh”: số định danh 046070001234 đã có ở dòng 2."]


def test_bad_identity_number():
    errors = vi_errors(csv_bytes([row(**{"Số định danh": "12345"})]))
    assert errors == ["Dòng 2, cột “Số định danh”: “12345” không phải là số định danh hợp lệ: phải có đúng 12 chữ số."]


def test_two_heads_in_one_household():
    rows = [row(), row(**{"Họ và tên": "Trần Thị Hoa", "Giới tính": "Nữ"})]
    errors = vi_errors(csv_bytes(rows))
    assert errors == ["Dòng 3, cột “Chủ hộ”: hộ 1 đã có chủ hộ ở dòng 2; mỗi hộ chỉ có một chủ hộ."]


def test_household_without_head():
    rows = [row(), row(**{"Số hộ": "7", "Chủ hộ": ""}), row(**{"Số hộ": "7", "Chủ hộ": "", "Họ và tên": "Lê Văn C"})]
    errors = vi_errors(csv_bytes(rows))
    assert errors == ["Dòng 3, cột “Chủ hộ”: hộ 7 chưa có chủ hộ: đánh dấu x vào cột này ở dòng của chủ hộ."]


def test_party_admission_missing_for_a_member():
    errors = vi_errors(csv_bytes([row(**{"Đảng viên": "x"})]))
    assert errors == ["Dòng 2, cột “Ngày vào Đảng”: thiếu ngày vào Đảng của đảng viên."]


def test_party_admission_before_birth():
    errors = vi_errors(csv_bytes([row(**{"Đảng viên": "x", "Ngày vào Đảng": "01/01/1960"})]))
    assert errors == ["Dòng 2, cột “Ngày vào Đảng”: ngày vào Đảng 01/01/1960 không sau ngày sinh 17/05/1970."]


def test_party_admission_for_a_non_member():
    errors = vi_errors(csv_bytes([row(**{"Ngày vào Đảng": "01/01/2000"})]))
    assert errors == ["Dòng 2, cột “Ngày vào Đảng”: có ngày vào Đảng nhưng người này không được đánh dấu là đảng viên."]


def test_party_member_in_a_group_without_cell():
    errors = vi_errors(csv_bytes([row(**{"Đảng viên": "x", "Ngày vào Đảng": "01/01/2000"})]), has_party_cell=False)
    assert len(errors) == 1
    assert errors[0].startswith("Dòng 2, cột “Đảng viên”: tổ dân phố này chưa thuộc chi bộ nào")


def test_unknown_flag_value():
    errors = vi_errors(csv_bytes([row(**{"Chủ hộ": "có lẽ"})]))
    assert errors[0] == "Dòng 2, cột “Chủ hộ”: không hiểu “có lẽ”: ghi x nếu có, hoặc để trống."


def test_unknown_residence():
    errors = vi_errors(csv_bytes([row(**{"Cư trú": "Vãng lai"})]))
    assert errors == ["Dòng 2, cột “Cư trú”: tình trạng cư trú “Vãng lai” không hợp lệ (ghi Thường trú hoặc Tạm trú)."]


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: letters with ă â ê ô ơ ư đ precomposed, tones as combining marks."""
    out = b""
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        letter = decomposed[0] + "".join(m for m in decomposed[1:] if m in "\u0302\u0306\u031b")
        tones = "".join(m for m in decomposed[1:] if m not in "\u0302\u0306\u031b")
        out += unicodedata.normalize("NFC", letter).encode("cp1258") + tones.encode("cp1258")
    return out


def test_wrong_encoding_windows_1258():
    content = cp1258(csv_bytes([row(**{"Họ và tên": "Trần Văn Bảy"})]).decode())
    assert content.decode("cp1258") != content.decode("utf-8", errors="replace")
    errors = vi_errors(content)
    assert len(errors) == 1
    assert errors[0].startswith("Sai bảng mã: tệp không phải văn bản UTF-8 (ký tự sai đầu tiên ở dòng 1)")
    assert "Windows-1258" in errors[0]


def test_empty_file():
    assert vi_errors(b"") == ["Tệp trống."]
    assert vi_errors(b"\xef\xbb\xbf\r\n , ,\r\n") == ["Tệp trống."]


def test_header_without_rows():
    assert vi_errors(csv_bytes([])) == ["Tệp có dòng tiêu đề nhưng không có cư dân nào."]


def test_missing_required_columns():
    headers = ["Số hộ", "Địa chỉ", "Chủ hộ", "Họ và tên", "Giới tính"]
    errors = vi_errors(csv_bytes([row()], headers=headers))
    assert errors == ["Dòng 1: thiếu cột bắt buộc “Ngày sinh”."]


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr("residents.roll.parsing.MAX_ROWS", 5)
    rows = [row(**{"Số hộ": str(i)}) for i in range(6)]
    errors = vi_errors(csv_bytes(rows))
    assert errors == ["Tệp có hơn 5 dòng cư dân; mỗi lần chỉ nhập tối đa 5 dòng."]
    assert vi_errors(csv_bytes(rows[:5])) == []


def test_old_xls_file():
    errors = vi_errors(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, filename="roll.xls")
    assert errors[0].startswith("Đây là tệp Excel 97-2003 (.xls)")


def test_every_error_is_listed_sorted_by_row():
    rows = [
        row(**{"Họ và tên": ""}),
        row(**{"Số hộ": "2", "Ngày sinh": "abc", "Giới tính": "?"}),
        row(**{"Số hộ": "3", "Số định danh": "1"}),
    ]
    errors = vi_errors(csv_bytes(rows))
    assert [e.split(":")[0] for e in errors] == [
        "Dòng 2, cột “Họ và tên”",
        "Dòng 3, cột “Ngày sinh”",
        "Dòng 3, cột “Giới tính”",
        "Dòng 4, cột “Số định danh”",
    ]


# ---- formats ---------------------------------------------------------------------------------


def test_bom_semicolons_and_english_headers():
    headers = [
        "Household number",
        "Address",
        "Head",
        "Full name",
        "Date of birth",
        "Gender",
        "Identity number",
        "Residence",
        "Party member",
        "Party admission date",
    ]
    rows = [dict(zip(headers, row().values(), strict=True))]
    parsed = roll_parse(content=csv_bytes(rows, headers=headers, bom=True, delimiter=";"), filename="r.csv")
    assert parsed.errors == []
    assert parsed.rows[0].full_name == "Nguyễn Văn An"
    assert parsed.rows[0].birth_date == datetime.date(1970, 5, 17)


def test_title_rows_above_the_header_and_unknown_column():
    content = ("DANH SÁCH HỘ GIA ĐÌNH\r\n\r\nSTT,Ghi chú," + csv_bytes([]).decode()).encode()
    lines = content.decode().splitlines()
    content = "\r\n".join([*lines, "1,ghi chú,1,Số 1,x,Lê Văn Tám,01/01/1980,Nam,,,,"]).encode()
    parsed = roll_parse(content=content, filename="r.csv")
    assert parsed.errors == []
    assert parsed.rows[0].row == 4
    assert parsed.rows[0].full_name == "Lê Văn Tám"
    assert len(parsed.warnings) == 1  # "Ghi chú" ignored; "STT" silently


def test_xlsx_with_date_cells_and_numeric_identity():
    rows = [
        ["1", "Số 1", "x", "Phạm Thị Dung", datetime.datetime(1965, 3, 8), "Nữ", 46065001234, "", "x", "02/09/1990"]
    ]
    parsed = roll_parse(content=xlsx_bytes(rows), filename="r.xlsx")
    assert parsed.errors == []
    r = parsed.rows[0]
    assert (r.birth_date, r.identity_number, r.party_admission_date) == (
        datetime.date(1965, 3, 8),
        "046065001234",
        datetime.date(1990, 9, 2),
    )


def test_xlsx_errors_name_the_sheet_row():
    rows = [["1", "", "x", "A", "x", "Nam"], ["1", "", "", "", "01/01/1990", "Nam"]]
    with translation.override("vi"):
        parsed = roll_parse(content=xlsx_bytes(rows, headers=[*HEADERS_SHORT]), filename="r.xlsx")
        errors = parsed.error_messages()
    assert errors == [
        "Dòng 2, cột “Ngày sinh”: “x” không phải là ngày theo dạng dd/mm/yyyy.",
        "Dòng 3, cột “Họ và tên”: thiếu họ và tên.",
    ]


def test_damaged_xlsx():
    errors = vi_errors(b"PK\x03\x04garbage", filename="r.xlsx")
    assert errors == ["Không đọc được tệp Excel: tệp bị hỏng hoặc không phải tệp .xlsx."]


# ---- the service: all or nothing, idempotent, updates ------------------------------------------------


def test_import_creates_households_residents_heads_and_one_audit_entry(group, official):
    rows = family("1") + family("2", surname="Lê")
    rows[0]["Đảng viên"], rows[0]["Ngày vào Đảng"] = "x", "03/02/2000"
    rows[0]["Số định danh"] = "046070001234"
    plan = roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    assert plan.counts()["residents_created"] == 6
    households = {h.number: h for h in Household.objects.filter(group=group).select_related("head")}
    assert set(households) == {"1", "2"}
    assert households["1"].head.full_name == "Nguyễn Văn Bình"
    assert households["2"].head.full_name == "Lê Văn Bình"
    member = Resident.objects.get(identity_number="046070001234")
    assert member.is_party_member and member.party_cell_id == group.party_cell_id
    assert member.party_admission_date == datetime.date(2000, 2, 3)
    assert Resident.objects.get(full_name="Nguyễn Thị Ánh").residence_status == Resident.Residence.TEMPORARY
    entry = AuditEntry.objects.get(event="roll_imported")
    assert entry.group_id == group.pk and entry.actor_id == official.pk
    assert entry.after["residents_created"] == 6 and entry.after["households_created"] == 2


def test_import_is_logged_with_ids_and_counts_only(group, official, caplog):
    caplog.set_level("INFO", logger="residents.roll.services")
    roll_import(actor=official, group=group, content=csv_bytes(family("1")), filename="roll.csv")
    [record] = [r for r in caplog.records if r.name == "residents.roll.services"]
    text = record.getMessage()
    assert f"group {group.pk}" in text and f"ward {group.ward_id}" in text and "3 rows" in text
    assert "residents 3 created" in text and "Nguyễn" not in text


def test_bad_file_writes_nothing(group, official):
    rows = family("1") + family("2") + [row(**{"Số hộ": "3", "Ngày sinh": "32/13/1990"})]
    with translation.override("vi"), pytest.raises(DomainError) as exc:
        roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    assert exc.value.messages == ["Dòng 8, cột “Ngày sinh”: “32/13/1990” không phải là ngày có thật (dd/mm/yyyy)."]
    assert not Household.objects.filter(group=group).exists()
    assert not Resident.objects.exists()
    assert not AuditEntry.objects.filter(event="roll_imported").exists()


def test_importing_the_same_file_twice_changes_nothing(group, official, django_assert_max_num_queries):
    content = csv_bytes(family("1") + family("2", surname="Lê") + family("10", surname="Võ"))
    roll_import(actor=official, group=group, content=content, filename="roll.csv")
    before = list(Resident.objects.order_by("pk").values())
    households_before = list(Household.objects.order_by("pk").values())
    with django_assert_max_num_queries(12):
        plan = roll_import(actor=official, group=group, content=content, filename="roll.csv")
    assert not plan.has_changes
    assert plan.counts()["residents_unchanged"] == 9 and plan.counts()["households_unchanged"] == 3
    assert list(Resident.objects.order_by("pk").values()) == before
    assert list(Household.objects.order_by("pk").values()) == households_before
    assert AuditEntry.objects.filter(event="roll_imported").count() == 1


def test_update_changes_only_changed_fields_and_keeps_residents_not_in_file(group, official):
    rows = family("1") + family("2", surname="Lê")
    roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    ids = dict(Resident.objects.values_list("full_name", "pk"))
    rows[1]["Ngày sinh"] = "03/04/1973"  # no identity number and another birth date: another person
    rows[2]["Cư trú"] = "Thường trú"  # child now permanent
    for r in rows[:3]:
        r["Địa chỉ"] = "Số 9, đường Lý Thần Tông"  # household 1 has a new address
    del rows[5]  # the child of household 2 left the file
    plan = roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    counts = plan.counts()
    assert counts["households_updated"] == 1
    assert counts["residents_updated"] == 1
    assert counts["residents_created"] == 1  # same name, other birth date: another person
    assert counts["residents_not_in_file"] == 2  # the old spouse record and household 2's child
    child = Resident.objects.get(pk=ids["Nguyễn Thị Ánh"])
    assert child.residence_status == Resident.Residence.PERMANENT
    assert Resident.objects.filter(pk=ids["Lê Thị Ánh"]).exists()  # not deleted
    assert Household.objects.get(group=group, number="1").address == "Số 9, đường Lý Thần Tông"


def test_identity_number_matches_across_a_name_change_and_a_move(group, official):
    household = HouseholdFactory(group=group, number="1")
    old = ResidentFactory(household=household, full_name="Nguyen Van An", identity_number="046070001234")
    household.head = old
    household.save()
    rows = [row(**{"Số hộ": "2", "Số định danh": "046070001234"})]
    plan = roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    assert plan.counts()["residents_updated"] == 1 and plan.counts()["residents_created"] == 0
    old.refresh_from_db()
    assert old.full_name == "Nguyễn Văn An"
    assert old.household.number == "2"
    assert Household.objects.get(group=group, number="2").head_id == old.pk


def test_existing_resident_gets_identity_number_by_name_and_birth_date(group, official):
    household = HouseholdFactory(group=group, number="1")
    old = ResidentFactory(
        household=household, full_name="Nguyễn Văn An", birth_date=datetime.date(1970, 5, 17), gender="M"
    )
    rows = [row(**{"Số định danh": "046070001234"})]
    with translation.override("vi"):
        plan = roll_import(actor=official, group=group, content=csv_bytes(rows), filename="roll.csv")
    assert plan.counts()["residents_updated"] == 1 and plan.counts()["residents_created"] == 0
    assert [c.label for c in plan.residents_updated[0].changes] == ["số định danh"]
    old.refresh_from_db()
    assert old.identity_number == "046070001234"
    household.refresh_from_db()
    assert household.head_id == old.pk


def test_preview_warns_of_an_identity_number_in_another_group(group, ward):
    other = ResidentialGroupFactory(ward=ward, name="Tổ dân phố 6")
    ResidentFactory(household=HouseholdFactory(group=other, number="9"), identity_number="046070001234")
    with translation.override("vi"):
        parsed, plan = roll_check(
            group=group, content=csv_bytes([row(**{"Số định danh": "046070001234"})]), filename="r"
        )
        warnings = [str(w) for w in plan.warnings]
    assert parsed.is_valid
    assert len(warnings) == 1
    assert warnings[0].startswith("Dòng 2, cột “Số định danh”: số định danh 046070001234 cũng là của")
    assert "Tổ dân phố 6" in warnings[0]


def test_cell_secretary_cannot_import(group, make_user):
    secretary = make_user(Role.CELL_SECRETARY, party_cell=group.party_cell)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        roll_import(actor=secretary, group=group, content=csv_bytes([row()]), filename="r.csv")
    assert not Resident.objects.exists()


def test_ten_thousand_rows_use_a_bounded_number_of_queries(group, official, django_assert_max_num_queries):
    rows = []
    for h in range(1, 2501):
        rows += family(str(h), year=1940 + h % 40)
        rows.append(row(**{"Số hộ": str(h), "Chủ hộ": "", "Họ và tên": f"Đặng Văn Út {h}", "Ngày sinh": "01/01/2001"}))
    assert len(rows) == 10_000
    with django_assert_max_num_queries(150):
        plan = roll_import(actor=official, group=group, content=csv_bytes(rows), filename="big.csv")
    assert plan.counts()["residents_created"] == 10_000
    assert Household.objects.filter(group=group, head__isnull=False).count() == 2500


def test_xlsx_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr("residents.roll.reading.MAX_UNPACKED_BYTES", 1000)
    content = xlsx_bytes([["1", "", "x", "Lê Văn Tám", "01/01/1980", "Nam"] * 50], headers=HEADERS_SHORT)
    assert vi_errors(content, filename="r.xlsx") == ["Không đọc được tệp Excel: tệp bị hỏng hoặc không phải tệp .xlsx."]


def test_missing_household_number_and_too_long_name():
    errors = vi_errors(csv_bytes([row(**{"Số hộ": "", "Họ và tên": "A" * 151})]))
    assert errors == [
        "Dòng 2, cột “Số hộ”: thiếu số hộ.",
        "Dòng 2, cột “Họ và tên”: nội dung quá dài (tối đa 150 ký tự).",
    ]


def test_two_addresses_for_one_household():
    rows = [row(), row(**{"Chủ hộ": "", "Họ và tên": "Trần Thị Hoa", "Địa chỉ": "Số 5, đường Lê Thuyết"})]
    errors = vi_errors(csv_bytes(rows))
    assert errors == [
        "Dòng 3, cột “Địa chỉ”: địa chỉ khác với địa chỉ của hộ 1 ghi ở dòng 2 (“Số 1, đường Lý Thần Tông”)."
    ]


def test_duplicate_column():
    headers = [*HEADERS_SHORT, "Ho va ten"]
    errors = vi_errors(csv_bytes([row()], headers=headers))
    assert errors == ["Dòng 1: cột “Ho va ten” xuất hiện hai lần (trùng với cột “Họ và tên”)."]
