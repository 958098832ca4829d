"""The long tables: search (accents not needed), filter by a column, sort by pressing a header."""

from playwright.sync_api import expect

from residents.models import ResidentialGroup
from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, login


def test_groups_table_searches_filters_and_sorts(desktop, live_server, demo_ward):
    page = desktop
    login(page, live_server, "ubnd", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/residents/groups/")
    assert_accessible(page)
    rows = page.locator("table.group-table tbody tr")
    groups = ResidentialGroup.objects.filter(ward=demo_ward)
    expect(rows).to_have_count(groups.count())
    expect(page.get_by_role("status").filter(has_text="dòng")).to_have_text(
        f"Đang hiện {groups.count()}/{groups.count()} dòng"
    )

    page.get_by_label("Tìm trong bảng").fill("to dan pho 1")  # no accents needed
    visible = rows.filter(visible=True)
    expect(visible).to_have_count(len([g for g in groups if g.name.startswith("Tổ dân phố 1")]))
    page.get_by_label("Tìm trong bảng").fill("")

    cell = groups.filter(party_cell__isnull=False).first().party_cell
    page.get_by_label("Chi bộ", exact=True).select_option(label=cell.name)
    expect(rows.filter(visible=True)).to_have_count(groups.filter(party_cell=cell).count())
    page.get_by_label("Chi bộ", exact=True).select_option(value="")

    header = page.locator("th").filter(has_text="Hộ gia đình")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    counts = [int(t) for t in page.locator("table.group-table tbody tr td:nth-child(3)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and len(counts) == groups.count()
    assert_accessible(page)
