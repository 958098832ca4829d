"""The PDF pipeline: template -> HTML -> A4 PDF with the bundled Liberation Serif."""

import datetime
import unicodedata
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from papers.pdf import (
    FONTS_DIR,
    LocalURLFetcher,
    ascii_filename,
    merge_pdfs,
    pdf_response,
    render_pdf,
)
from papers.templatetags.papers import dmy, vn_long_date

SAMPLE = "papers/sample_notice.html"
NAMES = ["Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Lê Thị Ửng", "Phạm Quốc Hưng"]
VIETNAMESE = "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹĐđƯưƠơĂăÂâÊêÔô"
A4 = (595.28, 841.89)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sample_context(doc_date=datetime.date(2021, 1, 5), rows=4, place="Hương Xuân"):
    roles = ["Tổ trưởng", "Thư ký", "Thành viên", "Thành viên"]
    members = [
        {"name": NAMES[i % 4], "birth_date": datetime.date(1960 + i, 1 + i % 12, 1 + i % 28), "role": roles[i % 4]}
        for i in range(rows)
    ]
    return {
        "superior_body": "UBND PHƯỜNG HƯƠNG XUÂN",
        "issuing_body": "BAN CÔNG TÁC MẶT TRẬN TỔ DÂN PHỐ 5",
        "doc_number": "01/TB-MT",
        "place": place,
        "doc_date": doc_date,
        "group_name": "tổ dân phố 5",
        "term": "2021-2023",
        "meeting_date": datetime.date(2021, 1, 17),
        "signer_title": "TRƯỞNG BAN",
        "signer_name": "Phạm Quốc Hưng",
        "members": members,
    }


def render(**kwargs) -> bytes:
    return render_pdf(template_name=SAMPLE, context=sample_context(**kwargs))


def page_texts(pdf: bytes) -> list[str]:
    return [nfc(page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def top_margin_texts(page) -> list[tuple[float, str]]:
    """(x, text) of the text drawn in the top margin (above 20 mm from the top edge)."""
    found = []
    top = float(page.mediabox.height) - 20 / 25.4 * 72

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > top:
            found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render()


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render(rows=40)


def test_it_is_a_pdf(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")
    assert len(PdfReader(BytesIO(sample_pdf)).pages) == 1


def test_vietnamese_names_survive_extraction(sample_pdf):
    text = page_texts(sample_pdf)[0]
    running = " ".join(text.split())  # justified lines may break anywhere
    for name in NAMES:
        assert nfc(name) in text
    for label in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "THÔNG BÁO", "Số: 01/TB-MT"):
        assert nfc(label) in text
    assert nfc("Về việc tổ chức hội nghị bầu Tổ trưởng tổ dân phố 5, nhiệm kỳ 2021-2023") in text
    assert nfc("(Ký, ghi rõ họ tên)") in text
    assert "17/01/2021" not in text  # the meeting date is written in words
    assert nfc("ngày 17 tháng 01 năm 2021") in running
    assert "01/01/1960" in text  # dmy in the table


def test_pages_are_a4_portrait(long_pdf):
    pages = PdfReader(BytesIO(long_pdf)).pages
    assert len(pages) >= 2
    for page in pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(A4[0], abs=1)
        assert float(box.height) == pytest.approx(A4[1], abs=1)


def _fonts(pdf: bytes) -> list:
    fonts = []
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.append(font.get_object())
    return fonts


def test_only_the_bundled_liberation_serif_is_embedded(sample_pdf):
    fonts = _fonts(sample_pdf)
    base_names = {str(font["/BaseFont"]).lstrip("/").split("+")[-1] for font in fonts}
    assert base_names, "no font in the PDF"
    # No fallback font (DejaVu & co.) was needed for any glyph.
    for name in base_names:
        assert name.replace("-", "").startswith("LiberationSerif"), base_names
    # Regular, bold and italic are all used by the sample.
    assert any("Bold" in name for name in base_names)
    assert any("Italic" in name for name in base_names)
    # The embedded programs really are Liberation Serif 2 (not the 1.x that lacks Vietnamese).
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        program = TTFont(BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        assert program["name"].getDebugName(1) == "Liberation Serif"
        assert program["name"].getDebugName(5).startswith("Version 2.")


@pytest.mark.parametrize("name", ["Regular", "Bold", "Italic", "BoldItalic"])
def test_bundled_fonts_cover_vietnamese(name):
    cmap = TTFont(FONTS_DIR / f"LiberationSerif-{name}.ttf").getBestCmap()
    assert [ch for ch in VIETNAMESE if ord(ch) not in cmap] == []
    assert (FONTS_DIR / "OFL.txt").is_file()


@pytest.mark.parametrize(
    ("doc_date", "expected"),
    [
        (datetime.date(2021, 1, 5), "Hương Xuân, ngày 05 tháng 01 năm 2021"),
        (datetime.date(2020, 12, 21), "Hương Xuân, ngày 21 tháng 12 năm 2020"),
        (None, "Hương Xuân, ngày ... tháng ... năm ..."),
    ],
)
def test_date_line(doc_date, expected):
    assert nfc(expected) in page_texts(render(doc_date=doc_date))[0]


def test_date_line_without_place_or_date():
    assert "......, ngày ... tháng ... năm ..." in page_texts(render(doc_date=None, place=""))[0]


def test_page_numbers_from_page_two_and_header_row_repeats(long_pdf):
    pages = PdfReader(BytesIO(long_pdf)).pages
    texts = page_texts(long_pdf)
    assert len(pages) >= 2
    assert top_margin_texts(pages[0]) == []  # no number on the first page
    # Centred over the text block: left margin 30 mm, right 15 mm.
    centre = (30 + (210 - 30 - 15) / 2) / 25.4 * 72
    for number, page in enumerate(pages[1:], start=2):
        [(x, text)] = top_margin_texts(page)
        assert text == str(number)
        assert x == pytest.approx(centre, abs=15)
        assert nfc("Họ và tên") in texts[number - 1]  # thead repeated
    assert nfc("Phạm Quốc Hưng") in texts[-1]


def test_merge_pdfs(sample_pdf, long_pdf):
    merged = PdfReader(BytesIO(merge_pdfs([sample_pdf, long_pdf])))
    assert len(merged.pages) == 1 + len(PdfReader(BytesIO(long_pdf)).pages)
    assert nfc("Lê Thị Ửng") in nfc(merged.pages[0].extract_text())
    with pytest.raises(ValueError):
        merge_pdfs([])


# ---- filters ----


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2021, 1, 5), "ngày 05 tháng 01 năm 2021"),
        (datetime.date(2021, 1, 10), "ngày 10 tháng 01 năm 2021"),
        (datetime.date(2021, 2, 28), "ngày 28 tháng 02 năm 2021"),
        (datetime.date(2021, 3, 9), "ngày 09 tháng 3 năm 2021"),
        (datetime.date(2020, 12, 21), "ngày 21 tháng 12 năm 2020"),
        (datetime.date(2021, 10, 1), "ngày 01 tháng 10 năm 2021"),
        (datetime.datetime(2021, 1, 5, 23, 30), "ngày 05 tháng 01 năm 2021"),
        ("2021-04-07", "ngày 07 tháng 4 năm 2021"),
        (None, "ngày ... tháng ... năm ..."),
        ("", "ngày ... tháng ... năm ..."),
        ("not a date", "ngày ... tháng ... năm ..."),
    ],
)
def test_vn_long_date(value, expected):
    assert vn_long_date(value) == expected


def test_vn_long_date_with_place():
    assert vn_long_date(datetime.date(2021, 1, 10), "Hương Xuân") == "Hương Xuân, ngày 10 tháng 01 năm 2021"
    assert vn_long_date(None, "") == "......, ngày ... tháng ... năm ..."


def test_dmy():
    assert dmy(datetime.date(2021, 1, 5)) == "05/01/2021"
    assert dmy(datetime.date(1999, 12, 31)) == "31/12/1999"
    assert dmy("1960-03-04") == "04/03/1960"
    assert dmy(None) == ""


# ---- file names and the response ----


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Danh sách cử tri tổ 5.pdf", "danh-sach-cu-tri-to-5.pdf"),
        ("Danh sách cử tri tổ 5", "danh-sach-cu-tri-to-5.pdf"),
        ("Biên bản kiểm phiếu - Đường Đức Ửng.PDF", "bien-ban-kiem-phieu-duong-duc-ung.pdf"),
        (unicodedata.normalize("NFD", "Quyết định công nhận Tổ trưởng.pdf"), "quyet-dinh-cong-nhan-to-truong.pdf"),
        ("../../etc/passwd", "etcpasswd.pdf"),
        ("", "giay-to.pdf"),
    ],
)
def test_ascii_filename(name, expected):
    assert ascii_filename(name) == expected


def test_pdf_response_headers():
    response = pdf_response(b"%PDF-1.7 test", "Danh sách cử tri tổ 5.pdf")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    disposition.encode("ascii")  # the header itself is plain ASCII
    assert disposition.startswith("attachment; ")
    assert 'filename="danh-sach-cu-tri-to-5.pdf"' in disposition
    assert "filename*=UTF-8''" + quote("Danh sách cử tri tổ 5.pdf", safe="") in disposition
    assert response.content == b"%PDF-1.7 test"


# ---- resources are read from disk only ----


def test_fetcher_serves_static_from_disk_and_refuses_the_network():
    fetcher = LocalURLFetcher()
    response = fetcher.fetch("file:///static/vendor/htmx/LICENSE")
    try:
        assert b"BSD" in response.read()
    finally:
        response.close()
    with pytest.raises(ValueError):
        fetcher.fetch("https://cdn.example.invalid/x.css")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///static/no/such/file.css")


def test_fonts_dir_is_inside_the_app():
    assert Path(__file__).resolve().parents[2] / "papers" / "fonts" == FONTS_DIR
